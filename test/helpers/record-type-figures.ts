import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import {
  type AccountFigures,
  accountFiguresOf,
  accountFiguresQuery,
} from '../../handlers/lib/costs/account-figures.js';
import { type CostBasis, DEFAULT_BASIS } from '../../handlers/lib/costs/cost-basis.js';
import {
  accountFilter,
  BY_RECORD_TYPE,
  BY_SERVICE,
  getAllCostAndUsage,
  RequestCounter,
} from '../../handlers/lib/costs/cost-queries.js';

/**
 * An account's figures from one request by service and record type over the alarm's days: what a
 * burst window's shared answers hold (credits and refunds included), the reference a window's
 * figures are checked against to the cent.
 */
export async function recordTypeFigures(
  client: CostExplorerClient,
  accountId: string,
  now: Date,
  basis: CostBasis = DEFAULT_BASIS,
): Promise<AccountFigures> {
  const { period } = accountFiguresQuery(accountId, now, basis);
  const answer = await getAllCostAndUsage(
    client,
    {
      period,
      Granularity: 'DAILY',
      GroupBy: [BY_SERVICE, BY_RECORD_TYPE],
      Filter: accountFilter(accountId, true),
      metric: basis.metric,
    },
    new RequestCounter(),
  );
  return accountFiguresOf(accountId, now, answer, basis);
}

/**
 * The usage figures alone (month to date by service, the days, the comparison, the closed month):
 * what the alarm's own request (usage by usage type) and a window's share give alike.
 */
export function usageOnly(figures: AccountFigures) {
  const {
    adjustments: _adjustments,
    credits: _credits,
    refunds: _refunds,
    creditsUnread: _unread,
    usageTypes: _usageTypes,
    shared: _shared,
    ...usage
  } = figures;
  return usage;
}
