import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { type AccountFigures, accountFiguresOf, getAccountFigures } from '../costs/account-figures.js';
import type { CostBasis } from '../costs/cost-basis.js';
import type { PagedCosts, RequestCounter } from '../costs/cost-queries.js';

/** The figures the alarms of one batch share (`alarm/batch-window.ts`). */
export interface SharedFigures {
  /**
   * The account's answer from the batch's shared queries, or undefined when the alarm asks alone
   * (alone in its batch, or it came after the queries started). Throws when the shared queries failed.
   */
  answerFor(accountId: string, signal: AbortSignal): Promise<PagedCosts | undefined>;
}

/** What reading figures through a batch needs. */
export interface BurstFiguresDeps {
  readonly ce: CostExplorerClient;
  /** The alarm's share of its batch's queries; without it the alarm asks Cost Explorer alone. */
  readonly sharedFigures?: SharedFigures;
}

/**
 * An alarm's figures: its share of its batch's queries when it has one, else its own single
 * request. The figures are the same either way (`costs/window-figures.ts`).
 */
export async function figuresInWindow(
  deps: BurstFiguresDeps,
  accountId: string,
  now: Date,
  counter: RequestCounter,
  signal: AbortSignal,
  basis: CostBasis,
): Promise<AccountFigures> {
  const shared = await deps.sharedFigures?.answerFor(accountId, signal);
  if (shared) return { ...accountFiguresOf(accountId, now, shared, basis), shared: true };
  return getAccountFigures(deps.ce, accountId, now, counter, signal, basis);
}
