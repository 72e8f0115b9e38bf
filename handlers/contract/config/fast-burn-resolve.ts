// Kept apart from the `fastBurn` schema (fast-burn.ts): the alarm Lambda resolves policies but never
// validates configuration, and the schema's top-level zod calls would bring zod's classic API
// (about 75 KB, 10 ms of module init) into its bundle.

import type { FastBurnFields } from './fast-burn.js';

/** What fast-burn alerts use when no scope says otherwise: off, $50 an hour, a week ahead. */
export const FAST_BURN_DEFAULTS = { enabled: false, hourlyLimit: 50, horizonDays: 7 } as const;

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
