import { type Formatter, singleLine } from '../email/format.js';
import { reasonText, type Translate } from '../email/messages.js';
import { rungLabel } from '../email/rung-label.js';
import type { Result } from '../result.js';
import { type AlertRecord, effectiveState } from '../state/alert-rules.js';

/** Rows per list of the alerts section at most (the rest is counted). */
export const ALERT_ROWS = 20;
/** Held transitions named per alert at most (the rest is counted). */
const HELD_NAMED = 5;
/** The look-back of the per-account figures. */
export const RECENT_DAYS = 30;
/** Held transitions are listed when they happened within this long before the report. */
const HELD_WINDOW_MS = 24 * 3_600_000;
const DAY_MS = 86_400_000;

/** One list of the alerts section: rows of an account label and a sentence. */
export interface AlertList {
  readonly heading: string;
  readonly rows: { name: string; detail: string }[];
  readonly more: string | null;
  /** Said instead of rows when there are none. */
  readonly empty: string | null;
}

/**
 * The alerts as the report shows them (issue 20): who answered which rung and until when, the
 * transitions a snooze or plan held in the last day (counted and named), and each account's last
 * 30 days (crossings, median time to acknowledge). When the alerts could not be read it says so.
 */
export interface AlertsSection {
  readonly heading: string;
  /** Why the alerts are missing from this report, when they could not be read. */
  readonly unavailable: string | null;
  readonly current: AlertList;
  readonly held: AlertList | null;
  readonly recent: AlertList | null;
  readonly note: string;
}

/** Text helpers the section needs. */
interface Ctx {
  readonly t: Translate;
  readonly f: Pick<Formatter, 'dateTime'>;
  /** Account names by id (Cost Explorer's), for the row labels. */
  readonly names: ReadonlyMap<string, string>;
  readonly now: Date;
}

/** The alerts section from the alerts read (or why they could not be). */
export function alertsSection(alerts: Result<readonly AlertRecord[]>, ctx: Ctx): AlertsSection {
  const { t } = ctx;
  const base = { heading: t('report.alerts'), note: t('report.alertsNote') };
  if (!alerts.ok)
    return {
      ...base,
      unavailable: t('report.alertsUnavailable', { reason: reasonText(t, alerts.reason) }),
      current: { heading: t('report.alertsCurrent'), rows: [], more: null, empty: null },
      held: null,
      recent: null,
    };
  const records = alerts.value;
  const current = records.flatMap((r) => {
    const row = currentRow(r, ctx);
    return row ? [row] : [];
  });
  const held = records.flatMap((r) => {
    const row = heldRow(r, ctx);
    return row ? [row] : [];
  });
  const recent = recentRows(records, ctx);
  return {
    ...base,
    unavailable: null,
    current: list(t('report.alertsCurrent'), current, t, t('report.alertsNone')),
    held: held.length > 0 ? list(t('report.alertsHeld'), held, t) : null,
    recent: recent.length > 0 ? list(t('report.alertsRecent'), recent, t) : null,
  };
}

function list(
  heading: string,
  rows: { name: string; detail: string }[],
  t: Translate,
  empty?: string,
): AlertList {
  return {
    heading,
    rows: rows.slice(0, ALERT_ROWS),
    more: rows.length > ALERT_ROWS ? t('report.more', { count: rows.length - ALERT_ROWS }) : null,
    empty: rows.length === 0 ? (empty ?? null) : null,
  };
}

function accountLabel(accountId: string, names: ReadonlyMap<string, string>): string {
  return `${singleLine(names.get(accountId) ?? accountId, 60)} (${accountId})`;
}

