import type { CostExplorerClient, Expression } from '@aws-sdk/client-cost-explorer';
import type { CostBasis } from './cost-basis.js';
import {
  BY_ACCOUNT,
  BY_REGION,
  BY_SERVICE,
  getAllCostAndUsage,
  type PagedCosts,
  type RequestCounter,
} from './cost-queries.js';
import { addDays, type DateRange, type IsoDate } from './periods.js';

/**
 * The check's bounds: the week whose first spends are listed, the days before it in which an
 * account must have had no spend on a service or in a Region, and the pages each of the four
 * queries may take (5,000 groups a page in the stand-in): at most 20 requests ($0.20) a report.
 * Past the pages the check is not made, and the report says so.
 */
export const FIRST_SPEND = { weekDays: 7, lookbackDays: 90, maxPages: 5 } as const;

/** The days the check compares: the week, and the {@link FIRST_SPEND.lookbackDays} days before it. */
export interface FirstSpendWindow {
  readonly week: DateRange;
  readonly lookback: DateRange;
}

/** The week ending before `today` (Cost Explorer's days run to yesterday) and the 90 days before it. */
export function firstSpendWindow(today: IsoDate): FirstSpendWindow {
  const weekStart = addDays(today, -FIRST_SPEND.weekDays);
  return {
    week: { start: weekStart, end: today },
    lookback: { start: addDays(weekStart, -FIRST_SPEND.lookbackDays), end: weekStart },
  };
}

/** The four answers the check reads: account × service and account × Region, over the week and over the lookback. */
export interface FirstSpendCosts {
  readonly window: FirstSpendWindow;
  readonly services: { readonly week: PagedCosts; readonly lookback: PagedCosts };
  readonly regions: { readonly week: PagedCosts; readonly lookback: PagedCosts };
}

/**
 * Reads what the first-spend check needs, organisation-wide, in four grouped queries (Cost
 * Explorer groups by at most two dimensions, so account × service and account × Region are two),
 * all MONTHLY: the week is one or two groups per pair (two when a month ends in it), the 90 days
 * before four or five — days are not needed, only whether a pair had spend. The week is read
 * first: when it alone passes `FIRST_SPEND.maxPages`, the lookback is not asked for.
 * Throws {@link PageLimitError} past the limit and `CostQueryError` when Cost Explorer fails.
 */
export async function getFirstSpendCosts(
  ce: CostExplorerClient,
  options: {
    readonly today: IsoDate;
    readonly usage: Expression;
    readonly metric: CostBasis['metric'];
    readonly counter: RequestCounter;
    readonly signal?: AbortSignal;
  },
): Promise<FirstSpendCosts> {
  const window = firstSpendWindow(options.today);
  const query = (period: DateRange, by: typeof BY_SERVICE | typeof BY_REGION) =>
    getAllCostAndUsage(
      ce,
      {
        period,
        Granularity: 'MONTHLY',
        GroupBy: [BY_ACCOUNT, by],
        Filter: options.usage,
        ...(options.metric ? { metric: options.metric } : {}),
        maxPages: FIRST_SPEND.maxPages,
      },
      options.counter,
      options.signal,
    );
  const [serviceWeek, regionWeek] = await Promise.all([
    query(window.week, BY_SERVICE),
    query(window.week, BY_REGION),
  ]);
  const [serviceLookback, regionLookback] = await Promise.all([
    query(window.lookback, BY_SERVICE),
    query(window.lookback, BY_REGION),
  ]);
  return {
    window,
    services: { week: serviceWeek, lookback: serviceLookback },
    regions: { week: regionWeek, lookback: regionLookback },
  };
}
