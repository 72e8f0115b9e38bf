import type { CostExplorerClient, Expression } from '@aws-sdk/client-cost-explorer';
import { type CostBasis, DEFAULT_BASIS } from './cost-basis.js';
import {
  BY_ACCOUNT,
  BY_RECORD_TYPE,
  BY_SERVICE,
  type GroupedCost,
  getAllCostAndUsage,
  type RequestCounter,
} from './cost-queries.js';
import { sum } from './money.js';
import type { DateRange } from './periods.js';

/** Cost Explorer's usage-type dimension. */
export const BY_USAGE_TYPE = { Type: 'DIMENSION', Key: 'USAGE_TYPE' } as const;

/**
 * Record types that are credits, discounts or commitments: the third part of a change, never
 * priced as usage. Cost Explorer's charge types have been spelled both ways over time (the
 * console's words and CUR's `line_item_line_item_type`), so both are listed.
 */
export const ADJUSTMENT_RECORD_TYPES = [
  'Credit',
  'Refund',
  'Discount',
  'BundledDiscount',
  'Bundled Discount',
  'EdpDiscount',
  'Enterprise Discount Program Discount',
  'PrivateRateDiscount',
  'Private Rate Discount',
  'DistributorDiscount',
  'DiscountedUsage',
  'SavingsPlanCoveredUsage',
  'SavingsPlanNegation',
  'SavingsPlanRecurringFee',
  'SavingsPlanUpfrontFee',
  'RIFee',
  'Recurring reservation fee',
] as const;

/** Whether a record type is a credit, discount or commitment line. */
export const isAdjustment = (recordType: string): boolean =>
  (ADJUSTMENT_RECORD_TYPES as readonly string[]).includes(recordType);

/** What a change is split for: each service, or each linked account. */
export type ChangeKey = 'SERVICE' | 'LINKED_ACCOUNT';
const GROUP_OF = { SERVICE: BY_SERVICE, LINKED_ACCOUNT: BY_ACCOUNT } as const;

/** The two periods a change is measured between. */
export interface ChangePeriods {
  /** This period (month to date, or the closed month). */
  readonly current: DateRange;
  /** The period it is compared with (the same days of last month, or the month before). */
  readonly comparison: DateRange;
}

/** A cost and quantity over one period. */
export interface Measured {
  readonly cost: number;
  readonly quantity: number;
}

/** One usage type of a service in both periods. */
export interface UsageTypeCosts {
  readonly usageType: string;
  /** The quantity's unit as Cost Explorer gave it ('' when none). */
  readonly unit: string;
  /** More than one unit was summed into this usage type's quantity: its usage/rate split is unreliable. */
  readonly mixedUnits: boolean;
  readonly before: Measured;
  readonly after: Measured;
}

/** A service's priced usage by usage type and its credit, discount and commitment lines, in both periods. */
export interface ServiceCosts {
  /** The service (or, split by account, the account id) the change belongs to. */
  readonly service: string;
  readonly usageTypes: UsageTypeCosts[];
  readonly adjustments: { readonly before: number; readonly after: number };
}

/** Which period a day falls in, if any. */
function periodOf(day: string, periods: ChangePeriods): 'before' | 'after' | undefined {
  if (day >= periods.current.start && day < periods.current.end) return 'after';
  if (day >= periods.comparison.start && day < periods.comparison.end) return 'before';
  return undefined;
}

/**
 * The request for priced usage by service and usage type, with `UsageQuantity` beside the cost:
 * `filter` (an account, or none for the organisation), the named services, and no credit,
 * discount or commitment line (those come by record type). One request over `range` (DAILY, read
 * into the two periods) or one per period (MONTHLY).
 */
export function usageTypeQuery(
  filter: Expression | undefined,
  services: readonly string[],
  range: DateRange,
  granularity: 'DAILY' | 'MONTHLY',
  basis: CostBasis = DEFAULT_BASIS,
  by: ChangeKey = 'SERVICE',
) {
  const parts: Expression[] = [
    ...(filter ? [filter] : []),
    { Dimensions: { Key: by, Values: [...services] } },
    { Not: { Dimensions: { Key: 'RECORD_TYPE', Values: [...ADJUSTMENT_RECORD_TYPES] } } },
  ];
  return {
    period: range,
    Granularity: granularity,
    GroupBy: [GROUP_OF[by], BY_USAGE_TYPE],
    Filter: { And: parts },
    metric: basis.metric,
    withQuantity: true,
  };
}

