import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { driversOf, type ServiceDrivers } from '../analysis/drivers.js';
import type { AccountFigures } from '../costs/account-figures.js';
import type { CostBasis } from '../costs/cost-basis.js';
import { accountFilter, type RequestCounter } from '../costs/cost-queries.js';
import { getAccountUsageTypes } from '../costs/usage-types.js';
import { failureCode } from '../failure.js';
import { found, missing, type Result } from '../result.js';

/** Services of an account whose change an alarm explains: its largest this period. */
export const ALARM_DRIVER_SERVICES = 3;

/**
 * The alarmed account's typed drivers (usage, rate, credits) for its largest services, month to
 * date against the same days of last month: ONE more Cost Explorer request (usage types with their
 * quantities), made only when the month to date moved; credits, discounts and commitments come from
 * the alarm's first request. Undefined when there is nothing to explain or the figures came from a
 * burst window; a failure is a reason.
 */
export async function accountDrivers(
  ce: CostExplorerClient,
  figures: AccountFigures,
  counter: RequestCounter,
  signal: AbortSignal,
  basis: CostBasis,
): Promise<Result<ServiceDrivers[]> | undefined> {
  const moved =
    figures.dataThrough !== null &&
    figures.closedMonth === undefined &&
    figures.current !== figures.comparison;
  const services = Object.entries(figures.byService)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, ALARM_DRIVER_SERVICES)
    .map(([service]) => service);
  // A burst window's alarms share their figures to keep a burst's requests bounded (#22): one
  // more request each would undo that, so they carry no drivers (the report has them).
  if (!moved || services.length === 0 || figures.shared) return undefined;
  try {
    const costs = await getAccountUsageTypes(
      ce,
      accountFilter(figures.id, true),
      services,
      figures.periods,
      new Map(Object.entries(figures.adjustments ?? {})),
      counter,
      signal,
      basis,
    );
    return found(driversOf(costs));
  } catch (err) {
    return missing(failureCode(err));
  }
}
