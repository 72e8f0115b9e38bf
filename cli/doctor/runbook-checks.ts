import { GetAccountSettingsCommand } from '@aws-sdk/client-lambda';
import { GetAccountCommand, paginateListEmailIdentities } from '@aws-sdk/client-sesv2';
import type { Config } from '../../handlers/contract/config/schema.js';
import {
  ALARM_CONCURRENCY,
  GOVERNANCE_CONCURRENCY,
  PUBLISHER_CONCURRENCY,
} from '../../handlers/contract/lambda-limits.js';
import { type Check, errorText, fail, ok, warn } from './check-result.js';
import { fastBurnTrail } from './fast-burn-check.js';
import { cloudTrailTrail } from './trail-check.js';

/**
 * What the stack reserves when `reservedConcurrency` is on: the alarm Lambda (a storm queues), the
 * governance Lambda (one StackSet operation at a time) and the publisher  (the same constants the stack reserves).
 */
export const STACK_RESERVATIONS = {
  alarm: ALARM_CONCURRENCY,
  governance: GOVERNANCE_CONCURRENCY,
  publisher: PUBLISHER_CONCURRENCY,
} as const;
/** Lambda refuses a reservation that leaves fewer unreserved executions than this. */
export const MIN_UNRESERVED = 100;
const QUOTA_FIX =
  "set reservedConcurrency: false in the configuration, or request a higher 'Concurrent executions' quota (Service Quotas, L-B99A9384)";

/** Every address the configuration mails through SES (operators hear through SNS, not SES). */
export function sesRecipients(config: Config): string[] {
  const all = [
    ...config.email.centralRecipients,
    ...config.thresholds.organizationalUnits.flatMap((o) => o.recipients),
    ...config.thresholds.accounts.flatMap((a) => a.recipients),
  ];
  return [...new Set(all.map((a) => a.toLowerCase()))];
}

/** What an operator must set up besides the prerequisites: SES out of the sandbox, a trail, Lambda room. */
export const RUNBOOK_CHECKS: readonly Check[] = [
  async function sesProductionAccess(c, config) {
    const name = 'SES production access';
    let production: boolean;
    try {
      const account = await c.ses.send(new GetAccountCommand({}));
      if (account.SendingEnabled === false)
        return fail(
          name,
          `sending is paused for this account in us-east-1 (enforcement status ${account.EnforcementStatus ?? 'unknown'}): no email goes out`,
          'read the reason under SES console > Account dashboard, fix it, then: aws sesv2 put-account-sending-attributes --sending-enabled --region us-east-1',
        );
      production = account.ProductionAccessEnabled === true;
    } catch (err) {
      return fail(
        name,
        `cannot read the SES account (${errorText(err)})`,
        'allow ses:GetAccount in us-east-1',
      );
    }
    if (production) return ok(name, 'on: SES delivers to any recipient, verified or not');
    const verified = new Set<string>();
    try {
      for await (const page of paginateListEmailIdentities({ client: c.ses }, { PageSize: 1000 }))
        for (const id of page.EmailIdentities ?? [])
          if (id.VerificationStatus === 'SUCCESS' && id.IdentityName)
            verified.add(id.IdentityName.toLowerCase());
    } catch (err) {
      return fail(name, `cannot list SES identities (${errorText(err)})`, 'allow ses:ListEmailIdentities');
    }
    const recipients = sesRecipients(config);
    const unverified = recipients.filter((r) => !verified.has(r) && !verified.has(r.split('@')[1] ?? ''));
    const fix = 'request production access (SES console > Account dashboard > Request production access)';
    if (unverified.length > 0)
      return fail(
        name,
        `the SES sandbox only delivers to verified addresses: ${unverified.length} of ${recipients.length} recipient(s) in the configuration are not verified (${unverified.slice(0, 3).join(', ')}${unverified.length > 3 ? ', …' : ''}), so their emails are refused`,
        fix,
      );
    return warn(
      name,
      `the SES sandbox: every configured recipient is verified, but owners from account tags and billing contacts are not, and at most 200 messages a day go out`,
      fix,
    );
  },

  cloudTrailTrail,

  fastBurnTrail,

  async function lambdaConcurrency(c, config) {
    const name = 'Lambda concurrency';
    let limit: number | undefined;
    let unreserved: number | undefined;
    try {
      const out = await c.lambda.send(new GetAccountSettingsCommand({}));
      limit = out.AccountLimit?.ConcurrentExecutions;
      unreserved = out.AccountLimit?.UnreservedConcurrentExecutions;
    } catch (err) {
      return fail(
        name,
        `cannot read Lambda's account settings (${errorText(err)})`,
        'allow lambda:GetAccountSettings',
      );
    }
    if (limit === undefined || unreserved === undefined)
      return fail(
        name,
        'Lambda did not say the account’s concurrency quota',
        'run doctor again; then ask AWS Support',
      );
    const reserved = Object.values(STACK_RESERVATIONS).reduce((a, b) => a + b, 0);
    const parts = Object.entries(STACK_RESERVATIONS)
      .map(([fn, n]) => `${fn} ${n}`)
      .join(', ');
    if (!config.reservedConcurrency)
      return ok(
        name,
        `reservedConcurrency: false, nothing reserved (quota ${limit}, ${unreserved} unreserved); note: a storm of alarms is not held to ${ALARM_CONCURRENCY} at once`,
      );
    // A deployed stack's own reservation already counts as reserved here: counted twice, on purpose
    // (the check stays one read and never passes a quota the first deploy would be refused on).
    if (unreserved - reserved < MIN_UNRESERVED)
      return fail(
        name,
        `the stack reserves ${reserved} (${parts}) but only ${unreserved} of ${limit} executions are unreserved; Lambda keeps ${MIN_UNRESERVED} unreserved, so the deploy would fail`,
        QUOTA_FIX,
      );
    return ok(
      name,
      `quota ${limit}, ${unreserved} unreserved: room for the stack's ${reserved} reserved (${parts}) and the ${MIN_UNRESERVED} Lambda keeps unreserved`,
    );
  },
];
