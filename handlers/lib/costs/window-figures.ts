import type { CostExplorerClient, Expression } from '@aws-sdk/client-cost-explorer';
import { bounded } from '../bounded.js';
import { isOneOf } from '../unknown-values.js';
import { accountFiguresQuery, recentStart } from './account-figures.js';
import { type CostBasis, DEFAULT_BASIS, usageFilter } from './cost-basis.js';
import {
  BY_ACCOUNT,
  BY_RECORD_TYPE,
  BY_SERVICE,
  type CostQuery,
  CREDIT_RECORD_TYPES,
  type GroupedCost,
  getAllCostAndUsage,
  type PagedCosts,
  type RequestCounter,
} from './cost-queries.js';
import { isoDate } from './periods.js';

/**
 * The record type the window's by-service groups are labelled with: they are usage under the basis
 * (the query filtered the rest out), summed over usage record types by Cost Explorer.
 */
const USAGE = 'Usage';
/** The service label of the by-record-type groups: they are read only for totals, never by service. */
const ALL_SERVICES = '(all services)';

/** A filter on the window's linked accounts. */
function accountsFilter(accountIds: readonly string[]): Expression {
  return { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [...accountIds] } };
}

/**
 * The two queries a burst window makes for all its accounts (Cost Explorer groups by at most two
 * dimensions, so account × service × record type cannot be one query):
 * - `byService`: DAILY, by LINKED_ACCOUNT and SERVICE, usage only, from the first recent day
 *   (this month or the trend window) — month to date by service, the chart, the movers;
 * - `byRecordType`: DAILY, by LINKED_ACCOUNT and RECORD_TYPE, from the first of last month — last
 *   month's days (the comparison, the closed month), credits and refunds.
 * Together they hold, per account, the usage figures the alarm's own request
 * ({@link accountFiguresQuery}) gives — and credits and refunds by record type, which that request
 * leaves out — but no usage types: a window's alarms carry no drivers.
 */
export function windowQueries(
  accountIds: readonly string[],
  now: Date,
  basis: CostBasis = DEFAULT_BASIS,
): { byService: CostQuery; byRecordType: CostQuery } {
  const single = accountFiguresQuery(accountIds[0] ?? '', now, basis);
  const accounts = accountsFilter(accountIds);
  return {
    byService: {
      period: { start: recentStart(now), end: isoDate(now) },
      Granularity: 'DAILY',
      GroupBy: [BY_ACCOUNT, BY_SERVICE],
      Filter: { And: [accounts, usageFilter(basis)] },
      metric: basis.metric,
    },
    byRecordType: {
      period: single.period,
      Granularity: 'DAILY',
      GroupBy: [BY_ACCOUNT, BY_RECORD_TYPE],
      Filter: accounts,
      metric: basis.metric,
    },
  };
}

/**
 * Every account's answer, shaped as groups keyed `[service, record type]`, so that
 * `accountFiguresOf` reads from it the usage figures of the account's own request: the recent days by service (labelled usage),
 * the earlier days and the credits and refunds by record type. Every requested account has an
 * answer (empty when it had no cost).
 */
export function splitWindowAnswers(
  accountIds: readonly string[],
  now: Date,
  byService: PagedCosts,
  byRecordType: PagedCosts,
): Map<string, PagedCosts> {
  const recent = recentStart(now);
  const groups = new Map<string, GroupedCost[]>(accountIds.map((id) => [id, []]));
  const add = (account: string | undefined, group: GroupedCost) => {
    if (account !== undefined) groups.get(account)?.push(group);
  };
  for (const g of byService.groups) {
    const [account, service = 'Unknown'] = g.keys;
    add(account, { start: g.start, keys: [service, USAGE], amount: g.amount });
  }
  for (const g of byRecordType.groups) {
    const [account, recordType = USAGE] = g.keys;
    // Recent usage is in the by-service answer; credits and refunds are read from here on every day.
    if (g.start >= recent && !isOneOf(CREDIT_RECORD_TYPES, recordType)) continue;
    add(account, { start: g.start, keys: [ALL_SERVICES, recordType], amount: g.amount });
  }
  const units = new Set([...byService.units, ...byRecordType.units]);
  const estimated = byService.estimated || byRecordType.estimated;
  return new Map(
    [...groups].map(([id, list]) => [
      id,
      { groups: list, accountNames: new Map(), units: new Set(units), estimated },
    ]),
  );
}

/**
 * Accounts per by-service query: 5 accounts × 50 services × 19 days fill one page of 5,000 groups,
 * and the chunks page at once instead of one long chain of pages.
 */
export const ACCOUNTS_PER_QUERY = 5;
/** By-service queries in flight at once (Cost Explorer throttles bursts; the SDK retries). */
const QUERIES_IN_FLIGHT = 4;

/** `list` cut into pieces of `size`. */
function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Groups of several paged answers as one answer. */
function merged(answers: readonly PagedCosts[]): PagedCosts {
  return {
    groups: answers.flatMap((a) => a.groups),
    accountNames: new Map(answers.flatMap((a) => [...a.accountNames])),
    units: new Set(answers.flatMap((a) => [...a.units])),
    estimated: answers.some((a) => a.estimated),
  };
}

/**
 * The figures' answers of every account of a window from {@link windowQueries}: the by-service
 * query per {@link ACCOUNTS_PER_QUERY} accounts (at most 4 at once), the by-record-type query once,
 * each through every page and all at once — a few requests for many accounts, where each alarm
 * alone makes one. Throws as `getAllCostAndUsage` does.
 */
export async function getWindowCosts(
  ce: CostExplorerClient,
  accountIds: readonly string[],
  now: Date,
  counter: RequestCounter,
  signal?: AbortSignal,
  basis: CostBasis = DEFAULT_BASIS,
): Promise<Map<string, PagedCosts>> {
  const limit = bounded(QUERIES_IN_FLIGHT);
  const [byService, byRecordType] = await Promise.all([
    Promise.all(
      chunks(accountIds, ACCOUNTS_PER_QUERY).map((some) =>
        limit(() => getAllCostAndUsage(ce, windowQueries(some, now, basis).byService, counter, signal)),
      ),
    ),
    getAllCostAndUsage(ce, windowQueries(accountIds, now, basis).byRecordType, counter, signal),
  ]);
  return splitWindowAnswers(accountIds, now, merged(byService), byRecordType);
}
