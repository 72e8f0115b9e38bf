import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { Config } from '../../contract/config/schema.js';
import { TIERS } from '../../contract/member-template.js';
import { findConfiguredOu } from '../org/account-ou.js';
import { readAccountTags } from './account-tags.js';
import { applyUpdates } from './apply-thresholds.js';
import { readDefaults, readInstance, type StackSetRef, type ThresholdPair } from './deployed-thresholds.js';
import { desiredThresholds } from './desired-thresholds.js';
import type { AccountToCheck } from './governance-event.js';

/** What checking one account ended in. */
export type AccountThresholdsOutcome =
  | {
      readonly status: 'applied' | 'unchanged';
      readonly accountId: string;
      readonly thresholds: ThresholdPair;
      readonly deployed: ThresholdPair;
      readonly operationId?: string;
    }
  | { readonly status: 'skipped'; readonly accountId: string; readonly reason: string };

/**
 * Gives one account its desired thresholds, with the same code as `thresholds apply`: its
 * configured OU (walking up from the account, so a move is seen), its tags, its stack instance;
 * unchanged when they already match, else one UpdateStackInstances (not waited for: the operation
 * runs on after the Lambda). Idempotent: a repeated event finds the thresholds set.
 */
export async function applyAccountThresholds(
  deps: { orgs: OrganizationsClient; ref: StackSetRef; config: Config },
  account: AccountToCheck,
): Promise<AccountThresholdsOutcome> {
  const { orgs, ref, config } = deps;
  const { accountId } = account;
  if (accountId === config.organization.managementAccountId)
    return {
      status: 'skipped',
      accountId,
      reason: 'the management account has no stack instance (the billing stack alarms it)',
    };
  const [ouId, tags, defaults] = await Promise.all([
    findConfiguredOu(orgs, accountId, config),
    readAccountTags(orgs, accountId),
    readDefaults(ref, config.thresholds.default),
  ]);
  const instance = await readInstance(ref, accountId, defaults);
  if (!instance)
    return {
      status: 'skipped',
      accountId,
      reason:
        'no stack instance yet: StackSets deploys one when the account is in a target OU, and its creation brings the account back here',
    };
  const desired = desiredThresholds(config, accountId, ouId, tags);
  const thresholds = { warning: desired.warning, critical: desired.critical };
  if (TIERS.every((t) => instance.thresholds[t] === desired[t]))
    return { status: 'unchanged', accountId, thresholds, deployed: instance.thresholds };
  const [outcome] = await applyUpdates(
    ref,
    [{ accountId, ouId: instance.ouId ?? account.destinationOu, desired: thresholds }],
    { wait: false, pollMs: 2_000, busyRetries: 10 },
  );
  if (outcome?.status === 'FAILED') throw new Error(`cannot update ${accountId}: ${outcome.reason}`);
  return {
    status: 'applied',
    accountId,
    thresholds,
    deployed: instance.thresholds,
    ...(outcome?.operationId ? { operationId: outcome.operationId } : {}),
  };
}
