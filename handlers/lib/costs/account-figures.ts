import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { type CostBasis, countsAsUsage, DEFAULT_BASIS } from './cost-basis.js';
import {
  accountFilter,
  BY_ACCOUNT,
  BY_RECORD_TYPE,
  BY_SERVICE,
  getAllCostAndUsage,
  type RequestCounter,
} from './cost-queries.js';
import { sum } from './money.js';
import { billingPeriods, type CostPeriods, type IsoDate, isoDate, trendWindow } from './periods.js';

/** One account's figures for its alarm email, from at most two filtered Cost Explorer requests. */
export interface AccountFigures {
  readonly id: string;
  /** From Cost Explorer's linked-account attributes, when it named the account. */
  readonly name?: string;
  /** The unit Cost Explorer labelled the amounts with. */
  readonly unit: string;
  readonly units: string[];
  /** The billing month's periods (UTC), through the account's last day with cost. */
  readonly periods: CostPeriods;
  readonly dataThrough: IsoDate | null;
  readonly estimated: boolean;
  /** Usage by service over `periods.current`. */
  readonly byService: Record<string, number>;
  /** Usage over `periods.current` (the sum of `byService`). */
  readonly current: number;
  readonly credits: number;
  readonly refunds: number;
  /** Usage over `periods.comparison` (the same days of last month). */
  readonly comparison: number;
  /** Usage by day over `periods.trend`. */
  readonly daily: Record<IsoDate, number>;
  /** Usage by service and day over the trend window, for the movers. */
  readonly dailyByService: Record<string, Record<IsoDate, number>>;
}

/**
 * The alarmed account's figures, never the organisation's: one DAILY request by service and record
 * type over the month and the trend window (month to date by service, credits, refunds, the daily
 * chart, the movers), then one MONTHLY request for the same days of last month (which also names
 * the account). Two requests whatever the organisation's size.
 */
export async function getAccountFigures(
  ce: CostExplorerClient,
  accountId: string,
  now: Date,
  counter: RequestCounter,
  signal?: AbortSignal,
  basis: CostBasis = DEFAULT_BASIS,
): Promise<AccountFigures> {
  const today = isoDate(now);
  const month = billingPeriods(now).month;
  const trend = trendWindow(today);
  const start = month.start < trend.start ? month.start : trend.start;
  const days = await getAllCostAndUsage(
    ce,
    {
      period: { start, end: today > start ? today : month.end },
      Granularity: 'DAILY',
      GroupBy: [BY_SERVICE, BY_RECORD_TYPE],
      Filter: accountFilter(accountId, true),
      metric: basis.metric,
    },
    counter,
    signal,
  );
  const daily: Record<IsoDate, number> = {};
  const dailyByService: Record<string, Record<IsoDate, number>> = {};
  const credits: number[] = [];
  const refunds: number[] = [];
  let dataThrough: IsoDate | null = null;
  for (const g of days.groups) {
    const [service = 'Unknown', recordType = 'Usage'] = g.keys;
    const inMonth = g.start >= month.start && g.start < month.end;
    if (recordType === 'Credit' || recordType === 'Refund') {
      if (inMonth) (recordType === 'Credit' ? credits : refunds).push(g.amount);
      continue;
    }
    if (!countsAsUsage(recordType, basis)) continue;
    const perDay = dailyByService[service] ?? {};
    perDay[g.start] = sum([perDay[g.start] ?? 0, g.amount]);
    dailyByService[service] = perDay;
    daily[g.start] = sum([daily[g.start] ?? 0, g.amount]);
    if (g.amount !== 0 && (dataThrough === null || g.start > dataThrough)) dataThrough = g.start;
  }
  const periods = billingPeriods(now, dataThrough);
  const byService: Record<string, number> = {};
  for (const [service, perDay] of Object.entries(dailyByService)) {
    const inCurrent = Object.entries(perDay).filter(
      ([d]) => d >= periods.current.start && d < periods.current.end,
    );
    if (inCurrent.length > 0) byService[service] = sum(inCurrent.map(([, v]) => v));
  }
  for (const d of Object.keys(daily)) if (d < periods.trend.start) delete daily[d];

  const lastMonth = await getAllCostAndUsage(
    ce,
    {
      period: periods.comparison,
      Granularity: 'MONTHLY',
      GroupBy: [BY_ACCOUNT],
      Filter: accountFilter(accountId, false, basis),
      metric: basis.metric,
    },
    counter,
    signal,
  );
  const units = [...new Set([...days.units, ...lastMonth.units])].sort();
  const name = lastMonth.accountNames.get(accountId);
  return {
    id: accountId,
    ...(name ? { name } : {}),
    unit: units[0] ?? '',
    units,
    periods,
    dataThrough,
    estimated: days.estimated || lastMonth.estimated,
    byService,
    current: sum(Object.values(byService)),
    credits: sum(credits),
    refunds: sum(refunds),
    comparison: sum(lastMonth.groups.map((g) => g.amount)),
    daily,
    dailyByService,
  };
}
