import type { AlertChange, AlertLifecycle } from '../state/alert-lifecycle.js';
import { type AlertRecord, effectiveState, quietAt } from '../state/alert-rules.js';

/** Who the forwarder names as the author of the changes it makes by itself. */
export const FORWARDER_ACTOR = 'billing-alarms';

/** What an answered alert makes of a crossing of its rung. */
export type AlertVerdict =
  | {
      readonly suppress: false;
      /** The snooze or plan expired while still over: this crossing re-opened it and mails once. */
      readonly reopened?: AlertChange;
    }
  | { readonly suppress: true; readonly reason: string };

/**
 * A crossing (ALARM) against its rung's alert: a snoozed or planned rung stays quiet until its
 * `until` (suppressed, naming who and until when); an acknowledged one stays quiet for the rest of
 * the episode (a higher rung is another alert and mails); an expired snooze or plan re-opens, and
 * the crossing that re-opened it mails once.
 */
export async function alertVerdict(
  alerts: AlertLifecycle,
  accountId: string,
  rung: string,
  now: Date,
  signal?: AbortSignal,
): Promise<AlertVerdict> {
  const record = await alerts.get(accountId, rung, signal);
  const state = effectiveState(record, now);
  if (!record || state === undefined || state === 'resolved') return { suppress: false };
  if (state === 'snoozed' || state === 'planned') {
    // Kept on the alert for the next report to count and name.
    await alerts.hold(accountId, rung, 'ALARM', now, signal);
    return { suppress: true, reason: quietReason(record) };
  }
  if (state === 'acknowledged')
    return {
      suppress: true,
      reason: `acknowledged by ${record.by} at ${record.at}${record.note ? ` (${record.note})` : ''}; rung ${rung} mails again once resolved, a higher rung mails`,
    };
  if (record.state === 'snoozed' || record.state === 'planned') {
    const until = record.until;
    const reopened = await alerts.change(
      accountId,
      rung,
      (current) =>
        current && (current.state === 'snoozed' || current.state === 'planned') && current.until === until
          ? { state: 'open', at: now.toISOString(), by: FORWARDER_ACTOR, cause: 'expired' }
          : undefined,
      now,
      signal,
    );
    return reopened ? { suppress: false, reopened } : { suppress: false };
  }
  return { suppress: false };
}

/** A snooze's or plan's reason, as a suppressed answer names it. */
function quietReason(record: AlertRecord): string {
  const what = record.state === 'planned' ? 'planned' : 'snoozed';
  return `${what} by ${record.by} until ${record.until}${record.note ? ` (${record.note})` : ''}; rung ${record.rung} of account ${record.accountId} sends no email or chat until then`;
}

/**
 * Opens the rung's alert for a crossing that is mailed (a first crossing, or one after the alert was
 * resolved or the month turned); an alert already open keeps its history as it is.
 */
export async function openAlert(
  alerts: AlertLifecycle,
  accountId: string,
  rung: string,
  now: Date,
  signal?: AbortSignal,
): Promise<AlertChange[]> {
  const changes: AlertChange[] = [];
  const stale = await alerts.change(
    accountId,
    rung,
    (current) =>
      current && current.state !== 'resolved' && effectiveState(current, now) === 'resolved'
        ? { state: 'resolved', at: now.toISOString(), by: FORWARDER_ACTOR, cause: 'month-reset' }
        : undefined,
    now,
    signal,
  );
  if (stale) changes.push(stale);
  const opened = await alerts.change(
    accountId,
    rung,
    (current) =>
      !current || current.state === 'resolved'
        ? { state: 'open', at: now.toISOString(), by: FORWARDER_ACTOR, cause: 'crossing' }
        : undefined,
    now,
    signal,
  );
  if (opened) changes.push(opened);
  return changes;
}

/**
 * Resolves the rung's open or acknowledged alert on an OK transition (the month-start reset is one).
 * A snooze or plan holds until its end: flapping under a planned load test stays quiet, and the OK
 * is kept on the alert as held for the report.
 */
export async function resolveOnOk(
  alerts: AlertLifecycle,
  accountId: string,
  rung: string,
  now: Date,
  signal?: AbortSignal,
): Promise<AlertChange | undefined> {
  let quiet = false;
  const change = await alerts.change(
    accountId,
    rung,
    (current) => {
      quiet = quietAt(current, now) !== undefined;
      if (!current) return undefined;
      const state = effectiveState(current, now);
      const episode = current.state === 'open' || current.state === 'acknowledged';
      const expired = (current.state === 'snoozed' || current.state === 'planned') && state === 'open';
      if (!episode && !expired) return undefined;
      const cause = state === 'resolved' ? 'month-reset' : 'ok';
      return { state: 'resolved', at: now.toISOString(), by: 'cloudwatch', cause };
    },
    now,
    signal,
  );
  if (!change && quiet) await alerts.hold(accountId, rung, 'OK', now, signal);
  return change;
}
