import { type CostData, KEY_SEPARATOR } from './cost-data.js';
import { compileFilter, type Expression } from './cost-explorer-filter.js';
import { pageOf } from './cost-explorer-paging.js';
import { firstOfNextMonth, monthsBefore, planOf, validRange } from './cost-explorer-periods.js';
import { CeError, ceAmount, type Json, METRICS } from './cost-explorer-wire.js';

/** Metrics GetCostComparisonDrivers compares (the API reference's list). */
const COMPARISON_METRICS = [...METRICS, 'UsageQuantity', 'NormalizedUsageAmount'];
/** Months back a comparison may reach (13; 38 with multi-year data, which the stand-in does not model). */
export const COMPARISON_MONTHS_BACK = 13;

/** RECORD_TYPE → the driver type AWS names for it; usage types are `USAGE_CHANGE`. */
const DRIVER_TYPE: Record<string, string> = {
  Credit: 'CREDIT',
  Refund: 'REFUND',
  Tax: 'TAX',
  BundledDiscount: 'BUNDLED_DISCOUNT',
  'Bundled Discount': 'BUNDLED_DISCOUNT',
  DiscountedUsage: 'RESERVATION_USAGE',
  RIFee: 'RECURRING_RESERVATION_FEE',
  'Recurring reservation fee': 'RECURRING_RESERVATION_FEE',
  SavingsPlanCoveredUsage: 'SAVINGS_PLAN_USAGE',
  SavingsPlanNegation: 'SAVINGS_PLAN_USAGE',
  SavingsPlanRecurringFee: 'SAVINGS_PLAN_RECURRING_FEE',
  SavingsPlanUpfrontFee: 'COMMITMENT',
  Support: 'SUPPORT_FEE',
};

/** A whole month from the 1st, as the API reference requires of both periods. */
function wholeMonth(input: Json, field: string, today: string): { start: string; end: string } {
  const value = input[field];
  if (!value || typeof value !== 'object') throw new CeError('ValidationException', `${field} is required`);
  const range = validRange({ TimePeriod: value });
  if (!range.start.endsWith('-01') || range.end !== firstOfNextMonth(range.start)) {
    throw new CeError(
      'ValidationException',
      `${field} must start and end on the first day of a month, with a duration of exactly one month`,
    );
  }
  if (range.start < monthsBefore(today, COMPARISON_MONTHS_BACK) || range.start > today) {
    throw new CeError(
      'ValidationException',
      `${field} must lie within the last ${COMPARISON_MONTHS_BACK} months`,
    );
  }
  return range;
}

/** Per service, usage type and record type over one month: cost in millionths and quantity. */
function sums(data: CostData, range: { start: string; end: string }, input: Json) {
  const { plan } = planOf(
    range,
    'MONTHLY',
    ['SERVICE', 'USAGE_TYPE', 'RECORD_TYPE'],
    compileFilter(input.Filter as Expression | undefined),
  );
  return {
    cost: data.sum(plan)[0] ?? new Map(),
    quantity: data.sumQuantity?.(plan).quantity[0] ?? new Map(),
  };
}

/**
 * Answers GetCostComparisonDrivers over the data, modelled on the API reference: both periods whole
 * months from the 1st within the last 13 months, a known `MetricForComparison`, `MaxResults` ≥ 1,
 * group definitions of DIMENSION, TAG or COST_CATEGORY (the stand-in groups by SERVICE and USAGE_TYPE
 * only, which the API always includes), page tokens tied to the request. Each selector (service and
 * usage type) carries `USAGE_CHANGE` (Δquantity × the baseline's unit cost) and one driver per
 * credit, discount or commitment record type; what they leave of the difference (a price change)
 * AWS names with no driver, and neither does the stand-in.
 */
