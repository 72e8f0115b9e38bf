import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { Config } from '../../contract/config/schema.js';
import { defaultLadder } from '../../contract/config/thresholds.js';
import { type Ladder, sameLadder } from '../../contract/ladder.js';
import { findOuPath } from '../org/account-ou.js';
import { readAccountTags } from '../org/account-tags.js';
import { toError } from '../result.js';
import { applyUpdates } from './apply-thresholds.js';

/** Organizations' answers for an account it does not have. */
const UNKNOWN_ACCOUNT = new Set([
  'AccountNotFoundException',
  'ChildNotFoundException',
  'TargetNotFoundException',
]);

import { readDefaults, readInstance, type StackSetRef } from './deployed-thresholds.js';
import { desiredThresholds } from './desired-thresholds.js';
import type { AccountToCheck } from './governance-event.js';
import type { OrgFacts } from './org-copy-record.js';

/** What checking one account ended in. */
export type AccountThresholdsOutcome =
  | {
      /** `pending`: the update was submitted and its operation had not finished when the Lambda looked. */
      readonly status: 'applied' | 'unchanged' | 'pending';
      readonly accountId: string;
      readonly thresholds: Ladder;
      readonly deployed: Ladder;
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
  options: {
    waitBudgetMs?: number;
    /** Told what Organizations said about the account (its OU and tags), for the organisation copy. */
    observe?: (facts: OrgFacts) => void;
  } = {},
): Promise<AccountThresholdsOutcome> {
  const { orgs, ref, config } = deps;
  const { accountId } = account;
  if (accountId === config.organization.managementAccountId)
    return {
      status: 'skipped',
      accountId,
      reason: 'the management account has no stack instance (the billing stack alarms it)',
    };
  let ou: { ouId?: string; path: string[] };
  let tags: Record<string, string>;
  let defaults: Ladder;
  try {
    [ou, tags, defaults] = await Promise.all([
      findOuPath(orgs, accountId, config),
      readAccountTags(orgs, accountId),
      readDefaults(ref, defaultLadder(config)),
    ]);
  } catch (err) {
    // Organizations does not know the account (closed, left, or never a member): nothing to apply,
    // and retrying will not change that.
    if (UNKNOWN_ACCOUNT.has(toError(err).name))
      return {
        status: 'skipped',
        accountId,
        reason: `Organizations does not know ${accountId} (${toError(err).name})`,
      };
    throw err;
  }
  const { ouId } = ou;
  options.observe?.({ accountId, ...(ouId ? { ouId } : {}), ouPath: ou.path, tags });
  const instance = await readInstance(ref, accountId, defaults);
  if (!instance)
    return {
      status: 'skipped',
      accountId,
      reason:
        'no stack instance yet: StackSets deploys one when the account is in a target OU, and its creation brings the account back here',
    };
  const desired = desiredThresholds(config, accountId, ouId, tags);
  const thresholds = desired.ladder;
  if (sameLadder(instance.thresholds, thresholds))
    return { status: 'unchanged', accountId, thresholds, deployed: instance.thresholds };
  // A moved account is updated through the OU it moved to: its instance may still name the old one.
  const [outcome] = await applyUpdates(
    ref,
    [{ accountId, ouId: account.destinationOu ?? instance.ouId, desired: thresholds }],
    { wait: true, waitBudgetMs: options.waitBudgetMs ?? 20_000, pollMs: 2_000, busyRetries: 10 },
  );
  if (outcome?.status === 'FAILED') throw new Error(`cannot update ${accountId}: ${outcome.reason}`);
  return {
    status: outcome?.status === 'SUCCEEDED' ? 'applied' : 'pending',
    accountId,
    thresholds,
    deployed: instance.thresholds,
    ...(outcome?.operationId ? { operationId: outcome.operationId } : {}),
  };
}
