import * as z from 'zod';
import type { CostPeriods } from './periods.js';

// The organisation's cost snapshot, as a schema: the cache stores it as JSON, so what is read back
// is checked against this before any figure reaches an email. Its size is O(accounts + services +
// days): nothing in it is accounts × services or accounts × days.

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const range = z.object({ start: isoDate, end: isoDate });
const amount = z.number().finite();

/** A value or the reason it is missing (see `result.ts`), as a schema. */
function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), reason: z.string() }),
  ]);
}

/** The date ranges of a run (see `periods.ts`). */
export const costPeriodsSchema: z.ZodType<CostPeriods> = z.object({
  mode: z.enum(['monthToDate', 'monthClose']),
  today: isoDate,
  localToday: isoDate,
  month: range,
  current: range,
  comparison: range,
  trend: range,
  daysLeft: z.number().int().nonnegative(),
});

/** One account's totals: usage over the current and comparison periods, credits and refunds apart. */
export const accountTotalsSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Usage over `periods.current`. */
  current: amount,
  /** Usage over `periods.comparison`. */
  comparison: amount,
  /** Credits over `periods.current` (≤ 0). */
  credits: amount,
  /** Refunds over `periods.current` (≤ 0). */
  refunds: amount,
});

/** One service's usage across the organisation. */
export const serviceTotalsSchema = z.object({
  name: z.string(),
  current: amount,
  comparison: amount,
  /** Usage over the last `MOVER_WINDOW_DAYS` days with data, and over the same number of days before. */
  last: amount,
  before: amount,
});

/** The organisation's costs at one moment, built from a few grouped Cost Explorer queries. */
export const costSnapshotSchema = z.object({
  version: z.literal(3),
  builtAt: z.string(),
  /** The unit Cost Explorer labelled the amounts with (the billing currency). */
  unit: z.string(),
  /** Every unit seen; more than one means mixed currencies, said in the email. */
  units: z.array(z.string()),
  timeZone: z.string(),
  /** What the figures count (metric, record types left out); a cached snapshot of another basis is not used. */
  basis: z.object({ metric: z.string(), exclude: z.array(z.string()) }).optional(),
  periods: costPeriodsSchema,
  /** The last day any cost was recorded: "costs as of". */
  dataThrough: isoDate.nullable(),
  /** Whether Cost Explorer marked any figure as estimated. */
  estimated: z.boolean(),
  accounts: z.array(accountTotalsSchema),
  services: z.array(serviceTotalsSchema),
  /** Organisation usage by day over `periods.trend`. */
  daily: z.record(isoDate, amount),
  /** Daily usage of the largest accounts only (the chart, account movers), largest first. */
  topAccountsDaily: z.array(z.object({ id: z.string(), daily: z.record(isoDate, amount) })),
  /**
   * Usage of the whole month before `periods.month` (the headline's "last month"), when it was read;
   * absent in a snapshot cached before it was.
   */
  previousMonthTotal: amount.optional(),
  /** Cost Explorer's forecast of the rest of the month (month to date only), or why there is none. */
  forecast: resultSchema(z.object({ amount, unit: z.string() })),
  /** Requests (pages) the snapshot cost. */
  costExplorerRequests: z.number().int().nonnegative(),
});

/** One account's totals. */
export type AccountTotals = z.infer<typeof accountTotalsSchema>;
/** One service's totals. */
export type ServiceTotals = z.infer<typeof serviceTotalsSchema>;
/** The organisation's cost snapshot. */
export type CostSnapshot = z.infer<typeof costSnapshotSchema>;
