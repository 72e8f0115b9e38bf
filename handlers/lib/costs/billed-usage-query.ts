import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { type CostBasis, usageFilter } from './cost-basis.js';
import { BY_ACCOUNT, getAllCostAndUsage, type PagedCosts, type RequestCounter } from './cost-queries.js';
import type { DateRange } from './periods.js';
import { BY_USAGE_TYPE } from './usage-types.js';

/** Cost Explorer's `SERVICE` value for EC2 instance hours (EBS, NAT and data transfer are `EC2 - Other`). */
export const EC2_COMPUTE_SERVICE = 'Amazon Elastic Compute Cloud - Compute';
/**
 * The reconciliation's bounds: accounts named in its one query, and the pages it may read (a
 * few usage types per account and day: 100 accounts × 8 days × 6 types is one page at the
 * stand-in's 5,000 groups). Past them the section says the reconciliation was not made.
 */
export const BILLED_USAGE = { maxAccounts: 100, maxPages: 3 } as const;

/**
 * The EC2 compute usage the estimates' accounts were billed, per day, account and usage type: one
 * GetCostAndUsage (DAILY, grouped by LINKED_ACCOUNT × USAGE_TYPE, filtered to the accounts, the
 * EC2 compute service and usage under the basis), paged up to {@link BILLED_USAGE.maxPages}.
 * Throws `PageLimitError` past the pages and `CostQueryError` when Cost Explorer fails.
 */
export function getBilledUsage(
  ce: CostExplorerClient,
  options: {
    readonly accounts: readonly string[];
    readonly period: DateRange;
    readonly basis: CostBasis;
    readonly counter: RequestCounter;
    readonly signal?: AbortSignal;
  },
): Promise<PagedCosts> {
  return getAllCostAndUsage(
    ce,
    {
      period: options.period,
      Granularity: 'DAILY',
      metric: options.basis.metric,
      GroupBy: [BY_ACCOUNT, BY_USAGE_TYPE],
      Filter: {
        And: [
          { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [...options.accounts] } },
          { Dimensions: { Key: 'SERVICE', Values: [EC2_COMPUTE_SERVICE] } },
          usageFilter(options.basis),
        ],
      },
      maxPages: BILLED_USAGE.maxPages,
    },
    options.counter,
    options.signal,
  );
}
