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
import { type CostBasis, DEFAULT_BASIS, forecastMetric, usageFilter } from './cost-basis.js';
import type { DateRange } from './periods.js';

/** The cost metric used everywhere: what the bill shows before discounts are amortised. */
export const COST_METRIC = 'UnblendedCost';

export { CREDIT_RECORD_TYPES } from './cost-basis.js';

/** Usage under the default basis: everything but credits and refunds. */
export const USAGE_ONLY: Expression = usageFilter(DEFAULT_BASIS);

/** Cost Explorer's linked-account dimension, for GroupBy and filters. */
export const BY_ACCOUNT = { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' } as const;
/** Cost Explorer's service dimension. */
export const BY_SERVICE = { Type: 'DIMENSION', Key: 'SERVICE' } as const;
/** Cost Explorer's Region dimension (`NoRegion`, `global` for charges of no Region). */
export const BY_REGION = { Type: 'DIMENSION', Key: 'REGION' } as const;
/** Cost Explorer's record-type dimension. */
export const BY_RECORD_TYPE = { Type: 'DIMENSION', Key: 'RECORD_TYPE' } as const;

/** A filter on one linked account, and usage only (under `basis`) unless `withCredits`. */
export function accountFilter(
  accountId: string,
  withCredits = false,
  basis: CostBasis = DEFAULT_BASIS,
): Expression {
  const account: Expression = { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [accountId] } };
  return withCredits ? account : { And: [account, usageFilter(basis)] };
}

/** A Cost Explorer call that failed after the SDK's retries. */
export class CostQueryError extends Error {
  override readonly name = 'CostQueryError';
}

/** A query that still had pages after its `maxPages`: its answer is not read whole, so not used. */
export class PageLimitError extends Error {
  override readonly name = 'PageLimitError';
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
  /** `UsageQuantity` and its unit, when the query asked for it (`withQuantity`). */
  readonly quantity?: { readonly amount: number; readonly unit: string };
}

/** Cost Explorer's usage-quantity metric: summed whatever the units (see `usage-types.ts`). */
export const QUANTITY_METRIC = 'UsageQuantity';

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
  /** The metric read. @default {@link COST_METRIC} */
  readonly metric?: CostBasis['metric'];
  /** Also read {@link QUANTITY_METRIC} in the same request. @default false */
  readonly withQuantity?: boolean;
  /** Pages read at most; a further page throws {@link PageLimitError}. @default - every page */
  readonly maxPages?: number;
};

/** Runs GetCostAndUsage through every NextPageToken page with the same parameters. */
export async function getAllCostAndUsage(
  ce: CostExplorerClient,
  query: CostQuery,
  counter: RequestCounter,
  signal?: AbortSignal,
): Promise<PagedCosts> {
  const { period, metric = COST_METRIC, withQuantity = false, maxPages, ...rest } = query;
  const groups: GroupedCost[] = [];
  const accountNames = new Map<string, string>();
  const units = new Set<string>();
  let estimated = false;
  let token: string | undefined;
  let pages = 0;
  do {
    if (maxPages !== undefined && pages >= maxPages)
      throw new PageLimitError(`GetCostAndUsage has more than ${maxPages} pages`);
    pages += 1;
    counter.count += 1;
    const page = await ce
      .send(
        new GetCostAndUsageCommand({
          ...rest,
          TimePeriod: { Start: period.start, End: period.end },
          Metrics: withQuantity ? [metric, QUANTITY_METRIC] : [metric],
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
      collectGroups(result, groups, units, metric, withQuantity);
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
  options: { filter?: Expression; signal?: AbortSignal; basis?: CostBasis } = {},
): Promise<Result<Forecast>> {
  const basis = options.basis ?? DEFAULT_BASIS;
  counter.count += 1;
  try {
    const out = await ce.send(
      new GetCostForecastCommand({
        TimePeriod: { Start: range.start, End: range.end },
        Metric: forecastMetric(basis),
        Granularity: 'MONTHLY',
        Filter: options.filter ? { And: [options.filter, usageFilter(basis)] } : usageFilter(basis),
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

function collectGroups(
  result: ResultByTime,
  into: GroupedCost[],
  units: Set<string>,
  name: string,
  withQuantity: boolean,
): void {
  const start = result.TimePeriod?.Start ?? '';
  for (const g of result.Groups ?? []) {
    const metric = g.Metrics?.[name];
    if (metric?.Unit) units.add(metric.Unit);
    const q = withQuantity ? g.Metrics?.[QUANTITY_METRIC] : undefined;
    into.push({
      start,
      keys: g.Keys ?? [],
      amount: parseAmount(metric?.Amount, `${name} of ${g.Keys?.join('/')}`),
      ...(q
        ? {
            quantity: {
              amount: parseAmount(q.Amount, `${QUANTITY_METRIC} of ${g.Keys?.join('/')}`),
              unit: q.Unit ?? '',
            },
          }
        : {}),
    });
  }
  const total = result.Total?.[name];
  if (!result.Groups?.length && total) {
    if (total.Unit) units.add(total.Unit);
    into.push({ start, keys: [], amount: parseAmount(total.Amount, `${name} total`) });
  }
}

function addName(attr: DimensionValuesWithAttributes, names: Map<string, string>): void {
  const name = attr.Attributes?.description;
  if (attr.Value && name) names.set(attr.Value, name);
}
