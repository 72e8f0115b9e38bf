import { driversOf, type ServiceDrivers } from '../analysis/drivers.js';
import type { AccountFigures } from '../costs/account-figures.js';
import { serviceCostsOf } from '../costs/usage-types.js';
import { found, type Result } from '../result.js';

/** Services of an account whose change an alarm explains: its largest this period. */
export const ALARM_DRIVER_SERVICES = 3;

/**
 * The alarmed account's typed drivers (usage and rate) for its largest services, month to date
 * against the same days of last month, read from the usage types of the alarm's one Cost Explorer
 * request (`accountFiguresQuery`): no request of their own. Credits, refunds and the services'
 * credit lines are not in that request, so the credits part is said unread. Undefined when there is
 * nothing to explain, or when the figures came from a burst window (whose shared answers are by
 * record type, not usage type: the report has those accounts' drivers).
 */
export function accountDrivers(figures: AccountFigures): Result<ServiceDrivers[]> | undefined {
  const moved =
    figures.dataThrough !== null &&
    figures.closedMonth === undefined &&
    figures.current !== figures.comparison;
  const services = Object.entries(figures.byService)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, ALARM_DRIVER_SERVICES)
    .map(([service]) => service);
  if (!moved || services.length === 0 || !figures.usageTypes) return undefined;
  return found(driversOf(serviceCostsOf(figures.usageTypes, figures.periods, new Map(), services)));
}
