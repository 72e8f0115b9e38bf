import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { type CostBasis, countsAsUsage, DEFAULT_BASIS } from './cost-basis.js';
import {
  accountFilter,
  BY_SERVICE,
  type CostQuery,
  type GroupedCost,
  getAllCostAndUsage,
  type PagedCosts,
  type RequestCounter,
} from './cost-queries.js';
import { sum } from './money.js';
import {
  addMonths,
  billingPeriods,
  type CostPeriods,
  type IsoDate,
  isoDate,
  trendWindow,
} from './periods.js';
import { adjustmentsOf, BY_USAGE_TYPE } from './usage-types.js';

/** One account's figures for its alarm email, from one filtered Cost Explorer request (or a burst window's share). */
export interface AccountFigures {
  readonly id: string;
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
  /** Credits over `periods.current` (0 when {@link creditsUnread}). */
  readonly credits: number;
  /** Refunds over `periods.current` (0 when {@link creditsUnread}). */
  readonly refunds: number;
  /**
   * The alarm's own request reads usage only (by service and usage type): credits, refunds and the
   * services' credit lines were not read, and the email says so rather than showing zeros.
   */
  readonly creditsUnread?: boolean;
  /**
   * The usage groups of the alarm's own request, keyed `[service, usage type]` with their
   * quantities: what the drivers split (`alarm/alarm-drivers.ts`), with no second request.
   */
  readonly usageTypes?: readonly GroupedCost[];
  /** Usage over `periods.comparison` (the same days of last month). */
  readonly comparison: number;
  /**
   * Usage of the whole month before `periods.month`, read when this month has no cost yet (the 1st,
   * or Cost Explorer not refreshed): what the email shows instead of an empty month to date.
   */
  readonly closedMonth?: number;
  /** Usage by day over `periods.trend`. */
  readonly daily: Record<IsoDate, number>;
  /** Usage by service and day over the trend window, for the movers. */
  readonly dailyByService: Record<string, Record<IsoDate, number>>;
  /** Each service's credit, discount and commitment lines over the comparison and the current period (the drivers' third part). */
  readonly adjustments?: Record<string, { before: number; after: number }>;
  /** Read from a burst window's shared answers (`alarm/burst-figures.ts`), not the alarm's own request. */
  readonly shared?: boolean;
}

/**
 * The one Cost Explorer request an alarm makes: its account's usage by day, service and usage type,
 * with `UsageQuantity` beside the cost, from the first of last month to today. Its days cover the
 * month to date, the trend window and the same days of last month, so month to date by service, the
 * daily chart, the movers, the comparison, the run-rate forecast AND the typed drivers (usage types ×
 * quantity, issue 21) all come from this answer. Cost Explorer groups by at most two dimensions, so
 * record types are not in it: credits and refunds are filtered out as the figures always counted
 * them (apart from usage) and are said to be unread (DESIGN.md "One request per alarm").
 */
export function accountFiguresQuery(
  accountId: string,
  now: Date,
  basis: CostBasis = DEFAULT_BASIS,
): CostQuery {
  const today = isoDate(now);
  return {
    period: { start: addMonths(billingPeriods(now).month.start, -1), end: today },
    Granularity: 'DAILY',
    GroupBy: [BY_SERVICE, BY_USAGE_TYPE],
    Filter: accountFilter(accountId, false, basis),
    metric: basis.metric,
    withQuantity: true,
  };
}

/**
 * The alarmed account's figures, never the organisation's, from {@link accountFiguresQuery}: one
 * request (every page of it) whatever the organisation's size. The account's name is not in this
 * answer (it is grouped by service): Organizations names the account.
 */
export async function getAccountFigures(
  ce: CostExplorerClient,
  accountId: string,
  now: Date,
  counter: RequestCounter,
  signal?: AbortSignal,
  basis: CostBasis = DEFAULT_BASIS,
): Promise<AccountFigures> {
  const answer = await getAllCostAndUsage(ce, accountFiguresQuery(accountId, now, basis), counter, signal);
  return accountUsageFiguresOf(accountId, now, answer, basis);
}

/** Record type of the usage groups {@link accountFiguresQuery} returns (its filter leaves only usage). */
const USAGE = 'Usage';

/**
 * Reads an account's figures out of the answer to {@link accountFiguresQuery} (groups keyed
 * `[service, usage type]`, usage only): the same figures {@link accountFiguresOf} reads from
 * groups by record type, with the usage types kept for the drivers and credits said unread.
 */
export function accountUsageFiguresOf(
  accountId: string,
  now: Date,
  answer: PagedCosts,
  basis: CostBasis = DEFAULT_BASIS,
): AccountFigures {
  const byRecordType = {
    ...answer,
    groups: answer.groups.map((g) => ({
      start: g.start,
      keys: [g.keys[0] ?? 'Unknown', USAGE],
      amount: g.amount,
    })),
  };
  const { adjustments: _none, ...figures } = accountFiguresOf(accountId, now, byRecordType, basis);
  return { ...figures, creditsUnread: true, usageTypes: answer.groups };
}

/**
 * The first day the chart, the movers and the last day with data are read from: this month's or the
 * trend window's, whichever is earlier. Last month's earlier days only feed the comparison.
 */
export function recentStart(now: Date): IsoDate {
  const month = billingPeriods(now).month;
  const trend = trendWindow(isoDate(now));
  return month.start < trend.start ? month.start : trend.start;
}

/**
 * Reads an account's figures out of groups keyed `[service, record type]`: a burst window's shared
 * answer (`costs/window-figures.ts`), which holds credits and refunds by record type.
 */
export function accountFiguresOf(
  accountId: string,
  now: Date,
  answer: PagedCosts,
  basis: CostBasis = DEFAULT_BASIS,
): AccountFigures {
  const month = billingPeriods(now).month;
  const recent = recentStart(now);
  const daily: Record<IsoDate, number> = {};
  const dailyByService: Record<string, Record<IsoDate, number>> = {};
  const lastMonth: { day: IsoDate; amount: number }[] = [];
  const credits: number[] = [];
  const refunds: number[] = [];
  let dataThrough: IsoDate | null = null;
  for (const g of answer.groups) {
    const [service = 'Unknown', recordType = 'Usage'] = g.keys;
    const inMonth = g.start >= month.start && g.start < month.end;
    if (recordType === 'Credit' || recordType === 'Refund') {
      if (inMonth) (recordType === 'Credit' ? credits : refunds).push(g.amount);
      continue;
    }
    if (!countsAsUsage(recordType, basis)) continue;
    if (g.start < month.start) lastMonth.push({ day: g.start, amount: g.amount });
    if (g.start < recent) continue;
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
  const comparison = lastMonth
    .filter(({ day }) => day >= periods.comparison.start && day < periods.comparison.end)
    .map(({ amount }) => amount);
  const units = [...answer.units].sort();
  // No cost this month yet (the 1st, or Cost Explorer not refreshed): the month just closed, whole.
  const closing = dataThrough !== null && dataThrough < month.start;
  return {
    id: accountId,
    unit: units[0] ?? '',
    units,
    periods,
    dataThrough,
    estimated: answer.estimated,
    byService,
    current: sum(Object.values(byService)),
    credits: sum(credits),
    refunds: sum(refunds),
    // A month without days has nothing to compare: the closed month is given apart.
    comparison: closing ? 0 : sum(comparison),
    ...(closing ? { closedMonth: sum(lastMonth.map(({ amount }) => amount)) } : {}),
    daily,
    dailyByService,
    adjustments: Object.fromEntries(adjustmentsOf(answer.groups, periods)),
  };
}