/** The request for the named services' credit, discount and commitment lines by record type. */
export function adjustmentQuery(
  filter: Expression | undefined,
  services: readonly string[],
  range: DateRange,
  basis: CostBasis = DEFAULT_BASIS,
  by: ChangeKey = 'SERVICE',
) {
  const parts: Expression[] = [
    ...(filter ? [filter] : []),
    { Dimensions: { Key: by, Values: [...services] } },
    { Dimensions: { Key: 'RECORD_TYPE', Values: [...ADJUSTMENT_RECORD_TYPES] } },
  ];
  return {
    period: range,
    Granularity: 'DAILY' as const,
    GroupBy: [GROUP_OF[by], BY_RECORD_TYPE],
    Filter: { And: parts },
    metric: basis.metric,
  };
}

/**
 * Each service's credit, discount and commitment lines in both periods, from groups keyed
 * `[service, record type]` (a burst window's shared answer, or {@link adjustmentQuery}).
 */
export function adjustmentsOf(
  groups: readonly GroupedCost[],
  periods: ChangePeriods,
): Map<string, { before: number; after: number }> {
  const out = new Map<string, { before: number; after: number }>();
  for (const g of groups) {
    const [service = 'Unknown', recordType = 'Usage'] = g.keys;
    const side = periodOf(g.start, periods);
    if (!side || !isAdjustment(recordType)) continue;
    const entry = out.get(service) ?? { before: 0, after: 0 };
    entry[side] = sum([entry[side], g.amount]);
    out.set(service, entry);
  }
  return out;
}

/**
 * Reads groups keyed `[service, usage type]` with their quantity into each service's usage types
 * in both periods, and adds the services' adjustments.
 */
export function serviceCostsOf(
  groups: readonly GroupedCost[],
  periods: ChangePeriods,
  adjustments: ReadonlyMap<string, { before: number; after: number }>,
  services: readonly string[],
): ServiceCosts[] {
  type Acc = { cost: number[]; quantity: number[] };
  const per = new Map<string, Map<string, { before: Acc; after: Acc; units: Set<string> }>>();
  for (const g of groups) {
    const [service = 'Unknown', usageType = ''] = g.keys;
    const side = periodOf(g.start, periods);
    if (!side) continue;
    const types = per.get(service) ?? new Map();
    per.set(service, types);
    const entry = types.get(usageType) ?? {
      before: { cost: [], quantity: [] },
      after: { cost: [], quantity: [] },
      units: new Set<string>(),
    };
    types.set(usageType, entry);
    entry[side].cost.push(g.amount);
    entry[side].quantity.push(g.quantity?.amount ?? 0);
    const unit = g.quantity?.unit ?? '';
    if (unit && (g.quantity?.amount ?? 0) !== 0) entry.units.add(unit);
  }
  const measured = (a: Acc): Measured => ({ cost: sum(a.cost), quantity: sum(a.quantity) });
  return services.map((service) => ({
    service,
    usageTypes: [...(per.get(service) ?? new Map()).entries()]
      .map(([usageType, e]) => ({
        usageType,
        unit: [...e.units][0] ?? '',
        mixedUnits: e.units.size > 1,
        before: measured(e.before),
        after: measured(e.after),
      }))
      .sort((x, y) => x.usageType.localeCompare(y.usageType)),
    adjustments: adjustments.get(service) ?? { before: 0, after: 0 },
  }));
}

/**
 * The named services' (or, `by` LINKED_ACCOUNT, accounts') usage types and adjustments for the
 * organisation (the report): three requests whatever its size — usage types per period (MONTHLY,
 * one bucket each, so pages grow with usage types, not days) and the adjustments by record type
 * (DAILY, a few groups a day).
 */
export async function getOrganisationUsageTypes(
  ce: CostExplorerClient,
  keys: readonly string[],
  periods: ChangePeriods,
  counter: RequestCounter,
  signal?: AbortSignal,
  basis: CostBasis = DEFAULT_BASIS,
  by: ChangeKey = 'SERVICE',
): Promise<ServiceCosts[]> {
  const range = { start: periods.comparison.start, end: periods.current.end };
  const usageTypes = (period: DateRange) =>
    getAllCostAndUsage(ce, usageTypeQuery(undefined, keys, period, 'MONTHLY', basis, by), counter, signal);
  const [before, after, adjustments] = await Promise.all([
    usageTypes(periods.comparison),
    usageTypes(periods.current),
    getAllCostAndUsage(ce, adjustmentQuery(undefined, keys, range, basis, by), counter, signal),
  ]);
  return serviceCostsOf(
    [...before.groups, ...after.groups],
    periods,
    adjustmentsOf(adjustments.groups, periods),
    keys,
  );
}
