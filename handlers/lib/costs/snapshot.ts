import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { type CostBasis, DEFAULT_BASIS, usageFilter } from './cost-basis.js';
import {
  BY_ACCOUNT,
  BY_RECORD_TYPE,
  BY_SERVICE,
  CREDIT_RECORD_TYPES,
  getAllCostAndUsage,
  getForecast,
  type PagedCosts,
  RequestCounter,
} from './cost-queries.js';
import { sum } from './money.js';
import { addMonths, type IsoDate, isoDate, moverWindows, reportPeriods, trendWindow } from './periods.js';
import type { CostSnapshot } from './snapshot-schema.js';

/** Accounts whose daily usage the snapshot keeps: the chart draws the first few, movers rank them all. */
export const TOP_DAILY_ACCOUNTS = 25;

/** Options of {@link buildSnapshot}. */
export interface BuildSnapshotOptions {
  readonly now: Date;
  /** The reader's time zone: it decides which month the report is about. */
  readonly timeZone: string;
  /** Stops the requests when the caller's time is up. */
  readonly signal?: AbortSignal;
  /** What the figures count. @default {@link DEFAULT_BASIS} */
  readonly basis?: CostBasis;
}

/**
 * Builds the organisation's cost snapshot with a constant number of grouped queries (plus pages),
 * never one per account:
 * 1. daily usage by service over the trend window — the organisation's days, "costs as of", the
 *    service movers, and whether the month has data yet (else the report closes the month before);
 * 2. usage by account and by service over the current and the comparison period;
 * 3. credits and refunds by account;
 * 4. daily usage of the largest accounts only (one filtered request);
 * 5. one organisation forecast (month to date only);
 * 6. last month's whole total, one ungrouped request (month to date only: a closed month's
 *    comparison already is the whole month before).
 */
export async function buildSnapshot(
  ce: CostExplorerClient,
  options: BuildSnapshotOptions,
): Promise<CostSnapshot> {
  const counter = new RequestCounter();
  const { signal } = options;
  const basis = options.basis ?? DEFAULT_BASIS;
  const usage = usageFilter(basis);
  const metric = basis.metric;
  const today = isoDate(options.now);
  const trend = trendWindow(today);
  const daily = await getAllCostAndUsage(
    ce,
    { period: trend, Granularity: 'DAILY', GroupBy: [BY_SERVICE], Filter: usage, metric },
    counter,
    signal,
  );
  const orgDaily: Record<IsoDate, number> = {};
  const serviceDaily = new Map<string, Record<IsoDate, number>>();
  let dataThrough: IsoDate | null = null;
  for (const g of daily.groups) {
    orgDaily[g.start] = sum([orgDaily[g.start] ?? 0, g.amount]);
    const service = g.keys[0] ?? 'Unknown';
    const days = serviceDaily.get(service) ?? {};
    days[g.start] = sum([days[g.start] ?? 0, g.amount]);
    serviceDaily.set(service, days);
    if (g.amount !== 0 && (dataThrough === null || g.start > dataThrough)) dataThrough = g.start;
  }
  const periods = reportPeriods(options.now, options.timeZone, dataThrough);

  const monthly = (
    period: { start: string; end: string },
    groupBy: (typeof BY_ACCOUNT | typeof BY_SERVICE)[],
  ) =>
    getAllCostAndUsage(
      ce,
      { period, Granularity: 'MONTHLY', GroupBy: groupBy, Filter: usage, metric },
      counter,
      signal,
    );
  const forecastRange = { start: periods.today, end: periods.month.end };
  const closing = periods.mode === 'monthClose';
  const [
    currentByAccount,
    currentByService,
    credits,
    comparisonByAccount,
    comparisonByService,
    forecast,
    previousMonth,
  ] = await Promise.all([
    monthly(periods.current, [BY_ACCOUNT]),
    monthly(periods.current, [BY_SERVICE]),
    getAllCostAndUsage(
      ce,
      {
        period: periods.current,
        Granularity: 'MONTHLY',
        GroupBy: [BY_ACCOUNT, BY_RECORD_TYPE],
        Filter: { Dimensions: { Key: 'RECORD_TYPE', Values: [...CREDIT_RECORD_TYPES] } },
        metric,
      },
      counter,
      signal,
    ),
    monthly(periods.comparison, [BY_ACCOUNT]),
    monthly(periods.comparison, [BY_SERVICE]),
    periods.mode === 'monthToDate' && forecastRange.start < forecastRange.end
      ? getForecast(ce, forecastRange, counter, { basis, ...(signal ? { signal } : {}) })
      : undefined,
    closing
      ? undefined
      : monthly({ start: addMonths(periods.month.start, -1), end: periods.month.start }, []),
  ]);

  const accounts = accountTotals(currentByAccount, comparisonByAccount, credits, daily);
  const top = accounts.slice(0, TOP_DAILY_ACCOUNTS).map((a) => a.id);
  const topDaily =
    top.length > 0
      ? await getAllCostAndUsage(
          ce,
          {
            period: trend,
            Granularity: 'DAILY',
            GroupBy: [BY_ACCOUNT],
            Filter: { And: [{ Dimensions: { Key: 'LINKED_ACCOUNT', Values: top } }, usage] },
            metric,
          },
          counter,
          signal,
        )
      : undefined;
  const dailyOf = new Map<string, Record<IsoDate, number>>(top.map((id) => [id, {}]));
  for (const g of topDaily?.groups ?? []) {
    const days = dailyOf.get(g.keys[0] ?? '');
    if (days) days[g.start] = sum([days[g.start] ?? 0, g.amount]);
  }

  const all = [currentByAccount, currentByService, credits, comparisonByAccount, comparisonByService, daily];
  const units = [...new Set(all.flatMap((p) => [...p.units]))].sort();
  const windows = dataThrough ? moverWindows(dataThrough) : undefined;
  return {
    version: 3,
    builtAt: options.now.toISOString(),
    unit: units[0] ?? (forecast?.ok ? forecast.value.unit : ''),
    units,
    timeZone: options.timeZone,
    basis: { metric: basis.metric, exclude: [...basis.exclude] },
    periods,
    dataThrough,
    estimated: all.some((p) => p.estimated),
    accounts,
    services: serviceTotals(currentByService, comparisonByService, serviceDaily, windows),
    daily: orgDaily,
    previousMonthTotal: previousMonth
      ? sum(previousMonth.groups.map((g) => g.amount))
      : sum(comparisonByAccount.groups.map((g) => g.amount)),
    topAccountsDaily: top.map((id) => ({ id, daily: dailyOf.get(id) ?? {} })),
    forecast:
      forecast ??
      (periods.mode === 'monthToDate'
        ? { ok: true, value: { amount: 0, unit: units[0] ?? '' } }
        : { ok: false, reason: 'noData' }),
    costExplorerRequests: counter.count,
  };
}

