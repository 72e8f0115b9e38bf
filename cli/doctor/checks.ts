import type { Config } from '../../handlers/contract/config/schema.js';
import { ACCOUNT_CHECKS } from './account-checks.js';
import {
  type Check,
  type CheckResult,
  type Context,
  type DoctorClients,
  errorText,
  fail,
} from './check-result.js';
import { DEPLOYMENT_CHECKS } from './deployment-checks.js';
import { operatorSubscriptions } from './operator-check.js';
import { billingMetric } from './placement-check.js';
import { recipientFeedback } from './recipient-check.js';
import { RUNBOOK_CHECKS } from './runbook-checks.js';

export type { CheckResult, DoctorClients } from './check-result.js';

/** The checks, in the order they run: each later one assumes the earlier ones. */
export const CHECKS: readonly Check[] = [
  ...ACCOUNT_CHECKS,
  ...RUNBOOK_CHECKS,
  ...DEPLOYMENT_CHECKS,
  // After "member alarms", whose alarm states it reads.
  billingMetric,
  operatorSubscriptions,
  recipientFeedback,
];

/** Runs every check in order; a check that throws becomes a failure naming the error. */
export async function runChecks(clients: DoctorClients, config: Config): Promise<CheckResult[]> {
  const ctx: Context = {};
  const results: CheckResult[] = [];
  for (const check of CHECKS) {
    try {
      results.push(await check(clients, config, ctx));
    } catch (err) {
      results.push(fail(check.name, errorText(err), 'see the error; run with --verbose'));
    }
  }
  return results;
}
