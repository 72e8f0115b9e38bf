import {
  type CostExplorerClient,
  type DimensionValuesWithAttributes,
  type Expression,
  GetCostAndUsageCommand,
  type GetCostAndUsageCommandInput,
  GetCostForecastCommand,
  type ResultByTime,
} from '@aws-sdk/client-cost-explorer';
import { failureCode, MalformedResponseError } from '../failure.js';
import { found, missing, type Result, toError } from '../result.js';
import type { DateRange } from './periods.js';

/** The cost metric used everywhere: what the bill shows before discounts are amortised. */
export const COST_METRIC = 'UnblendedCost';

/** Record types that are shown apart from usage, never netted silently. */
export const CREDIT_RECORD_TYPES = ['Credit', 'Refund'] as const;

/** Usage only: everything but credits and refunds. */
export const USAGE_ONLY: Expression = {
  Not: { Dimensions: { Key: 'RECORD_TYPE', Values: [...CREDIT_RECORD_TYPES] } },
};

/** Cost Explorer's linked-account dimension, for GroupBy and filters. */
export const BY_ACCOUNT = { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' } as const;
/** Cost Explorer's service dimension. */
export const BY_SERVICE = { Type: 'DIMENSION', Key: 'SERVICE' } as const;
/** Cost Explorer's record-type dimension. */
export const BY_RECORD_TYPE = { Type: 'DIMENSION', Key: 'RECORD_TYPE' } as const;

/** A filter on one linked account, and usage only unless `withCredits`. */
export function accountFilter(accountId: string, withCredits = false): Expression {
  const account: Expression = { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [accountId] } };
  return withCredits ? account : { And: [account, USAGE_ONLY] };
}

/** A Cost Explorer call that failed after the SDK's retries. */
export class CostQueryError extends Error {
  override readonly name = 'CostQueryError';
}

/** Counts the Cost Explorer requests a piece of work makes ($0.01 each, every page counts). */
export class RequestCounter {
  count = 0;
}

/** One grouped cost: the group's time bucket, keys and amount. */
export interface GroupedCost {
  readonly start: string;
  readonly keys: readonly string[];
  readonly amount: number;
}

/** The result of a paged GetCostAndUsage: flat groups, the linked-account names and the units. */
export interface PagedCosts {
  readonly groups: GroupedCost[];
  readonly accountNames: Map<string, string>;
  /** Every `Unit` Cost Explorer labelled an amount with (one, normally: the billing currency). */
  readonly units: Set<string>;
  readonly estimated: boolean;
}

/** What a query reads: everything but the metric (always {@link COST_METRIC}) and the page token. */
export type CostQuery = Omit<GetCostAndUsageCommandInput, 'NextPageToken' | 'Metrics' | 'TimePeriod'> & {
  readonly period: DateRange;
};

/** Runs GetCostAndUsage through every NextPageToken page with the same parameters. */
export async function getAllCostAndUsage(
  ce: CostExplorerClient,
  query: CostQuery,
  counter: RequestCounter,
  signal?: AbortSignal,
): Promise<PagedCosts> {
  const { period, ...rest } = query;
  const groups: GroupedCost[] = [];
  const accountNames = new Map<string, string>();
  const units = new Set<string>();
  let estimated = false;
  let token: string | undefined;
  do {
    counter.count += 1;
    const page = await ce
      .send(
        new GetCostAndUsageCommand({
          ...rest,
          TimePeriod: { Start: period.start, End: period.end },
          Metrics: [COST_METRIC],
          NextPageToken: token,
        }),
        signal ? { abortSignal: signal } : {},
      )
      .catch((thrown: unknown) => {
        const err = toError(thrown);
        throw new CostQueryError(`GetCostAndUsage failed: ${err.name}: ${err.message}`, { cause: err });
      });
    for (const result of page.ResultsByTime ?? []) {
      estimated ||= result.Estimated === true;
      collectGroups(result, groups, units);
    }
    for (const attr of page.DimensionValueAttributes ?? []) addName(attr, accountNames);
    token = page.NextPageToken || undefined;
  } while (token);
  return { groups, accountNames, units, estimated };
}

/** A forecast amount and the unit Cost Explorer gave it. */
export interface Forecast {
  readonly amount: number;
  readonly unit: string;
}

/**
 * Cost Explorer's forecast of usage over `range` (it starts today at the earliest), for the whole
 * organisation or `filter`. Any failure — too little history, throttling past the retries, an
 * outage, an answer that is not a number — is a reason, never a throw: a forecast is a detail.
 */
export async function getForecast(
  ce: CostExplorerClient,
  range: DateRange,
  counter: RequestCounter,
  options: { filter?: Expression; signal?: AbortSignal } = {},
): Promise<Result<Forecast>> {
  counter.count += 1;
  try {
    const out = await ce.send(
      new GetCostForecastCommand({
        TimePeriod: { Start: range.start, End: range.end },
        Metric: 'UNBLENDED_COST',
        Granularity: 'MONTHLY',
        Filter: options.filter ? { And: [options.filter, USAGE_ONLY] } : USAGE_ONLY,
      }),
      options.signal ? { abortSignal: options.signal } : {},
    );
    const amount = parseAmount(out.Total?.Amount, 'GetCostForecast Total.Amount');
    return found({ amount, unit: out.Total?.Unit ?? '' });
  } catch (err) {
    return missing(failureCode(err));
  }
}

/** Parses a Cost Explorer amount string ("12.3456789"); anything else is a malformed answer. */
export function parseAmount(text: string | undefined, what = 'Amount'): number {
  const n = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(n)) {
    throw new MalformedResponseError(`${what} is ${JSON.stringify(text)}, not a number`);
  }
  return n;
}

function collectGroups(result: ResultByTime, into: GroupedCost[], units: Set<string>): void {
  const start = result.TimePeriod?.Start ?? '';
  for (const g of result.Groups ?? []) {
    const metric = g.Metrics?.[COST_METRIC];
    if (metric?.Unit) units.add(metric.Unit);
    into.push({
      start,
      keys: g.Keys ?? [],
      amount: parseAmount(metric?.Amount, `${COST_METRIC} of ${g.Keys?.join('/')}`),
    });
  }
  const total = result.Total?.[COST_METRIC];
  if (!result.Groups?.length && total) {
    if (total.Unit) units.add(total.Unit);
    into.push({ start, keys: [], amount: parseAmount(total.Amount, `${COST_METRIC} total`) });
  }
}

function addName(attr: DimensionValuesWithAttributes, names: Map<string, string>): void {
  const name = attr.Attributes?.description;
  if (attr.Value && name) names.set(attr.Value, name);
}