/** An alert that is open, acknowledged, snoozed or planned now; resolved ones are not listed. */
function currentRow(r: AlertRecord, { t, f, names, now }: Ctx): { name: string; detail: string } | undefined {
  const state = effectiveState(r, now);
  const tier = rungLabel(r.rung, t);
  const by = singleLine(r.by, 80);
  const note = r.note && state === r.state ? ` — ${singleLine(r.note, 120)}` : '';
  const name = accountLabel(r.accountId, names);
  switch (state) {
    case 'open':
      // A snooze or plan that ended reads as open again from its end.
      return {
        name,
        detail: t('report.alertOpen', {
          tier,
          since: f.dateTime(r.state === 'open' ? r.at : (r.until ?? r.at)),
        }),
      };
    case 'acknowledged':
      return { name, detail: `${t('report.alertAcknowledged', { tier, by, at: f.dateTime(r.at) })}${note}` };
    case 'snoozed':
    case 'planned':
      return {
        name,
        detail: `${t(state === 'snoozed' ? 'report.alertSnoozed' : 'report.alertPlanned', {
          tier,
          by,
          until: f.dateTime(r.until ?? r.at),
        })}${note}`,
      };
    default:
      return undefined;
  }
}

/** The transitions a snooze or plan held in the last day, counted and the newest named. */
function heldRow(r: AlertRecord, { t, f, names, now }: Ctx): { name: string; detail: string } | undefined {
  const since = now.getTime() - HELD_WINDOW_MS;
  const held = (r.held ?? []).filter((h) => Date.parse(h.at) > since);
  if (held.length === 0) return undefined;
  const named = held
    .slice(-HELD_NAMED)
    .map((h) => t('report.alertsHeldAt', { state: h.alarm, at: f.dateTime(h.at) }));
  const rest = held.length - named.length;
  return {
    name: accountLabel(r.accountId, names),
    detail: t('report.alertsHeldRow', {
      tier: rungLabel(r.rung, t),
      count: held.length,
      list: `${named.join(', ')}${rest > 0 ? ` ${t('report.more', { count: rest })}` : ''}`,
    }),
  };
}

/** Each account's last 30 days: crossings (mailed and held) and the median time to acknowledge. */
export function recentFigures(
  records: readonly AlertRecord[],
  now: Date,
): { accountId: string; crossings: number; held: number; ackMs: number[] }[] {
  const since = now.getTime() - RECENT_DAYS * DAY_MS;
  const byAccount = new Map<string, { crossings: number; held: number; ackMs: number[] }>();
  for (const r of records) {
    const figures = byAccount.get(r.accountId) ?? { crossings: 0, held: 0, ackMs: [] };
    let openedAt: number | undefined;
    for (const e of r.history) {
      const at = Date.parse(e.at);
      if (e.state === 'open') {
        openedAt = at;
        if (at > since) figures.crossings++;
      } else if (e.state === 'acknowledged' && openedAt !== undefined && at > since) {
        figures.ackMs.push(at - openedAt);
        openedAt = undefined;
      } else if (e.state === 'resolved') openedAt = undefined;
    }
    const held = (r.held ?? []).filter((h) => h.alarm === 'ALARM' && Date.parse(h.at) > since).length;
    figures.held += held;
    figures.crossings += held;
    byAccount.set(r.accountId, figures);
  }
  return [...byAccount]
    .map(([accountId, v]) => ({ accountId, ...v }))
    .filter((a) => a.crossings > 0 || a.ackMs.length > 0)
    .sort((a, b) => b.crossings - a.crossings || a.accountId.localeCompare(b.accountId));
}

/** The median of durations (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** A duration in minutes, hours and minutes, or days and hours. */
export function durationText(ms: number, t: Translate): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return t('duration.minutes', { m: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('duration.hours', { h: hours, m: minutes % 60 });
  return t('duration.days', { d: Math.floor(hours / 24), h: hours % 24 });
}

function recentRows(records: readonly AlertRecord[], { t, names, now }: Ctx) {
  return recentFigures(records, now).map((a) => {
    const mid = median(a.ackMs);
    return {
      name: accountLabel(a.accountId, names),
      detail: t('report.alertsRecentRow', {
        count: a.crossings,
        held: a.held,
        ack:
          mid === undefined
            ? t('report.alertsNoAck')
            : t('report.alertsAckMedian', { duration: durationText(mid, t), acks: a.ackMs.length }),
      }),
    };
  });
}
