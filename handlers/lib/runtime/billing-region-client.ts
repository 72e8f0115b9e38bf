import { BILLING_REGION } from '../../contract/billing.js';
import { clientTimeouts } from './runtime.js';

/**
 * An SDK client's settings in the billing Region (us-east-1): `maxAttempts` tries, a 1 s
 * connection timeout and a `requestTimeout` ms request timeout.
 */
export function billingRegionClient(maxAttempts: number, requestTimeout: number) {
  return { region: BILLING_REGION, maxAttempts, ...clientTimeouts(1_000, requestTimeout) };
}
