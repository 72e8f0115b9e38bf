import type { Config } from '../../contract/config/schema.js';
import type { Ladder } from '../../contract/ladder.js';
import { type PayerAlarmSpec, payerAlarmSpecs } from '../../contract/payer-alarms.js';

/** One payer alarm that differs from what it should be. */
export interface PayerAlarmChange {
  readonly accountId: string;
  /** The rung the alarm stands for. */
  readonly rung: string;
  /** The alarm's threshold now (0: no alarm). */
  readonly deployed: number;
  /** What it should be (0: no alarm). */
  readonly desired: number;
  readonly reason: string;
}

/** What the payer alarms need: alarms to put, names to delete, and each change in words. */
export interface PayerPlan {
  readonly changes: PayerAlarmChange[];
  readonly puts: PayerAlarmSpec[];
  readonly removes: string[];
  /** Accounts on payer alarms (whose alarms are as desired or planned to be). */
  readonly accounts: string[];
  /** The payer alarms as the plan read them: what a sync compares with, without reading them again. */
  readonly existing: ReadonlyMap<string, PayerAlarmSpec>;
}

/**
 * The payer alarms against the accounts' desired thresholds. Which accounts are on payer alarms:
 * every covered account with `alarms.placement: payer`; none with `member`; with `auto`, those the
 * governance sweep put there (they hold a payer alarm). Alarms of accounts that are not (left the
 * organisation, lost their stack instance, or went back to member alarms) are deleted.
 */
export function planPayerAlarms(
  config: Pick<Config, 'alarms' | 'alarmNamePrefix'>,
  desired: ReadonlyMap<string, Ladder>,
  existing: ReadonlyMap<string, PayerAlarmSpec>,
): PayerPlan {
  const withAlarms = new Set([...existing.values()].map((a) => a.accountId));
  const placement = config.alarms.placement;
  const accounts = [...desired.keys()].filter((id) =>
    placement === 'payer' ? true : placement === 'auto' ? withAlarms.has(id) : false,
  );
  const changes: PayerAlarmChange[] = [];
  const puts: PayerAlarmSpec[] = [];
  const wanted = new Set<string>();
  const onPayer = new Set(accounts);
  for (const [accountId, thresholds] of desired) {
    if (!onPayer.has(accountId)) continue;
    for (const spec of payerAlarmSpecs(config.alarmNamePrefix, accountId, thresholds)) {
      wanted.add(spec.name);
      const now = existing.get(spec.name);
      if (now?.threshold === spec.threshold) continue;
      puts.push(spec);
      changes.push({
        accountId,
        rung: spec.rung,
        deployed: now?.threshold ?? 0,
        desired: spec.threshold,
        reason: now ? 'payer alarm threshold differs' : 'payer alarm missing',
      });
    }
  }
  const removes: string[] = [];
  for (const alarm of existing.values()) {
    if (wanted.has(alarm.name)) continue;
    removes.push(alarm.name);
    changes.push({
      accountId: alarm.accountId,
      rung: alarm.rung,
      deployed: alarm.threshold,
      desired: 0,
      reason: !desired.has(alarm.accountId)
        ? 'payer alarm of an account without a stack instance (left or moved out)'
        : accounts.includes(alarm.accountId)
          ? 'rung no longer in the ladder'
          : `alarms.placement is ${placement}: payer alarm no longer wanted`,
    });
  }
  return { changes, puts, removes, accounts, existing };
}
