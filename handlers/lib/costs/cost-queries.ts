import {
  type CostExplorerClient,
  type DimensionValuesWithAttributes,
  type Expression,
  GetCostAndUsageCommand,
  type GetCostAndUsageCommandInput,
  GetCostForecastCommand,
  type ResultByTime,
} from '@aws-sdk/client-cost-explorer';
import { found, missing, type Result, toError } from '../result.js';
import { parseAmount } from './money.js';

/** The cost metric used everywhere: what the bill shows before discounts are amortised. */
export const COST_METRIC = 'UnblendedCost';

/** Record types that are shown apart from usage, never netted silently. */
export const CREDIT_RECORD_TYPES = ['Credit', 'Refund'] as const;

/** Usage only: everything but credits and refunds. */
export const USAGE_ONLY: Expression = {
  Not: { Dimensions: { Key: 'RECORD_TYPE', Values: [...CREDIT_RECORD_TYPES] } },
};

/** A Cost Explorer call that failed after the SDK's retries. */
export class CostQueryError extends Error {
  override readonly name = 'CostQueryError';
}

/** Counts the Cost Explorer requests a piece of work makes ($0.01 each, every page counts). */
export class RequestCounter {
  count = 0;
}

/** One grouped cost: the group's keys and amount. */
export interface GroupedCost {
  readonly start: string;
  readonly keys: readonly string[];
  readonly amount: number;
}

/** The result of a paged GetCostAndUsage: flat groups and the linked-account names. */
export interface PagedCosts {
  readonly groups: GroupedCost[];
  readonly accountNames: Map<string, string>;
  readonly estimated: boolean;
}

/** Runs GetCostAndUsage through every NextPageToken page with the same parameters. */
export async function getAllCostAndUsage(
  ce: CostExplorerClient,
  input: Omit<GetCostAndUsageCommandInput, 'NextPageToken' | 'Metrics'>,
  counter: RequestCounter,
): Promise<PagedCosts> {
  const groups: GroupedCost[] = [];
  const accountNames = new Map<string, string>();
  let estimated = false;
  let token: string | undefined;
  do {
    counter.count += 1;
    const page = await ce
      .send(new GetCostAndUsageCommand({ ...input, Metrics: [COST_METRIC], NextPageToken: token }))
      .catch((thrown: unknown) => {
        const err = toError(thrown);
        throw new CostQueryError(`GetCostAndUsage failed: ${err.name}: ${err.message}`, { cause: err });
      });
    for (const result of page.ResultsByTime ?? []) {
      estimated ||= result.Estimated === true;
      collectGroups(result, groups);
    }
    for (const attr of page.DimensionValueAttributes ?? []) addName(attr, accountNames);
    token = page.NextPageToken || undefined;
  } while (token);
  return { groups, accountNames, estimated };
}

/** Org-level forecast of the rest of the month, or why Cost Explorer has none. */
export async function getForecast(
  ce: CostExplorerClient,
  range: { start: string; end: string },
  counter: RequestCounter,
): Promise<Result<number>> {
  counter.count += 1;
  try {
    const out = await ce.send(
      new GetCostForecastCommand({
        TimePeriod: { Start: range.start, End: range.end },
        Metric: 'UNBLENDED_COST',
        Granularity: 'MONTHLY',
        Filter: USAGE_ONLY,
      }),
    );
    return found(parseAmount(out.Total?.Amount));
  } catch (thrown) {
    const err = toError(thrown);
    // New organisations get "Insufficient amount of historical data": a gap, not a failure.
    if (err.name === 'DataUnavailableException') return missing(`insufficient history (${err.message})`);
    throw new CostQueryError(`GetCostForecast failed: ${err.name}: ${err.message}`, { cause: err });
  }
}

function collectGroups(result: ResultByTime, into: GroupedCost[]): void {
  const start = result.TimePeriod?.Start ?? '';
  for (const g of result.Groups ?? []) {
    into.push({ start, keys: g.Keys ?? [], amount: parseAmount(g.Metrics?.[COST_METRIC]?.Amount) });
  }
  if (!result.Groups?.length && result.Total?.[COST_METRIC]) {
    into.push({ start, keys: [], amount: parseAmount(result.Total[COST_METRIC].Amount) });
  }
}

function addName(attr: DimensionValuesWithAttributes, names: Map<string, string>): void {
  const name = attr.Attributes?.description;
  if (attr.Value && name) names.set(attr.Value, name);
}
