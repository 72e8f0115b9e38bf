import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { type OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import type { Config } from '../../contract/config/schema.js';
import { defaultLadder } from '../../contract/config/thresholds.js';
import { alarmedRungs, type Ladder, sameLadder } from '../../contract/ladder.js';
import { bounded } from '../bounded.js';
import { findOuPath } from '../org/account-ou.js';
import { readAccountTags } from '../org/account-tags.js';
import type { IgnoredTag, OrgCopy } from '../state/org-copy.js';
import { type DeployedInstance, readDeployedThresholds, type StackSetRef } from './deployed-thresholds.js';
import { type DesiredThresholds, desiredThresholds } from './desired-thresholds.js';
import type { OrgFacts } from './org-copy-record.js';
import { readPayerAlarms } from './payer-alarms.js';
import { type PayerPlan, planPayerAlarms } from './payer-plan.js';

/** One rung of one account whose deployed threshold differs from the desired one. */
export interface ThresholdChange {
  readonly accountId: string;
  readonly accountName: string;
  readonly ouId: string | undefined;
  /** The rung's name: `warning`, `critical`, `120%`, `1500`. */
  readonly rung: string;
  /** Its threshold now (0: no such rung). */
  readonly deployed: number;
  /** What it should be (0: the rung goes). */
  readonly desired: number;
  /** Why they differ, in words (e.g. "auto-enrolled with defaults"). */
  readonly reason: string;
  /** `payer`: the change is to the account's payer alarm, not its stack instance. */
  readonly placement?: 'payer';
}

/** An account whose instance needs new thresholds: its whole ladder as it should be. */
export interface AccountUpdate {
  readonly accountId: string;
  readonly ouId: string | undefined;
  readonly desired: Ladder;
}

/** What `thresholds plan` found. */
export interface ThresholdPlan {
  readonly changes: ThresholdChange[];
  readonly updates: AccountUpdate[];
  /** Instances whose thresholds are as desired. */
  readonly unchanged: number;
  /** Tags that were ignored, per account, one line each. */
  readonly warnings: string[];
  /** The same tags: account, tag, value and why. */
  readonly ignoredTags: (IgnoredTag & { readonly accountId: string })[];
  /** What the plan read of each account with an instance (name, OU, tags): the organisation copy. */
  readonly facts: OrgFacts[];
  readonly stackSetDefaults: Ladder;
  /** The payer alarms' changes (empty without a CloudWatch client). */
  readonly payer: PayerPlan;
}

/** Why an instance's thresholds differ from the desired ones. */
export function reasonFor(
  instance: DeployedInstance,
  desired: DesiredThresholds,
  config: Config,
  defaults: Ladder,
): string {
  switch (desired.source) {
    case 'tag':
      return "set by the account's billing-alarms tags";
    case 'account':
      return instance.overridden ? 'account override changed' : 'account override not applied yet';
    case 'organizationalUnit':
      return instance.overridden
        ? 'OU override changed'
        : 'auto-enrolled with defaults (joined the OU after its override was applied)';
    default: {
      if (instance.overridden) return 'override no longer in the configuration';
      return !sameLadder(defaults, defaultLadder(config))
        ? "configuration default changed (cdk deploy also updates the StackSet's defaults)"
        : 'differs from the default';
    }
  }
}

/**
 * The accounts' names: from the organisation copy when it names every one of them (one
 * BatchGetItem per 100 accounts, where ListAccounts pages 20 at a time: 1,000 calls at 20,000
 * accounts, on every poll of the reconciler), else every page of ListAccounts as before.
 */
async function accountNames(
  orgs: OrganizationsClient,
  accountIds: readonly string[],
  copy?: Pick<OrgCopy, 'getMany'>,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const copies =
    copy && accountIds.length > 0 ? await copy.getMany(accountIds).catch(() => undefined) : undefined;
  if (copies) {
    for (const [id, record] of copies) if (record.name) names.set(id, record.name);
    if (accountIds.every((id) => names.has(id))) return names;
    names.clear();
  }
  for await (const page of paginateListAccounts({ client: orgs }, {})) {
    for (const a of page.Accounts ?? []) if (a.Id) names.set(a.Id, a.Name ?? a.Id);
  }
  return names;
}

/** Parallel tag reads (Organizations allows a few requests per second; the SDK retries throttling). */
const PARALLEL_TAG_READS = 4;

/**
 * Desired thresholds per account from the configuration and the account's tags against the
 * deployed ones (the StackSet's defaults and each instance's overrides). Accounts without an
 * instance are coverage's business, not the plan's; the management account has no instance.
 */
export async function planThresholds(
  orgs: OrganizationsClient,
  ref: StackSetRef,
  config: Config,
  cw?: CloudWatchClient,
  /** The organisation copy: the accounts' names from it when it names every instance's account. */
  copy?: Pick<OrgCopy, 'getMany'>,
): Promise<ThresholdPlan> {
  const deployed = await readDeployedThresholds(ref, defaultLadder(config));
  const names = await accountNames(
    orgs,
    deployed.instances.map((i) => i.accountId),
    copy,
  );
  const tags = new Map<string, Record<string, string>>();
  // An OU override that is not a target OU names an OU nested below one: an account's instance
  // names only the target OU, so its deepest configured OU is found by walking up (ListParents).
  const targets = new Set(config.organization.targetOrganizationalUnitIds);
  const nested = config.thresholds.organizationalUnits.some((o) => !targets.has(o.id));
  const policyOu = new Map<string, { ouId?: string; path: string[] }>();
  const place = bounded(PARALLEL_TAG_READS);
  await Promise.all(
    deployed.instances.map((instance) =>
      place(async () => {
        const id = instance.accountId;
        tags.set(id, await readAccountTags(orgs, id));
        const walked = nested ? await findOuPath(orgs, id, config) : undefined;
        const ouId = walked?.ouId ?? instance.ouId;
        policyOu.set(id, {
          ...(ouId ? { ouId } : {}),
          path: walked?.path.length ? walked.path : instance.ouId ? [instance.ouId] : [],
        });
      }),
    ),
  );

  const changes: ThresholdChange[] = [];
  const updates: AccountUpdate[] = [];
  const warnings: string[] = [];
  const ignoredTags: ThresholdPlan['ignoredTags'] = [];
  const facts: OrgFacts[] = [];
  let unchanged = 0;
  const desiredByAccount = new Map<string, Ladder>();
  for (const instance of deployed.instances) {
    const ou = policyOu.get(instance.accountId);
    const name = names.get(instance.accountId);
    facts.push({
      accountId: instance.accountId,
      ...(name ? { name } : {}),
      ...(ou?.ouId ? { ouId: ou.ouId } : {}),
      ouPath: ou?.path ?? [],
      tags: tags.get(instance.accountId) ?? {},
    });
    const desired = desiredThresholds(config, instance.accountId, ou?.ouId, tags.get(instance.accountId));
    for (const problem of desired.tagProblems) warnings.push(`${instance.accountId}: ${problem}`);
    for (const ignored of desired.ignoredTags)
      ignoredTags.push({ accountId: instance.accountId, ...ignored });
    desiredByAccount.set(instance.accountId, desired.ladder);
    if (sameLadder(instance.thresholds, desired.ladder)) {
      unchanged++;
      continue;
    }
    const reason = reasonFor(instance, desired, config, deployed.defaults);
    for (const change of rungChanges(instance.thresholds, desired.ladder)) {
      changes.push({
        accountId: instance.accountId,
        accountName: names.get(instance.accountId) ?? instance.accountId,
        ouId: instance.ouId,
        ...change,
        reason: change.reason ?? reason,
      });
    }
    updates.push({ accountId: instance.accountId, ouId: instance.ouId, desired: desired.ladder });
  }
  // Payer alarms are read whatever the placement: with `member`, any left over are deleted.
  const payer = cw
    ? planPayerAlarms(config, desiredByAccount, await readPayerAlarms(cw, config.alarmNamePrefix))
    : { changes: [], puts: [], removes: [], accounts: [], existing: new Map() };
  for (const c of payer.changes)
    changes.push({
      ...c,
      accountName: names.get(c.accountId) ?? c.accountId,
      ouId: deployed.instances.find((i) => i.accountId === c.accountId)?.ouId,
      placement: 'payer',
    });
  return {
    changes,
    updates,
    unchanged,
    warnings,
    ignoredTags,
    facts,
    stackSetDefaults: deployed.defaults,
    payer,
  };
}

/**
 * The rungs whose thresholds differ between two ladders, by name (a rung only one of them has is 0
 * in the other). Ladders that differ only in which slot holds a rung name each moved rung.
 */
export function rungChanges(
  deployed: Ladder,
  desired: Ladder,
): { rung: string; deployed: number; desired: number; reason?: string }[] {
  // The daily-rate alarm is named `daily` here, like a rung.
  const before = new Map(alarmedRungs(deployed).map((r) => [r.name, r.threshold]));
  const after = new Map(alarmedRungs(desired).map((r) => [r.name, r.threshold]));
  const names = [...new Set([...after.keys(), ...before.keys()])];
  const changed = names
    .filter((n) => (before.get(n) ?? 0) !== (after.get(n) ?? 0))
    .map((rung) => ({ rung, deployed: before.get(rung) ?? 0, desired: after.get(rung) ?? 0 }));
  if (changed.length > 0 || sameLadder(deployed, desired)) return changed;
  return alarmedRungs(desired).map((r) => ({
    rung: r.name,
    deployed: before.get(r.name) ?? 0,
    desired: r.threshold,
    reason: 'rung moves to another slot of the member template',
  }));
}
