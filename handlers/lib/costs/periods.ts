import type { SnapshotPeriods } from './snapshot-schema.js';

/** A date as `YYYY-MM-DD` (UTC, as Cost Explorer uses). */
export type IsoDate = string;

/** Days in the daily trend. */
export const TREND_DAYS = 14;

/** Formats a Date as a UTC `YYYY-MM-DD`. */
export function isoDate(d: Date): IsoDate {
  return d.toISOString().slice(0, 10);
}

/** Adds whole days to a `YYYY-MM-DD` date. */
export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDate(d);
}

/** Whole days from `a` to `b`. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The dates from `start` (inclusive) to `end` (exclusive). */
export function datesBetween(start: IsoDate, end: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = start; d < end; d = addDays(d, 1)) out.push(d);
  return out;
}

/** The ranges of a snapshot taken at `now`. */
export function snapshotPeriods(now: Date): SnapshotPeriods {
  const today = isoDate(now);
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const monthStart = isoDate(new Date(Date.UTC(y, m, 1)));
  const nextMonthStart = isoDate(new Date(Date.UTC(y, m + 1, 1)));
  const lastMonthStart = isoDate(new Date(Date.UTC(y, m - 1, 1)));
  const mtdEnd = today === monthStart ? addDays(today, 1) : today;
  const elapsed = daysBetween(monthStart, mtdEnd);
  const lastMonthEnd = addDays(lastMonthStart, Math.min(elapsed, daysBetween(lastMonthStart, monthStart)));
  return {
    today,
    monthStart,
    monthToDate: { start: monthStart, end: mtdEnd },
    sameDaysLastMonth: { start: lastMonthStart, end: lastMonthEnd },
    daily: { start: addDays(today, -TREND_DAYS), end: today },
    nextMonthStart,
    daysInMonth: daysBetween(monthStart, nextMonthStart),
  };
}
