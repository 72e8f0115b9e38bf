import type { Config } from '../../contract/config/schema.js';
import { policyFor } from '../../contract/config/thresholds.js';
import { rungBudget, usedRungs } from '../../contract/ladder.js';
import { addDays, daysBetween, type IsoDate } from '../costs/periods.js';
import type { CostSnapshot } from '../costs/snapshot-schema.js';

/** Days of data this month below which a pace is a guess, not a signal. */
export const PACE_MIN_DAYS = 5;

/**
 * Notices of one run that read their account's services and daily chart (one Cost Explorer request
 * each, $0.01): at most 10 requests a run whatever the organisation's size; the notices past it go
 * out without them and say so.
 */
export const PACE_DETAIL_LIMIT = 10;

/** An account on pace to cross a rung this month, before it has. */
export interface PaceAlert {
  readonly accountId: string;
  readonly accountName: string;
  /** The rung (`warning`, `critical`, `120%`, `1500`). */
  readonly rung: string;
  /** The budget the rung refers to, when one applies. */
  readonly budget?: number;
  /** Cost Explorer's usage month to date. */
  readonly monthToDate: number;
  /** Month to date at this month's average daily pace, to the month's end. */
  readonly forecast: number;
  readonly threshold: number;
  /** This month's average daily usage so far (month to date ÷ days with data). */
  readonly dailyRate: number;
  /** The day month to date reaches the threshold at that rate. */
  readonly crossesOn: IsoDate;
  /** The last day of data the figures include. */
  readonly dataThrough: IsoDate;
  /** The month, `YYYY-MM`: a notice goes out once per account, rung and month. */
  readonly month: string;
}

/**
 * Accounts on pace to cross a rung: the forecast — month to date ÷ days with data × days in the
 * month (this month's average daily pace; the method every message names) — is above the rung's
 * threshold while month to date is still below it, after at least {@link PACE_MIN_DAYS} days of
 * data. Month-to-date runs only (a closed month has no pace). Largest overshoot first.
 */
export function paceAlerts(
  snapshot: CostSnapshot,
  config: Config,
  ouOf: Readonly<Record<string, string>>,
): PaceAlert[] {
  const { periods } = snapshot;
  if (periods.mode !== 'monthToDate') return [];
  const days = daysBetween(periods.current.start, periods.current.end);
  const monthDays = daysBetween(periods.month.start, periods.month.end);
  if (days < PACE_MIN_DAYS) return [];
  const alerts: PaceAlert[] = [];
  for (const account of snapshot.accounts) {
    const dailyRate = account.current / days;
    const forecast = Math.round(dailyRate * monthDays * 100) / 100;
    const lastDay = addDays(periods.current.end, -1);
    const policy = policyFor(config, account.id, ouOf[account.id]);
    for (const rung of usedRungs(policy.ladder)) {
      const { threshold } = rung;
      if (account.current >= threshold || forecast <= threshold) continue;
      const budget = rungBudget(rung, policy.budget);
      alerts.push({
        accountId: account.id,
        accountName: account.name,
        rung: rung.name,
        ...(budget !== undefined ? { budget } : {}),
        monthToDate: account.current,
        forecast,
        threshold,
        dailyRate,
        // After n more days at the rate month to date is current + n × rate: the first n that reaches it.
        crossesOn: addDays(lastDay, Math.max(1, Math.ceil((threshold - account.current) / dailyRate))),
        dataThrough: lastDay,
        month: periods.month.start.slice(0, 7),
      });
    }
  }
  // Only the highest rung an account is on pace for: one notice says the most that matters.
  const highest = alerts.filter(
    (a) => !alerts.some((b) => b.accountId === a.accountId && b.threshold > a.threshold),
  );
  return highest.sort(
    (a, b) => b.forecast / b.threshold - a.forecast / a.threshold || a.accountId.localeCompare(b.accountId),
  );
}
