import { type Mover, topMovers } from '../analysis/trends.js';
import type { AccountFigures } from '../costs/account-figures.js';
import { addDays } from '../costs/periods.js';

/** The one line of cause at the top of the alarm email: the service that rose most, and since when. */
export interface Cause {
  readonly mover: Mover;
  /** The first day of the rising window. */
  readonly since: string;
}

/**
 * The service whose usage rose most over the last 3 days with data against the 3 before, or null
 * when nothing rose by a cent.
 */
export function biggestRise(figures: AccountFigures): Cause | null {
  if (!figures.dataThrough) return null;
  const rising = topMovers(figures.dailyByService, figures.dataThrough, Number.POSITIVE_INFINITY).find(
    (m) => m.delta > 0,
  );
  return rising ? { mover: rising, since: addDays(figures.dataThrough, -2) } : null;
}
