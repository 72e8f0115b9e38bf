import type { AlarmStateRecord } from '../state/alarm-states.js';

/** How long an alarm may sit in INSUFFICIENT_DATA before the report names it (a dimension-set mismatch, typically). */
export const STUCK_AFTER_MS = 24 * 3_600_000;

/** Member alarms that are not doing their job, from their last forwarded states. */
export interface AlarmHealth {
  /** Alarms in INSUFFICIENT_DATA for over a day: the metric they watch does not exist. */
  readonly stuck: { readonly id: string; readonly rung: string; readonly since: string }[];
  /** Covered accounts that never forwarded a state change: the forwarding rule or role is broken. */
  readonly silent: string[];
  /** How many alarm states are kept: none means the ledger has nothing to say yet. */
  readonly recorded: number;
}

/**
 * Which alarms are stuck without data and which covered accounts were never heard from. A new
 * alarm reports INSUFFICIENT_DATA → OK once CloudWatch has evaluated it, so every working member
 * account is heard from within hours of its stack instance; "never heard from" is only said once
 * the ledger holds any state at all (before the first ever change there is nothing to compare).
 */
export function alarmHealth(
  states: readonly AlarmStateRecord[],
  covered: readonly string[],
  now: Date,
): AlarmHealth {
  const heard = new Set(states.map((s) => s.accountId));
  return {
    stuck: states
      .filter(
        (s) => s.state === 'INSUFFICIENT_DATA' && now.getTime() - Date.parse(s.changedAt) > STUCK_AFTER_MS,
      )
      .map((s) => ({ id: s.accountId, rung: s.rung, since: s.changedAt })),
    silent: states.length === 0 ? [] : covered.filter((id) => !heard.has(id)).sort(),
    recorded: states.length,
  };
}
