import {
  ACTOR_MAX,
  type AlertAction,
  type AlertState,
  NOTE_MAX,
  STATE_OF_ACTION,
} from '../../contract/alert-lifecycle.js';

/** One change of an alert, as its append-only history keeps it. */
export interface AlertHistoryEntry {
  readonly state: AlertState;
  /** When (ISO). */
  readonly at: string;
  /** Who: an operator's name or address as they gave it, `cloudwatch` for an alarm's own transition. */
  readonly by: string;
  /** Until when a snooze or plan holds (ISO). */
  readonly until?: string;
  readonly note?: string;
  /** Why the forwarder changed it by itself: `crossing`, `ok`, `month-reset`, `expired`. */
  readonly cause?: string;
}

/** A transition of the rung's alarm that a snooze or plan kept quiet (counted and named in the report). */
export interface HeldTransition {
  /** The alarm's new state: `ALARM` (a crossing not mailed) or `OK`. */
  readonly alarm: 'ALARM' | 'OK';
  /** When the forwarder held it (ISO). */
  readonly at: string;
  /** What held it. */
  readonly under: 'snoozed' | 'planned';
}

/** An account's rung alert as kept in the state table. */
export interface AlertRecord {
  readonly accountId: string;
  readonly rung: string;
  readonly state: AlertState;
  /** Who made the last change. */
  readonly by: string;
  /** When the last change was made (ISO). */
  readonly at: string;
  readonly until?: string;
  readonly note?: string;
  /** When the alert was last opened by a crossing (ISO). */
  readonly openedAt?: string;
  /** Bumped by every change: the condition of the next write. */
  readonly version: number;
  readonly history: readonly AlertHistoryEntry[];
  /** Transitions held while snoozed or planned, oldest first (the newest kept). @default - none */
  readonly held?: readonly HeldTransition[];
}

/** What an operator asks for. */
export interface AlertRequest {
  readonly action: AlertAction;
  readonly by: string;
  /** For snooze and plan: until when. */
  readonly until?: Date;
  readonly note?: string;
}

/** A request refused before anything is written, naming the field at fault. */
export class AlertRequestError extends Error {
  override readonly name = 'AlertRequestError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const DAY_MS = 86_400_000;

/** The month (UTC, `YYYY-MM`) of an ISO time. */
function monthOf(iso: string): string {
  return iso.slice(0, 7);
}

/**
 * The state that holds at `now`: an open or acknowledged alert from an earlier month reads as
 * resolved (the billing metric starts the month at zero), a snooze or plan whose `until` passed
 * reads as open again (admission re-opens it on the next crossing).
 */
export function effectiveState(record: AlertRecord | undefined, now: Date): AlertState | undefined {
  if (!record) return undefined;
  if (
    (record.state === 'open' || record.state === 'acknowledged') &&
    monthOf(record.at) < monthOf(now.toISOString())
  )
    return 'resolved';
  if (
    (record.state === 'snoozed' || record.state === 'planned') &&
    record.until &&
    Date.parse(record.until) <= now.getTime()
  )
    return 'open';
  return record.state;
}

/**
 * Checks an operator's request against the alert as it stands, and returns the history entry it
 * adds. Snooze and plan need `until` in the future and at most `maxSnoozeDays` away; acknowledge
 * needs an alert that is not resolved; resolve needs one that is not resolved already. Snoozing
 * or planning a rung that has no alert yet is allowed (a planned load test before it starts).
 */
export function entryFor(
  record: AlertRecord | undefined,
  request: AlertRequest,
  now: Date,
  maxSnoozeDays: number,
): AlertHistoryEntry {
  const by = cleanText(request.by, ACTOR_MAX);
  if (!by) throw new AlertRequestError('by', 'who is answering the alert is missing');
  const state = STATE_OF_ACTION[request.action];
  const current = effectiveState(record, now);
  const note = request.note === undefined ? undefined : cleanText(request.note, NOTE_MAX);
  const base = { state, at: now.toISOString(), by, ...(note ? { note } : {}) };
  if (request.action === 'snooze' || request.action === 'plan') {
    const until = request.until;
    if (!until || Number.isNaN(until.getTime()))
      throw new AlertRequestError(
        'until',
        `${request.action} needs --until, an ISO date or time in the future`,
      );
    if (until.getTime() <= now.getTime())
      throw new AlertRequestError('until', `--until ${until.toISOString()} is not in the future`);
    if (until.getTime() - now.getTime() > maxSnoozeDays * DAY_MS)
      throw new AlertRequestError(
        'until',
        `--until ${until.toISOString()} is more than lifecycle.maxSnoozeDays (${maxSnoozeDays}) days away`,
      );
    return { ...base, until: until.toISOString() };
  }
  if (current === undefined || current === 'resolved')
    throw new AlertRequestError(
      'account',
      `no open alert for account ${record?.accountId ?? 'this account'}${record ? ` rung ${record.rung}` : ''} to ${request.action === 'ack' ? 'acknowledge' : 'resolve'}`,
    );
  return base;
}

/** The record after one more history entry (the history is only ever appended to). */
export function applyEntry(
  record: AlertRecord | undefined,
  accountId: string,
  rung: string,
  entry: AlertHistoryEntry,
): AlertRecord {
  const openedAt = entry.state === 'open' ? entry.at : record?.openedAt;
  return {
    accountId,
    rung,
    state: entry.state,
    by: entry.by,
    at: entry.at,
    ...(entry.until ? { until: entry.until } : {}),
    ...(entry.note ? { note: entry.note } : {}),
    ...(openedAt ? { openedAt } : {}),
    version: (record?.version ?? 0) + 1,
    history: [...(record?.history ?? []), entry],
    ...(record?.held ? { held: record.held } : {}),
  };
}

/** Whether a snooze or plan holds at `now` (its transitions are held, not sent). */
export function quietAt(record: AlertRecord | undefined, now: Date): 'snoozed' | 'planned' | undefined {
  const state = effectiveState(record, now);
  return state === 'snoozed' || state === 'planned' ? state : undefined;
}

/** One line of plain text: controls and format characters out, whitespace folded, cut to `max`. */
export function cleanText(text: string, max: number): string {
  return text
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);
}
