// The daily-rate alarm: a metric-math alarm on EstimatedCharges for the increase over the last 24
// hours (DESIGN.md, "Daily-rate alarms"). The member template, the payer alarms, the edge and
// `sample-event` all build or check it from here, so the edge accepts exactly what the template makes.

import { BILLING_NAMESPACE, ESTIMATED_CHARGES } from './billing.js';
import { DAILY_RUNG } from './ladder.js';

/** The metric's period: one day, so the expression compares each day's highest month to date with the day before. */
export const DAILY_PERIOD_SECONDS = 86_400;

/** The daily-rate alarm's re-alert window: one email per account a day, whatever the rungs' window. */
export const DAILY_REALERT_HOURS = 24;

/** The id of the metric (EstimatedCharges, Maximum over a day) in the alarm's `Metrics`. */
export const DAILY_METRIC_ID = 'm1';
/** The id of the expression the alarm watches (`ReturnData: true`). */
export const DAILY_EXPRESSION_ID = 'e1';

/**
 * The increase over the last 24 hours. `DIFF(m1)` is today's highest month to date minus
 * yesterday's; on the month's reset it is negative, and then the new month's own month to date
 * (`m1`) is what was spent since the reset (never less than the last 24 hours' spend, so a spike on
 * the 1st still alarms). Written exactly as the edge compares it.
 */
export const DAILY_RATE_EXPRESSION = `IF(DIFF(${DAILY_METRIC_ID}) < 0, ${DAILY_METRIC_ID}, DIFF(${DAILY_METRIC_ID}))`;

/** The expression's label, as the alarm shows it. */
export const DAILY_EXPRESSION_LABEL = 'Estimated charges over the last 24 hours';

/** The member account's daily-rate alarm: `<prefix>daily`, e.g. `billing-alarm-daily`. */
export function dailyAlarmName(prefix: string): string {
  return `${prefix}${DAILY_RUNG}`;
}

/** One entry of a metric-math alarm's `Metrics`, as PutMetricAlarm and CloudFormation take it. */
export interface DailyMetricQuery {
  readonly Id: string;
  readonly Expression?: string;
  readonly Label?: string;
  readonly MetricStat?: {
    readonly Metric: {
      readonly Namespace: string;
      readonly MetricName: string;
      // Mutable, as the SDK's MetricDataQuery types it.
      readonly Dimensions: { Name: string; Value: string }[];
    };
    readonly Period: number;
    readonly Stat: string;
  };
  readonly ReturnData: boolean;
}

/** The daily-rate alarm's `Metrics` for a metric with these dimensions. */
export function dailyRateMetrics(
  dimensions: readonly { readonly Name: string; readonly Value: string }[],
): DailyMetricQuery[] {
  return [
    {
      Id: DAILY_EXPRESSION_ID,
      Expression: DAILY_RATE_EXPRESSION,
      Label: DAILY_EXPRESSION_LABEL,
      ReturnData: true,
    },
    {
      Id: DAILY_METRIC_ID,
      MetricStat: {
        Metric: {
          Namespace: BILLING_NAMESPACE,
          MetricName: ESTIMATED_CHARGES,
          Dimensions: dimensions.map((d) => ({ Name: d.Name, Value: d.Value })),
        },
        Period: DAILY_PERIOD_SECONDS,
        Stat: 'Maximum',
      },
      ReturnData: false,
    },
  ];
}

/** The alarm's settings besides its metrics: one day, one datapoint, above the limit, missing data kept missing. */
export const DAILY_ALARM_SETTINGS = {
  EvaluationPeriods: 1,
  DatapointsToAlarm: 1,
  ComparisonOperator: 'GreaterThanThreshold',
  TreatMissingData: 'missing',
} as const;
