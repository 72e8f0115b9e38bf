import { paginateListStackInstances } from '@aws-sdk/client-cloudformation';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { BILLING_REGION } from '../../contract/billing.js';
import type { Config } from '../../contract/config/schema.js';
import { defaultLadder } from '../../contract/config/thresholds.js';
import { type PayerAlarmSpec, payerAlarmSpecs } from '../../contract/payer-alarms.js';
import type { AlarmStateLedger } from '../state/alarm-states.js';
import type { PlacementLedger, PlacementRecord } from '../state/placements.js';
import { decidePlacement } from './decide-placement.js';
import { readDefaults, readInstance, type StackSetRef } from './deployed-thresholds.js';
import { readPayerAlarms, syncPayerAlarms } from './payer-alarms.js';

/** What the scheduled sweep needs. */
export interface SweepDeps {
  readonly ref: StackSetRef;
  readonly cw: CloudWatchClient;
  readonly config: Config;
  readonly placements: Pick<PlacementLedger, 'all' | 'putMany'>;
  readonly states: Pick<AlarmStateLedger, 'all'>;
  readonly now: () => Date;
  /** Stop starting CloudWatch writes and instance reads after this moment (epoch ms). */
  readonly until: number;
}

/** What a sweep did, as the governance Lambda answers it. */
export interface SweepOutcome {
  readonly status: 'applied' | 'unchanged';
  readonly placements: { readonly member: number; readonly payer: number };
  /** Accounts put on payer alarms by this sweep. */
  readonly toPayer: string[];
  /** Accounts back on member alarms (their payer alarms deleted). */
  readonly toMember: string[];
  readonly payerAlarms: { created: number; updated: number; deleted: number; left: number };
}

/**
 * The scheduled governance run: decides each covered account's placement (DESIGN.md, "Where
 * alarms live"), keeps it with its reason for the report and `doctor`, creates the payer alarms of
 * accounts that have none yet (their thresholds from the stack instance, which `thresholds apply`
 * and the governance Lambda keep as desired) and deletes those of accounts that left or went back
 * to member alarms. CloudWatch writes are paced under their quota and stop at `until`; whatever is
 * left waits for the next run.
 */
export async function sweepPlacements(deps: SweepDeps): Promise<SweepOutcome> {
  const { ref, config } = deps;
  const now = deps.now();
  const covered: string[] = [];
  for await (const page of paginateListStackInstances(
    { client: ref.cfn },
    { StackSetName: ref.stackSetName, StackInstanceRegion: BILLING_REGION, CallAs: ref.callAs },
  )) {
    for (const s of page.Summaries ?? []) if (s.Account) covered.push(s.Account);
  }
  const [records, states, existing] = await Promise.all([
    deps.placements.all(),
    deps.states.all(),
    readPayerAlarms(deps.cw, config.alarmNamePrefix),
  ]);
  const recorded = new Map(records.map((r) => [r.accountId, r]));
  const payerAccounts: string[] = [];
  const toPayer: string[] = [];
  const toMember: string[] = [];
  const decided: PlacementRecord[] = [];
  for (const accountId of covered) {
    const before = recorded.get(accountId);
    const firstSeen = before ? new Date(before.firstSeen) : now;
    const decision = decidePlacement(config, accountId, firstSeen, states, now);
    if (decision.placement === 'payer') payerAccounts.push(accountId);
    if (decision.placement === 'payer' && before?.placement !== 'payer') toPayer.push(accountId);
    if (decision.placement === 'member' && before?.placement === 'payer') toMember.push(accountId);
    if (!before || before.placement !== decision.placement || before.reason !== decision.reason)
      decided.push({
        accountId,
        placement: decision.placement,
        reason: decision.reason,
        firstSeen: firstSeen.toISOString(),
        decidedAt: now.toISOString(),
      });
  }
  await deps.placements.putMany(decided);
  const withAlarms = new Set([...existing.values()].map((a) => a.accountId));
  const desired: PayerAlarmSpec[] = [...existing.values()].filter((a) => payerAccounts.includes(a.accountId));
  const defaults = await readDefaults(ref, defaultLadder(config));
  for (const accountId of payerAccounts) {
    if (withAlarms.has(accountId)) continue;
    if (Date.now() > deps.until) break;
    const instance = await readInstance(ref, accountId, defaults);
    if (instance) desired.push(...payerAlarmSpecs(config.alarmNamePrefix, accountId, instance.thresholds));
  }
  const payer = new Set(payerAccounts);
  const removes = [...existing.values()].filter((a) => !payer.has(a.accountId)).map((a) => a.name);
  const sync = await syncPayerAlarms(deps.cw, desired, existing, removes, { until: deps.until });
  const changed =
    sync.created.length + sync.updated.length + sync.deleted.length + toPayer.length + toMember.length;
  return {
    status: changed > 0 ? 'applied' : 'unchanged',
    placements: { member: covered.length - payerAccounts.length, payer: payerAccounts.length },
    toPayer,
    toMember,
    payerAlarms: {
      created: sync.created.length,
      updated: sync.updated.length,
      deleted: sync.deleted.length,
      left: sync.left,
    },
  };
}
