import type { FastBurnPolicy } from '../../contract/config/fast-burn-resolve.js';
import { type Ladder, type Rung, usedRungs } from '../../contract/ladder.js';
import type { Result } from '../result.js';

/** Hours in the 30-day cost the email names. */
export const HOURS_30_DAYS = 720;
/**
 * A rung crossing at the launches' rate is material when their cost over the horizon is at least
 * 1 % of the rung (the rule the emails use for colours): a t3.micro never "crosses" a rung that
 * month-to-date spend was about to reach anyway.
 */
export const MATERIAL_SHARE = 0.01;

/** The rung the launches' rate would cross within the horizon. */
export interface RungCrossing {
  readonly rung: Rung;
  /** Days from now at the window's rate. */
  readonly days: number;
  /** The day it would be crossed (UTC, ISO date). */
  readonly on: string;
}

/** Whether the launches call for an estimate, and why (or why not). */
export type FastBurnDecision =
  | {
      readonly alert: true;
      readonly overLimit: boolean;
      readonly crossing?: RungCrossing;
    }
  | { readonly alert: false; readonly reason: string };

/**
 * Decides on an account's launches of the last hour (`windowHourly`, this one included): an
 * estimate goes out when their hourly cost exceeds `hourlyLimit`, or when month-to-date spend plus
 * their cost at that rate would reach the next rung above it within `horizonDays` (and that cost
 * is material to the rung). Without month to date only the hourly limit can decide, and the
 * reason says so.
 */
export function decideFastBurn(input: {
  windowHourly: number;
  policy: FastBurnPolicy;
  ladder: Ladder;
  monthToDate: Result<number>;
  now: Date;
}): FastBurnDecision {
  const { windowHourly, policy, ladder, monthToDate, now } = input;
  const overLimit = windowHourly > policy.hourlyLimit;
  const crossing = monthToDate.ok
    ? nextRungCrossing(windowHourly, policy, ladder, monthToDate.value, now)
    : undefined;
  if (overLimit || crossing) return { alert: true, overLimit, ...(crossing ? { crossing } : {}) };
  const rate = `${windowHourly.toFixed(4)} an hour`;
  return {
    alert: false,
    reason: monthToDate.ok
      ? `launches of the last hour cost ${rate}, within the limit of ${policy.hourlyLimit} an hour, and cross no rung within ${policy.horizonDays} days`
      : `launches of the last hour cost ${rate}, within the limit of ${policy.hourlyLimit} an hour (month to date unknown: ${monthToDate.reason}, so rungs were not checked)`,
  };
}

/** The lowest rung above month to date that the rate reaches within the horizon, materially. */
export function nextRungCrossing(
  hourly: number,
  policy: FastBurnPolicy,
  ladder: Ladder,
  monthToDate: number,
  now: Date,
): RungCrossing | undefined {
  const next = usedRungs(ladder)
    .filter((r) => r.threshold > monthToDate)
    .sort((a, b) => a.threshold - b.threshold)[0];
  if (!next || hourly <= 0) return undefined;
  const overHorizon = hourly * 24 * policy.horizonDays;
  if (overHorizon < next.threshold * MATERIAL_SHARE) return undefined;
  const days = (next.threshold - monthToDate) / (hourly * 24);
  if (days > policy.horizonDays) return undefined;
  const on = new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
  return { rung: next, days, on };
}

/** The least hourly cost that could matter for any rung: below it, no Cost Explorer request is made. */
export function immaterialBelow(policy: FastBurnPolicy, ladder: Ladder): number {
  const lowest = Math.min(...usedRungs(ladder).map((r) => r.threshold));
  const forRungs = Number.isFinite(lowest) ? (lowest * MATERIAL_SHARE) / (24 * policy.horizonDays) : Infinity;
  return Math.min(policy.hourlyLimit, forRungs);
}
