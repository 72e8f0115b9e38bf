import * as z from 'zod';

// The cost snapshot's shape, as a schema: the cache stores it as JSON, so what is read back is
// checked against this before any figure reaches an email.

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const range = z.object({ start: isoDate, end: isoDate });

/** A value or the reason it is missing (see `result.ts`), as a schema. */
function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), reason: z.string() }),
  ]);
}

/** The date ranges one cost snapshot covers; every `end` is exclusive, as in Cost Explorer. */
export const snapshotPeriodsSchema = z.object({
  /** Today (UTC). */
  today: isoDate,
  monthStart: isoDate,
  /** Month to date through yesterday (Cost Explorer covers usage to the previous day); on the 1st, today. */
  monthToDate: range,
  /** The same days of last month, for the change against last month. */
  sameDaysLastMonth: range,
  /** The daily window of the trend. */
  daily: range,
  nextMonthStart: isoDate,
  daysInMonth: z.number().int().min(28).max(31),
});

/** One account's costs in a snapshot. Usage excludes credits and refunds, which are kept apart. */
export const accountCostsSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Month-to-date usage by service. */
  byService: z.record(z.string(), z.number()),
  /** Month-to-date usage (sum of `byService`). */
  monthToDate: z.number(),
  /** Month-to-date credits (≤ 0). */
  credits: z.number(),
  /** Month-to-date refunds (≤ 0). */
  refunds: z.number(),
  /** Usage by day over the trend window. */
  daily: z.record(z.string(), z.number()),
  /** Usage over the same days of last month. */
  sameDaysLastMonth: z.number(),
});

/** The organisation's costs at one moment, built from a few grouped Cost Explorer queries. */
export const costSnapshotSchema = z.object({
  version: z.literal(2),
  builtAt: z.string(),
  currency: z.string(),
  periods: snapshotPeriodsSchema,
  /** The last day any cost was recorded: "costs as of". */
  dataThrough: isoDate.nullable(),
  /** Whether Cost Explorer marked any figure as estimated. */
  estimated: z.boolean(),
  accounts: z.array(accountCostsSchema),
  /** Cost Explorer's org-level forecast of the rest of the month, or why there is none. */
  forecast: resultSchema(z.number()),
  /** Requests (pages) the snapshot cost. */
  costExplorerRequests: z.number().int().nonnegative(),
});

/** The date ranges of a snapshot. */
export type SnapshotPeriods = z.infer<typeof snapshotPeriodsSchema>;
/** One account's costs. */
export type AccountCosts = z.infer<typeof accountCostsSchema>;
/** The organisation's cost snapshot. */
export type CostSnapshot = z.infer<typeof costSnapshotSchema>;
