import {
  type CostExplorerClient,
  type Expression,
  GetCostComparisonDriversCommand,
} from '@aws-sdk/client-cost-explorer';
import { toError } from '../result.js';
import { type CostBasis, DEFAULT_BASIS } from './cost-basis.js';
import { CostQueryError, parseAmount, type RequestCounter } from './cost-queries.js';
import type { DateRange } from './periods.js';

/** Drivers per page asked of GetCostComparisonDrivers, and the most pages read (each is a billed request). */
export const COMPARISON_PAGE = { maxResults: 50, maxPages: 2 } as const;

/** One driver of AWS's own: its type (`USAGE_CHANGE`, `CREDIT`, `SAVINGS_PLAN_USAGE`, …), name and difference. */
export interface AwsDriver {
  readonly type: string;
  readonly name: string;
  readonly difference: number;
}

/** One cost selector's comparison (AWS selects by service and usage type): its totals and drivers. */
export interface AwsComparison {
  readonly service: string;
  readonly usageType: string;
  readonly baseline: number;
  readonly comparison: number;
  readonly drivers: AwsDriver[];
}

/** The value of a dimension named anywhere in a cost selector (`And` of dimensions, or one). */
function selected(expr: Expression | undefined, key: string): string | undefined {
  if (!expr) return undefined;
  if (expr.Dimensions?.Key === key) return expr.Dimensions.Values?.[0];
  for (const part of expr.And ?? []) {
    const v = selected(part, key);
    if (v !== undefined) return v;
  }
  return undefined;
}

/**
 * Cost Explorer's own drivers of a closed month against the month before (GetCostComparisonDrivers:
 * both periods whole months from the 1st), for the organisation: at most
 * {@link COMPARISON_PAGE}.maxPages requests. Throws {@link CostQueryError} when Cost Explorer refuses
 * or fails; the caller falls back to the computed split.
 */
export async function getComparisonDrivers(
  ce: CostExplorerClient,
  periods: { current: DateRange; comparison: DateRange },
  counter: RequestCounter,
  signal?: AbortSignal,
  basis: CostBasis = DEFAULT_BASIS,
): Promise<AwsComparison[]> {
  const out: AwsComparison[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    counter.count += 1;
    pages += 1;
    const page = await ce
      .send(
        new GetCostComparisonDriversCommand({
          BaselineTimePeriod: { Start: periods.comparison.start, End: periods.comparison.end },
          ComparisonTimePeriod: { Start: periods.current.start, End: periods.current.end },
          MetricForComparison: basis.metric,
          MaxResults: COMPARISON_PAGE.maxResults,
          NextPageToken: token,
        }),
        signal ? { abortSignal: signal } : {},
      )
      .catch((thrown: unknown) => {
        const err = toError(thrown);
        throw new CostQueryError(`GetCostComparisonDrivers failed: ${err.name}: ${err.message}`, {
          cause: err,
        });
      });
    for (const c of page.CostComparisonDrivers ?? []) {
      const total = c.Metrics?.[basis.metric];
      out.push({
        service: selected(c.CostSelector, 'SERVICE') ?? 'Unknown',
        usageType: selected(c.CostSelector, 'USAGE_TYPE') ?? '',
        baseline: parseAmount(total?.BaselineTimePeriodAmount ?? '0', 'BaselineTimePeriodAmount'),
        comparison: parseAmount(total?.ComparisonTimePeriodAmount ?? '0', 'ComparisonTimePeriodAmount'),
        drivers: (c.CostDrivers ?? []).map((d) => ({
          type: d.Type ?? '',
          name: d.Name ?? '',
          difference: parseAmount(d.Metrics?.[basis.metric]?.Difference ?? '0', 'Difference'),
        })),
      });
    }
    token = page.NextPageToken || undefined;
  } while (token && pages < COMPARISON_PAGE.maxPages);
  return out;
}
