import * as z from 'zod';
import { strict } from './strict-object.js';

/**
 * `fastBurn` of a scope (default, OU, account): each field falls back to the next wider scope's,
 * then to `FAST_BURN_DEFAULTS` (fast-burn-resolve.ts).
 */
export const fastBurnFields = strict({
  enabled: z.boolean({ error: 'must be true or false' }).optional(),
  /** Launches' hourly cost within the last hour above which one estimate is mailed. */
  hourlyLimit: z
    .number({ error: 'must be an amount per hour in the billing currency, e.g. 50' })
    .positive('must be more than zero')
    .max(1_000_000, 'must be at most 1,000,000 an hour')
    .optional(),
  /** Mail when the launches' rate would cross the next rung within this many days. */
  horizonDays: z
    .number({ error: 'must be a whole number of days from 1 to 31' })
    .int('must be a whole number of days from 1 to 31')
    .min(1, 'must be a whole number of days from 1 to 31')
    .max(31, 'must be a whole number of days from 1 to 31')
    .optional(),
});

/** A scope's `fastBurn` as written. */
export type FastBurnFields = z.output<typeof fastBurnFields>;
