import { sum } from '../costs/money.js';
import {
  addDays,
  datesBetween,
  daysBetween,
  type IsoDate,
  MOVER_WINDOW_DAYS,
  moverWindows,
} from '../costs/periods.js';
import { found, missing, type Result } from '../result.js';

/** Days averaged for the usual pace. */
export const PACE_DAYS = 7;
/** Days averaged for the recent pace, shown as well when it runs well above the usual one. */
export const RECENT_PACE_DAYS = 3;
/** How much faster than the usual pace the recent one must run to be shown. */
export const RECENT_PACE_FACTOR = 1.5;
/** Fewer days of cost than this is "insufficient history" for a pace. */
export const MIN_PACE_DAYS = 3;

/** An average daily spend over the last days through a date. */
export interface Pace {
  /** Average per day. */
  readonly rate: number;
  /** Days it is the average of. */
  readonly days: number;
}

/**
 * The average daily spend over the `days` days through `through`, counted from the first day with
 * cost when that is later (a new account). Fewer than {@link MIN_PACE_DAYS} days of cost is
 * "insufficient history".
 */
export function dailyPace(
  daily: Readonly<Record<IsoDate, number>>,
  through: IsoDate | null,
  days: number,
): Result<Pace> {
  if (!through) return missing('noData');
  const window = datesBetween(addDays(through, -(days - 1)), addDays(through, 1));
  const firstSeen = window.find((d) => daily[d] !== undefined);
  if (!firstSeen || daysBetween(firstSeen, through) + 1 < Math.min(MIN_PACE_DAYS, days)) {
    return missing('insufficientHistory');
  }
  const basis = window.filter((d) => d >= firstSeen);
  return found({ rate: sum(basis.map((d) => daily[d] ?? 0)) / basis.length, days: basis.length });
}

/** A month-end projection: the figures so far plus a pace for the days left. */
export interface PaceForecast {
  readonly amount: number;
  readonly pace: Pace;
}

/** Projects month end: `current` plus `pace` for each of `daysLeft`. */
export function projectAtPace(current: number, pace: Pace, daysLeft: number): PaceForecast {
  return { amount: current + pace.rate * daysLeft, pace };
}

/** Change of `current` against `previous` in percent, or null when there was nothing before. */
export function percentChange(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return ((current - previous) / Math.abs(previous)) * 100;
}

/** One key whose spend moved between two windows of days. */
export interface Mover {
  readonly key: string;
  readonly before: number;
  readonly after: number;
  readonly delta: number;
}

/** The keys whose spend changed most (by absolute amount, at least a cent), largest change first. */
export function rankMovers(
  items: readonly { key: string; before: number; after: number }[],
  count = 3,
): Mover[] {
  return items
    .map((i) => ({ ...i, delta: sum([i.after, -i.before]) }))
    .filter((m) => Math.abs(m.delta) >= 0.005)
    .sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || x.key.localeCompare(y.key))
    .slice(0, count);
}

/** Movers of daily series: the last {@link MOVER_WINDOW_DAYS} days through `through` against the days before. */
export function topMovers(
  series: Readonly<Record<string, Readonly<Record<IsoDate, number>>>>,
  through: IsoDate,
  count = 3,
): Mover[] {
  const { last, before } = moverWindows(through);
  return rankMovers(
    Object.entries(series).map(([key, days]) => ({
      key,
      after: sum(last.map((d) => days[d] ?? 0)),
      before: sum(before.map((d) => days[d] ?? 0)),
    })),
    count,
  );
}
