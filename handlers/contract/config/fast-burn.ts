import * as z from 'zod';

/** What fast-burn alerts use when no scope says otherwise: off, $50 an hour, a week ahead. */
export const FAST_BURN_DEFAULTS = { enabled: false, hourlyLimit: 50, horizonDays: 7 } as const;

/**
 * `fastBurn` of a scope (default, OU, account): each field falls back to the next wider scope's,
 * then to {@link FAST_BURN_DEFAULTS}.
 */
export const fastBurnFields = z.strictObject(
  {
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
  },
  {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `unknown key${iss.keys.length > 1 ? 's' : ''} ${iss.keys.map((k) => `"${k}"`).join(', ')}; allowed keys: enabled, hourlyLimit, horizonDays`
        : undefined,
  },
);

/** A scope's `fastBurn` as written. */
export type FastBurnFields = z.output<typeof fastBurnFields>;

/** The fast-burn settings that apply to one account. */
export interface FastBurnPolicy {
  readonly enabled: boolean;
  readonly hourlyLimit: number;
  readonly horizonDays: number;
}

/** Resolves `fastBurn` field by field, most specific scope first. */
export function resolveFastBurn(scopes: readonly (FastBurnFields | undefined)[]): FastBurnPolicy {
  const pick = <K extends keyof FastBurnPolicy>(key: K): FastBurnPolicy[K] =>
    (scopes.find((s) => s?.[key] !== undefined)?.[key] as FastBurnPolicy[K] | undefined) ??
    FAST_BURN_DEFAULTS[key];
  return { enabled: pick('enabled'), hourlyLimit: pick('hourlyLimit'), horizonDays: pick('horizonDays') };
}
