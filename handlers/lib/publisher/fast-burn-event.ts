import { z } from 'zod';

/**
 * The `detail` of `Billing Fast Burn Estimate`, put after a mailed estimate from launches. It is an
 * estimate (`basis: "launches"`), never billing data: amounts are on-demand prices × count.
 */
export const fastBurnDetailSchema = z.object({
  basis: z.literal('launches'),
  accountId: z.string(),
  accountName: z.string().nullable(),
  who: z.string(),
  call: z.string(),
  region: z.string(),
  launchedAt: z.string(),
  items: z.array(
    z.object({
      type: z.string(),
      count: z.number(),
      perHour: z.number().nullable(),
      sku: z.string().nullable(),
      effectiveDate: z.string().nullable(),
    }),
  ),
  /** This launch's hourly cost (priced items only). */
  hourly: z.number(),
  thirtyDays: z.number(),
  /** The account's launches of the last hour, this one included. */
  windowHourly: z.number(),
  hourlyLimit: z.number(),
  /** The rung the rate crosses within the horizon, and when. */
  rung: z.string().nullable(),
  rungThreshold: z.number().nullable(),
  crossesOn: z.string().nullable(),
  monthToDate: z.number().nullable(),
  currency: z.string(),
  eventId: z.string(),
});

/** A fast-burn estimate's automation detail. */
export type FastBurnDetail = z.infer<typeof fastBurnDetailSchema>;
