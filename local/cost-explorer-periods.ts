import type { CostQueryPlan, Dimension } from './cost-data.js';
import type { CompiledFilter } from './cost-explorer-filter.js';
import { CeError, type Json } from './cost-explorer-wire.js';

/** Months before the current one Cost Explorer keeps by default (14 months with the current one; 38 with multi-year data, not modelled). */
export const HISTORY_MONTHS_BACK = 13;

/** The request's `TimePeriod`, refused unless two `YYYY-MM-DD` days in order. */
export function validRange(input: Json): { start: string; end: string } {
  const tp = input.TimePeriod as { Start?: string; End?: string } | undefined;
  const re = /^\d{4}-\d{2}-\d{2}$/;
  if (!tp?.Start || !tp.End || !re.test(tp.Start) || !re.test(tp.End)) {
    throw new CeError('ValidationException', 'TimePeriod needs Start and End as YYYY-MM-DD');
  }
  if (tp.Start >= tp.End)
    throw new CeError('ValidationException', 'Start date (inclusive) must be before end date (exclusive)');
  return { start: tp.Start, end: tp.End };
}

/** The day `n` days after `d` (before, when negative). */
export const addDays = (d: string, n: number) => {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() + n);
  return x.toISOString().slice(0, 10);
};
/** The first day of the month `n` months before `d`'s month (after, when negative). */
export const monthsBefore = (d: string, n: number) => {
  const x = new Date(`${d.slice(0, 7)}-01T00:00:00Z`);
  x.setUTCMonth(x.getUTCMonth() - n);
  return x.toISOString().slice(0, 10);
};
/** The first day of the month after `d`'s. */
export const firstOfNextMonth = (d: string) => monthsBefore(d, -1);

/** Refuses a Start before the first day of the month {@link HISTORY_MONTHS_BACK} months before `today`. */
export function withinHistory(start: string, today: string | undefined): void {
  if (!today) return;
  const oldest = monthsBefore(today, HISTORY_MONTHS_BACK);
  if (start < oldest)
    throw new CeError(
      'ValidationException',
      `Start ${start} is before ${oldest}: Cost Explorer keeps the current month and the ${HISTORY_MONTHS_BACK} before it`,
    );
}

/** Days of a bucketed range: every day, or every (clipped) month, even empty, as Cost Explorer returns them. */
function bucketsOf(start: string, end: string, granularity: 'DAILY' | 'MONTHLY') {
  const buckets: { start: string; end: string }[] = [];
  for (let s = start; s < end; ) {
    const e = granularity === 'DAILY' ? addDays(s, 1) : firstOfNextMonth(s) < end ? firstOfNextMonth(s) : end;
    buckets.push({ start: s, end: e });
    s = e;
  }
  const index = new Map(buckets.map((b, i) => [b.start, i]));
  const bucketOf = (date: string) =>
    granularity === 'DAILY'
      ? (index.get(date) ?? -1)
      : buckets.findIndex((b) => b.start <= date && date < b.end);
  return { buckets, bucketOf };
}

/** A plan for the data: the range, buckets, grouping and compiled filter of a request. */
export function planOf(
  range: { start: string; end: string },
  granularity: 'DAILY' | 'MONTHLY',
  groupBy: Dimension[],
  filter: CompiledFilter,
) {
  const { buckets, bucketOf } = bucketsOf(range.start, range.end, granularity);
  const plan: CostQueryPlan = {
    ...range,
    buckets: buckets.length,
    bucketOf,
    groupBy,
    where: filter.where,
    filterUses: filter.uses,
    ...(filter.accounts ? { accounts: filter.accounts } : {}),
  };
  return { plan, buckets };
}
