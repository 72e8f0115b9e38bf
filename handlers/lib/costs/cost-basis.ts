import type { Expression } from '@aws-sdk/client-cost-explorer';
import type { Config } from '../../contract/config/schema.js';
import { isOneOf } from '../unknown-values.js';

/** What the figures count: Cost Explorer's metric, and the record types left out of usage. */
export interface CostBasis {
  readonly metric: Config['costBasis']['metric'];
  /** Record types left out of usage besides credits and refunds (which are always shown apart). */
  readonly exclude: readonly string[];
}

/** The default: what the bill shows before discounts are amortised, tax and support counted. */
export const DEFAULT_BASIS: CostBasis = { metric: 'UnblendedCost', exclude: [] };

/** Record types that are shown apart from usage, never netted silently. */
export const CREDIT_RECORD_TYPES = ['Credit', 'Refund'] as const;

/** GetCostForecast's name for each GetCostAndUsage metric. */
const FORECAST_METRIC = {
  UnblendedCost: 'UNBLENDED_COST',
  AmortizedCost: 'AMORTIZED_COST',
  NetUnblendedCost: 'NET_UNBLENDED_COST',
  NetAmortizedCost: 'NET_AMORTIZED_COST',
} as const;

/** The forecast metric of a basis. */
export const forecastMetric = (basis: CostBasis) => FORECAST_METRIC[basis.metric];

/** Usage as the basis counts it: every record type but credits, refunds and the excluded ones. */
export function usageFilter(basis: CostBasis): Expression {
  return { Not: { Dimensions: { Key: 'RECORD_TYPE', Values: [...CREDIT_RECORD_TYPES, ...basis.exclude] } } };
}

/** Whether a record type counts as usage under the basis. */
export function countsAsUsage(recordType: string, basis: CostBasis): boolean {
  return !isOneOf(CREDIT_RECORD_TYPES, recordType) && !basis.exclude.includes(recordType);
}

/** The basis a configuration asks for. */
export function basisOf(config: Pick<Config, 'costBasis'>): CostBasis {
  return { metric: config.costBasis.metric, exclude: config.costBasis.exclude };
}