export function getCostComparisonDrivers(data: CostData, input: Json, today: string): Json {
  const baseline = wholeMonth(input, 'BaselineTimePeriod', today);
  const comparison = wholeMonth(input, 'ComparisonTimePeriod', today);
  const metric = input.MetricForComparison;
  if (typeof metric !== 'string' || !COMPARISON_METRICS.includes(metric)) {
    throw new CeError(
      'ValidationException',
      `MetricForComparison must be one of ${COMPARISON_METRICS.join(', ')}`,
    );
  }
  for (const g of (input.GroupBy as { Type?: string }[] | undefined) ?? []) {
    if (!['DIMENSION', 'TAG', 'COST_CATEGORY'].includes(g.Type ?? ''))
      throw new CeError(
        'ValidationException',
        `Group definition type ${g.Type} is not one of DIMENSION, TAG, COST_CATEGORY`,
      );
  }
  const maxResults = input.MaxResults === undefined ? 10 : Number(input.MaxResults);
  if (!Number.isInteger(maxResults) || maxResults < 1)
    throw new CeError('ValidationException', 'MaxResults must be a positive integer');

  const before = sums(data, baseline, input);
  const after = sums(data, comparison, input);
  /** A selector's cost per side, its priced usage (cost and quantity) per side, and its adjustments' differences. */
  type Selector = {
    cost: [number, number];
    priced: [number, number];
    quantity: [number, number];
    adjustments: Map<string, number>;
  };
  const selectors = new Map<string, Selector>();
  const add = (side: 0 | 1, from: ReturnType<typeof sums>) => {
    for (const [key, micros] of from.cost) {
      const [service = '', usageType = '', recordType = ''] = key.split(KEY_SEPARATOR);
      const id = `${service}${KEY_SEPARATOR}${usageType}`;
      const s = selectors.get(id) ?? {
        cost: [0, 0],
        priced: [0, 0],
        quantity: [0, 0],
        adjustments: new Map(),
      };
      selectors.set(id, s);
      s.cost[side] += micros;
      const type = DRIVER_TYPE[recordType];
      if (type) s.adjustments.set(type, (s.adjustments.get(type) ?? 0) + (side === 1 ? micros : -micros));
      else {
        s.priced[side] += micros;
        s.quantity[side] += from.quantity.get(key) ?? 0;
      }
    }
  };
  add(0, before);
  add(1, after);
  const unit = data.currency;
  const drivers = [...selectors]
    .map(([id, s]) => {
      const [service = '', usageType = ''] = id.split(KEY_SEPARATOR);
      const [q0, q1] = s.quantity;
      const usageChange =
        q0 !== 0 ? Math.round((q1 - q0) * (s.priced[0] / q0)) : q1 !== 0 ? s.priced[1] - s.priced[0] : 0;
      const costDrivers = [
        ...(usageChange !== 0 ? [{ Type: 'USAGE_CHANGE', Name: usageType, micros: usageChange }] : []),
        ...[...s.adjustments]
          .filter(([, micros]) => micros !== 0)
          .map(([type, micros]) => ({ Type: type, Name: `${service} ${type}`, micros })),
      ];
      return { service, usageType, s, costDrivers, difference: s.cost[1] - s.cost[0] };
    })
    .filter((d) => d.difference !== 0)
    .sort((x, y) => Math.abs(y.difference) - Math.abs(x.difference) || x.service.localeCompare(y.service));

  const { page, next } = pageOf(drivers, input, maxResults);
  const value = (b: number, c: number) => ({
    BaselineTimePeriodAmount: ceAmount(b),
    ComparisonTimePeriodAmount: ceAmount(c),
    Difference: ceAmount(c - b),
    Unit: unit,
  });
  return {
    CostComparisonDrivers: page.map((d) => ({
      CostSelector: {
        And: [
          { Dimensions: { Key: 'SERVICE', Values: [d.service] } },
          { Dimensions: { Key: 'USAGE_TYPE', Values: [d.usageType] } },
        ],
      },
      Metrics: { [metric]: value(d.s.cost[0], d.s.cost[1]) },
      CostDrivers: d.costDrivers.map((c) => ({
        Type: c.Type,
        Name: c.Name,
        Metrics: { [metric]: { Difference: ceAmount(c.micros), Unit: unit } },
      })),
    })),
    ...(next ? { NextPageToken: next } : {}),
  };
}