/** Sums each group's amount by its first key. */
function byFirstKey(costs: PagedCosts): Map<string, number> {
  const out = new Map<string, number>();
  for (const g of costs.groups) {
    const key = g.keys[0];
    if (key) out.set(key, sum([out.get(key) ?? 0, g.amount]));
  }
  return out;
}

function accountTotals(
  current: PagedCosts,
  comparison: PagedCosts,
  credits: PagedCosts,
  daily: PagedCosts,
): CostSnapshot['accounts'] {
  const usage = byFirstKey(current);
  const before = byFirstKey(comparison);
  const creditOf = new Map<string, { credits: number[]; refunds: number[] }>();
  for (const g of credits.groups) {
    const [id, recordType] = g.keys;
    if (!id) continue;
    const entry = creditOf.get(id) ?? { credits: [], refunds: [] };
    (recordType === 'Refund' ? entry.refunds : entry.credits).push(g.amount);
    creditOf.set(id, entry);
  }
  const names = new Map([
    ...daily.accountNames,
    ...comparison.accountNames,
    ...credits.accountNames,
    ...current.accountNames,
  ]);
  const ids = new Set([...usage.keys(), ...before.keys(), ...creditOf.keys()]);
  return [...ids]
    .map((id) => ({
      id,
      name: names.get(id) ?? id,
      current: usage.get(id) ?? 0,
      comparison: before.get(id) ?? 0,
      credits: sum(creditOf.get(id)?.credits ?? []),
      refunds: sum(creditOf.get(id)?.refunds ?? []),
    }))
    .sort((x, y) => y.current - x.current || x.id.localeCompare(y.id));
}

function serviceTotals(
  current: PagedCosts,
  comparison: PagedCosts,
  daily: Map<string, Record<IsoDate, number>>,
  windows: ReturnType<typeof moverWindows> | undefined,
): CostSnapshot['services'] {
  const usage = byFirstKey(current);
  const before = byFirstKey(comparison);
  const names = new Set([...usage.keys(), ...before.keys(), ...daily.keys()]);
  const windowSum = (days: Record<IsoDate, number> | undefined, window: readonly IsoDate[] | undefined) =>
    sum((window ?? []).map((d) => days?.[d] ?? 0));
  return [...names]
    .map((name) => ({
      name,
      current: usage.get(name) ?? 0,
      comparison: before.get(name) ?? 0,
      last: windowSum(daily.get(name), windows?.last),
      before: windowSum(daily.get(name), windows?.before),
    }))
    .sort((x, y) => y.current - x.current || x.name.localeCompare(y.name));
}
