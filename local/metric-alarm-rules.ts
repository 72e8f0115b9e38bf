// What CloudWatch refuses in a metric alarm, for PutMetricAlarm (the CloudWatch stand-in) and for
// `AWS::CloudWatch::Alarm` resources of a template (the StackSet stand-in): one list of rules, so a
// member template or a payer alarm AWS would refuse fails locally too (DESIGN.md, "AWS rules").

/** One `Metrics` entry (PutMetricAlarm's `MetricDataQuery`, CloudFormation's in the same casing). */
export interface MetricQueryInput {
  readonly Id?: unknown;
  readonly Expression?: unknown;
  readonly MetricStat?: { readonly Period?: unknown; readonly Stat?: unknown; readonly Metric?: unknown };
  readonly ReturnData?: unknown;
  readonly Period?: unknown;
}

/** The fields of a metric alarm the rules read (PutMetricAlarm's, or a template resource's properties). */
export interface MetricAlarmInput {
  readonly AlarmName?: unknown;
  readonly Namespace?: unknown;
  readonly MetricName?: unknown;
  readonly Dimensions?: readonly unknown[];
  readonly Period?: unknown;
  readonly Statistic?: unknown;
  readonly ExtendedStatistic?: unknown;
  readonly EvaluationPeriods?: unknown;
  readonly Threshold?: unknown;
  readonly ComparisonOperator?: unknown;
  readonly Metrics?: readonly MetricQueryInput[];
}

/** PutMetricAlarm's `Metrics`: at most 20 entries, of which at most 10 metrics and 10 expressions. */
export const METRIC_MATH_LIMITS = { entries: 20, metrics: 10, expressions: 10 } as const;

/** A CloudWatch period: 10, 20, 30 or a multiple of 60 seconds. */
function validPeriod(period: number): boolean {
  return [10, 20, 30].includes(period) || (period >= 60 && period % 60 === 0);
}

/**
 * What CloudWatch refuses, or undefined. `intrinsic` says a value synth left to CloudFormation (a
 * `Ref` of a parameter) is not checked: CloudFormation resolves it before CloudWatch sees it.
 */
export function metricAlarmProblem(
  input: MetricAlarmInput,
  intrinsic: (value: unknown) => boolean = () => false,
): string | undefined {
  const known = (v: unknown) => v !== undefined && !intrinsic(v);
  const name = input.AlarmName;
  if (known(name) && (typeof name !== 'string' || name.length < 1 || name.length > 255))
    return 'AlarmName must be 1 to 255 characters';
  const evaluations = input.EvaluationPeriods;
  if (!known(evaluations) || typeof evaluations !== 'number' || evaluations < 1)
    return 'EvaluationPeriods must be at least 1';
  if (
    !intrinsic(input.Threshold) &&
    (typeof input.Threshold !== 'number' || !Number.isFinite(input.Threshold))
  )
    return 'Threshold must be a number';
  if (!input.ComparisonOperator) return 'ComparisonOperator is required';
  if (input.Metrics !== undefined) return metricsProblem(input, evaluations);
  const period = input.Period;
  if (typeof period !== 'number' || !validPeriod(period))
    return 'Period must be 10, 20, 30 or a multiple of 60 seconds';
  if (period * evaluations > 86_400) return 'Period × EvaluationPeriods must not exceed one day (86,400 s)';
  if ((input.Dimensions ?? []).length > 30) return 'at most 30 dimensions';
  if (!input.MetricName || !input.Namespace) return 'MetricName and Namespace are required (or Metrics)';
  return undefined;
}

/**
 * A metric-math alarm's rules (PutMetricAlarm, MetricDataQuery): `Metrics` replaces the single
 * metric's fields; at most 20 entries, 10 with `MetricStat` and 10 with `Expression`; each entry
 * one of the two, never both, with an `Id` starting with a lower-case letter, unique; exactly one
 * entry returns data (`ReturnData` true; an entry without it returns data too), and that is the
 * value the alarm watches; a metric's period is 10, 20, 30 or a multiple of 60, and period ×
 * evaluation periods at most a day.
 */
function metricsProblem(input: MetricAlarmInput, evaluations: number): string | undefined {
  const metrics = input.Metrics ?? [];
  const single = [
    'Namespace',
    'MetricName',
    'Dimensions',
    'Period',
    'Statistic',
    'ExtendedStatistic',
  ] as const;
  const mixed = single.filter((k) => input[k] !== undefined);
  if (mixed.length > 0)
    return `Metrics cannot be combined with ${mixed.join(', ')}: the metrics are retrieved in the Metrics array`;
  if (metrics.length === 0) return 'Metrics must list at least one entry';
  if (metrics.length > METRIC_MATH_LIMITS.entries)
    return `Metrics lists ${metrics.length} entries: at most ${METRIC_MATH_LIMITS.entries}`;
  const stats = metrics.filter((m) => m.MetricStat !== undefined).length;
  const expressions = metrics.filter((m) => m.Expression !== undefined).length;
  if (stats > METRIC_MATH_LIMITS.metrics)
    return `Metrics has ${stats} MetricStat entries: at most ${METRIC_MATH_LIMITS.metrics}`;
  if (expressions > METRIC_MATH_LIMITS.expressions)
    return `Metrics has ${expressions} Expression entries: at most ${METRIC_MATH_LIMITS.expressions}`;
  const ids = new Set<string>();
  for (const m of metrics) {
    if (typeof m.Id !== 'string' || !/^[a-z][A-Za-z0-9_]{0,254}$/.test(m.Id))
      return `Id "${String(m.Id)}" must start with a lower-case letter and hold only letters, digits and _`;
    if (ids.has(m.Id)) return `Id ${m.Id} is used twice`;
    ids.add(m.Id);
    if ((m.Expression === undefined) === (m.MetricStat === undefined))
      return `entry ${m.Id} must have either Expression or MetricStat, not both or neither`;
    if (m.MetricStat) {
      const period = m.MetricStat.Period;
      if (typeof period !== 'number' || !validPeriod(period))
        return `entry ${m.Id}: Period must be 10, 20, 30 or a multiple of 60 seconds`;
      if (period * evaluations > 86_400)
        return `entry ${m.Id}: Period × EvaluationPeriods must not exceed one day (86,400 s)`;
      if (typeof m.MetricStat.Stat !== 'string' || m.MetricStat.Stat === '')
        return `entry ${m.Id}: MetricStat needs a Stat`;
    }
    if (m.Expression !== undefined && (typeof m.Expression !== 'string' || m.Expression.length > 2048))
      return `entry ${m.Id}: Expression must be a string of 1 to 2,048 characters`;
  }
  const returning = metrics.filter((m) => m.ReturnData !== false);
  if (returning.length !== 1)
    return `exactly one entry of Metrics must have ReturnData true (the value the alarm watches); ${returning.length} do`;
  return undefined;
}
