import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import {
  CREDIT_RECORD_TYPES,
  getAllCostAndUsage,
  getForecast,
  RequestCounter,
  USAGE_ONLY,
} from './cost-queries.js';
import { sum } from './money.js';
import { type IsoDate, snapshotPeriods } from './periods.js';
import type { CostSnapshot } from './snapshot-schema.js';

/** Options of {@link buildSnapshot}. */
export interface BuildSnapshotOptions {
  readonly now: Date;
  readonly currency: string;
}

/**
 * Builds the organisation's cost snapshot with a constant number of grouped queries (plus pages):
 * month to date by account × service, credits and refunds by account, the same days last month by
 * account, daily usage by account over the trend window, and one org-level forecast.
 */
export async function buildSnapshot(
  ce: CostExplorerClient,
  options: BuildSnapshotOptions,
): Promise<CostSnapshot> {
  const periods = snapshotPeriods(options.now);
  const counter = new RequestCounter();
  const byAccount = { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' } as const;
  const range = (r: { start: string; end: string }) => ({ Start: r.start, End: r.end });

  const [services, credits, lastMonth, daily] = await Promise.all([
    getAllCostAndUsage(
      ce,
      {
        TimePeriod: range(periods.monthToDate),
        Granularity: 'MONTHLY',
        GroupBy: [byAccount, { Type: 'DIMENSION', Key: 'SERVICE' }],
        Filter: USAGE_ONLY,
      },
      counter,
    ),
    getAllCostAndUsage(
      ce,
      {
        TimePeriod: range(periods.monthToDate),
        Granularity: 'MONTHLY',
        GroupBy: [byAccount, { Type: 'DIMENSION', Key: 'RECORD_TYPE' }],
        Filter: { Dimensions: { Key: 'RECORD_TYPE', Values: [...CREDIT_RECORD_TYPES] } },
      },
      counter,
    ),
    periods.sameDaysLastMonth.start < periods.sameDaysLastMonth.end
      ? getAllCostAndUsage(
          ce,
          {
            TimePeriod: range(periods.sameDaysLastMonth),
            Granularity: 'MONTHLY',
            GroupBy: [byAccount],
            Filter: USAGE_ONLY,
          },
          counter,
        )
      : undefined,
    getAllCostAndUsage(
      ce,
      { TimePeriod: range(periods.daily), Granularity: 'DAILY', GroupBy: [byAccount], Filter: USAGE_ONLY },
      counter,
    ),
  ]);

  // The rest of the month from today (Cost Explorer forecasts start today at the earliest).
  const forecast = await getForecast(ce, { start: periods.today, end: periods.nextMonthStart }, counter);

  const names = new Map([
    ...daily.accountNames,
    ...(lastMonth?.accountNames ?? []),
    ...services.accountNames,
  ]);
  const accounts = new Map<string, MutableAccount>();
  const account = (id: string): MutableAccount => {
    let a = accounts.get(id);
    if (!a) {
      a = { id, byService: {}, credits: [], refunds: [], daily: {}, lastMonth: [] };
      accounts.set(id, a);
    }
    return a;
  };
  for (const g of services.groups) {
    const [id, service] = g.keys;
    if (!id || !service) continue;
    const a = account(id);
    a.byService[service] = sum([a.byService[service] ?? 0, g.amount]);
  }
  for (const g of credits.groups) {
    const [id, recordType] = g.keys;
    if (!id) continue;
    (recordType === 'Refund' ? account(id).refunds : account(id).credits).push(g.amount);
  }
  for (const g of lastMonth?.groups ?? []) {
    if (g.keys[0]) account(g.keys[0]).lastMonth.push(g.amount);
  }
  let dataThrough: IsoDate | null = null;
  for (const g of daily.groups) {
    const id = g.keys[0];
    if (!id) continue;
    const a = account(id);
    a.daily[g.start] = sum([a.daily[g.start] ?? 0, g.amount]);
    if (g.amount !== 0 && (dataThrough === null || g.start > dataThrough)) dataThrough = g.start;
  }

  return {
    version: 2,
    builtAt: options.now.toISOString(),
    currency: options.currency,
    periods,
    dataThrough,
    estimated: services.estimated || daily.estimated,
    accounts: [...accounts.values()]
      .map((a) => ({
        id: a.id,
        name: names.get(a.id) ?? a.id,
        byService: a.byService,
        monthToDate: sum(Object.values(a.byService)),
        credits: sum(a.credits),
        refunds: sum(a.refunds),
        daily: a.daily,
        sameDaysLastMonth: sum(a.lastMonth),
      }))
      .sort((x, y) => y.monthToDate - x.monthToDate || x.id.localeCompare(y.id)),
    forecast,
    costExplorerRequests: counter.count,
  };
}

interface MutableAccount {
  id: string;
  byService: Record<string, number>;
  credits: number[];
  refunds: number[];
  daily: Record<IsoDate, number>;
  lastMonth: number[];
}
