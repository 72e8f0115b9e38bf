import { AccountClient, GetAlternateContactCommand } from '@aws-sdk/client-account';
import { BILLING_REGION } from '../../contract/billing.js';
import { toError } from '../result.js';
import { clientTimeouts } from '../runtime/runtime.js';

/** Reads an account's BILLING alternate contact (undefined when it has none). */
export type BillingContactReader = (accountId: string, signal?: AbortSignal) => Promise<string | undefined>;

/**
 * A reader of BILLING alternate contacts through the Account API (trusted access for AWS Account
 * Management must be on). Created only when `email.billingAlternateContact` is on; the alarm Lambda
 * loads it with its deferred module (`alarm/deferred.ts`), so the client stays out of its init.
 */
export function billingContactReader(managementAccountId: string): BillingContactReader {
  const client = new AccountClient({
    region: BILLING_REGION,
    maxAttempts: 2,
    ...clientTimeouts(1_000, 2_000),
  });
  return async (accountId, signal) => {
    try {
      const out = await client.send(
        new GetAlternateContactCommand({
          AlternateContactType: 'BILLING',
          // The management account asks about itself without an account id.
          ...(accountId === managementAccountId ? {} : { AccountId: accountId }),
        }),
        signal ? { abortSignal: signal } : {},
      );
      return out.AlternateContact?.EmailAddress;
    } catch (err) {
      if (toError(err).name === 'ResourceNotFoundException') return undefined;
      throw err;
    }
  };
}
