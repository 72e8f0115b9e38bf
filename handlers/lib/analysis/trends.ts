import { sum } from '../costs/money.js';
import { addDays, datesBetween, daysBetween, type IsoDate } from '../costs/periods.js';
import { found, missing, type Result } from '../result.js';

/** Days averaged for the run rate. */
export const RUN_RATE_DAYS = 7;
/** Fewer complete days than this is "insufficient history" for a run-rate forecast. */
export const MIN_FORECAST_DAYS = 3;

/** A month-end projection from the recent daily run rate. */
export interface RunRateForecast {
  readonly amount: number;
  readonly dailyRate: number;
  readonly basisDays: number;
}

/**
 * Projects month-end usage: month to date plus the average daily usage of the last
 * {@link RUN_RATE_DAYS} days through `dataThrough` for each day left. An account whose first cost is
 * fewer than {@link MIN_FORECAST_DAYS} days old has "insufficient history".
 */
export function runRateForecast(input: {
  monthToDate: number;
  daily: Record<IsoDate, number>;
  dataThrough: IsoDate | null;
  nextMonthStart: IsoDate;
}): Result<RunRateForecast> {
  if (!input.dataThrough) return missing('no cost data yet');
  const days = datesBetween(addDays(input.dataThrough, -(RUN_RATE_DAYS - 1)), addDays(input.dataThrough, 1));
  const firstSeen = days.find((d) => input.daily[d] !== undefined);
  if (!firstSeen || daysBetween(firstSeen, input.dataThrough) + 1 < MIN_FORECAST_DAYS) {
    return missing('insufficient history');
  }
  const basis = days.filter((d) => d >= firstSeen);
  const dailyRate = sum(basis.map((d) => input.daily[d] ?? 0)) / basis.length;
  const remaining = Math.max(0, daysBetween(input.dataThrough, input.nextMonthStart) - 1);
  return found({ amount: input.monthToDate + dailyRate * remaining, dailyRate, basisDays: basis.length });
}

/** Change of `current` against `previous` in percent, or null when there was nothing before. */
export function percentChange(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return ((current - previous) / Math.abs(previous)) * 100;
}

/** One service whose spend moved most between two windows of days. */
export interface Mover {
  readonly key: string;
  readonly before: number;
  readonly after: number;
  readonly delta: number;
}

/**
 * The keys whose spend changed most (by absolute amount) from the `window` days before to the last
 * `window` days ending on `through`.
 */
export function topMovers(
  series: Record<string, Record<IsoDate, number>>,
  through: IsoDate,
  window = 3,
  count = 3,
): Mover[] {
  const after = datesBetween(addDays(through, -(window - 1)), addDays(through, 1));
  const before = datesBetween(addDays(through, -(2 * window - 1)), addDays(through, -(window - 1)));
  return Object.entries(series)
    .map(([key, days]) => {
      const a = sum(after.map((d) => days[d] ?? 0));
      const b = sum(before.map((d) => days[d] ?? 0));
      return { key, before: b, after: a, delta: sum([a, -b]) };
    })
    .filter((m) => Math.abs(m.delta) >= 0.005)
    .sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || x.key.localeCompare(y.key))
    .slice(0, count);
}
