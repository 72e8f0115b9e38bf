// Every day boundary of the project, in one place. Cost Explorer counts whole UTC days and has data
// for the days before today (UTC); the report's calendar ("which month is this?") is the reader's,
// in the configured time zone; the alarm follows the billing month, which is UTC, like the metric.

/** A date as `YYYY-MM-DD`. */
export type IsoDate = string;

/** A run of days; `end` is exclusive, as in Cost Explorer. */
export interface DateRange {
  readonly start: IsoDate;
  readonly end: IsoDate;
}

/** Days in the daily trend (charts, movers). */
export const TREND_DAYS = 14;
/** Days in each of the two windows that movers compare. */
export const MOVER_WINDOW_DAYS = 3;

/**
 * What a set of figures is about. `monthToDate`: the month's days with data so far, against the
 * same days of the month before. `monthClose`: the month just ended (the new one has no data
 * yet), whole, against the whole month before.
 */
export type PeriodMode = 'monthToDate' | 'monthClose';

/** The date ranges of one run. */
export interface CostPeriods {
  readonly mode: PeriodMode;
  /** The run's UTC day: Cost Explorer covers the days before it. */
  readonly today: IsoDate;
  /** The run's day in the configured time zone (the report's "today"). */
  readonly localToday: IsoDate;
  /** The month the figures are about, first day to the next month's first day. */
  readonly month: DateRange;
  /** The days of `month` the figures cover: so far (month to date) or all (month close). */
  readonly current: DateRange;
  /** What `current` is compared with: the same days of the month before, or the whole month before. */
  readonly comparison: DateRange;
  /** The daily window of charts and movers: the {@link TREND_DAYS} days before today. */
  readonly trend: DateRange;
  /** Days of `month` after `current` (0 when the month is closed): what a forecast projects. */
  readonly daysLeft: number;
}

/** Formats a Date as a UTC `YYYY-MM-DD`. */
export function isoDate(d: Date): IsoDate {
  return d.toISOString().slice(0, 10);
}

/** The calendar day of an instant in an IANA time zone, as `YYYY-MM-DD`. */
export function localDate(instant: Date, timeZone: string): IsoDate {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** Adds whole days to a `YYYY-MM-DD` date. */
export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDate(d);
}

/** Adds whole months to the first day of a month. */
export function addMonths(monthStart: IsoDate, months: number): IsoDate {
  const d = new Date(`${monthStart.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return isoDate(d);
}

/** The first day of the month of a date. */
export function monthStartOf(date: IsoDate): IsoDate {
  return `${date.slice(0, 7)}-01`;
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

/** The later of two dates. */
const later = (a: IsoDate, b: IsoDate) => (a > b ? a : b);
/** The earlier of two dates. */
const earlier = (a: IsoDate, b: IsoDate) => (a < b ? a : b);

/** The trend window of a run at UTC day `today`. */
export function trendWindow(today: IsoDate): DateRange {
  return { start: addDays(today, -TREND_DAYS), end: today };
}

/**
 * The report's periods. The month is the reader's (the month of `now` in `timeZone`). While that
 * month has no cost data yet — the 1st, or Cost Explorer not refreshed — the figures are the
 * month just ended, closed; from the first day with data they are month to date again.
 * `dataThrough` is the last UTC day with any cost (from the daily trend query), or null.
 */
export function reportPeriods(now: Date, timeZone: string, dataThrough: IsoDate | null): CostPeriods {
  const localToday = localDate(now, timeZone);
  const monthStart = monthStartOf(localToday);
  if (dataThrough !== null && dataThrough < monthStart) {
    const closed = addMonths(monthStart, -1);
    return {
      mode: 'monthClose',
      today: isoDate(now),
      localToday,
      month: { start: closed, end: monthStart },
      current: { start: closed, end: monthStart },
      comparison: { start: addMonths(closed, -1), end: closed },
      trend: trendWindow(isoDate(now)),
      daysLeft: 0,
    };
  }
  return monthToDate(now, localToday, monthStart, dataThrough);
}

/**
 * The billing month's periods at `now`: UTC, always month to date, as the EstimatedCharges metric
 * an alarm fires on. `dataThrough` is the account's last day with cost, if known.
 */
export function billingPeriods(now: Date, dataThrough: IsoDate | null = null): CostPeriods {
  const today = isoDate(now);
  return monthToDate(now, today, monthStartOf(today), dataThrough);
}

function monthToDate(
  now: Date,
  localToday: IsoDate,
  monthStart: IsoDate,
  dataThrough: IsoDate | null,
): CostPeriods {
  const today = isoDate(now);
  const nextMonth = addMonths(monthStart, 1);
  // Through the last day with data (Cost Explorer may lag a day); never past today or the month.
  const through = dataThrough !== null && dataThrough >= monthStart ? addDays(dataThrough, 1) : today;
  const end = later(earlier(earlier(through, today), nextMonth), addDays(monthStart, 1));
  const elapsed = daysBetween(monthStart, end);
  const lastMonth = addMonths(monthStart, -1);
  return {
    mode: 'monthToDate',
    today,
    localToday,
    month: { start: monthStart, end: nextMonth },
    current: { start: monthStart, end },
    comparison: {
      start: lastMonth,
      end: addDays(lastMonth, Math.min(elapsed, daysBetween(lastMonth, monthStart))),
    },
    trend: trendWindow(today),
    daysLeft: Math.max(0, daysBetween(end, nextMonth)),
  };
}

/** The two windows movers compare: the last {@link MOVER_WINDOW_DAYS} days through `through`, and the days before. */
export function moverWindows(through: IsoDate): { last: IsoDate[]; before: IsoDate[]; since: IsoDate } {
  const since = addDays(through, -(MOVER_WINDOW_DAYS - 1));
  return {
    last: datesBetween(since, addDays(through, 1)),
    before: datesBetween(addDays(since, -MOVER_WINDOW_DAYS), since),
    since,
  };
}
