// The contract between the member template, the StackSet that deploys it, the Lambdas that read its
// alarms and the tools that read its instances. Renaming anything here changes deployed resources.

/** Names of the member template's parameters: the keys of StackSet parameter overrides. */
export const MEMBER_PARAMETERS = {
  criticalThreshold: 'CriticalThreshold',
  warningThreshold: 'WarningThreshold',
  currency: 'Currency',
  billingBusArn: 'BillingBusArn',
  alarmNamePrefix: 'AlarmNamePrefix',
  metricDimensions: 'MetricDimensions',
} as const;

/** Name of the service-managed StackSet that deploys the member template. */
export const MEMBER_STACK_SET_NAME = 'billing-alarm-forwarder-member';

/**
 * The resource types the member template deploys. StackSet operations authorize each one as
 * `arn:aws:cloudformation:<region>:<account>:type/resource/<Type with - for ::>`, so whoever updates stack
 * instances needs them; a test keeps this list equal to the synthesized template's.
 */
export const MEMBER_RESOURCE_TYPES = [
  'AWS::CloudWatch::Alarm',
  'AWS::Events::Rule',
  'AWS::IAM::Role',
] as const;

/** The tiers of a billing alarm, lowest first. */
export const TIERS = ['warning', 'critical'] as const;
/** One alarm tier. */
export type Tier = (typeof TIERS)[number];

/** The CloudWatch alarm name of a tier, e.g. `billing-alarm-critical`. */
export function alarmName(prefix: string, tier: Tier): string {
  return `${prefix}${tier}`;
}

/** Thresholds of both tiers, in the configured currency. */
export interface ThresholdPair {
  readonly warning: number;
  readonly critical: number;
}

/**
 * The thresholds in a StackSet's or stack instance's parameters (`ParameterKey`/`ParameterValue`
 * pairs), each tier falling back to `fallback` when absent or not a number.
 */
export function thresholdsIn(
  parameters: readonly { ParameterKey?: string; ParameterValue?: string }[] | undefined,
  fallback: ThresholdPair,
): ThresholdPair {
  const get = (key: string) => parameters?.find((p) => p.ParameterKey === key)?.ParameterValue;
  const num = (v: string | undefined, d: number) =>
    v === undefined || Number.isNaN(Number(v)) ? d : Number(v);
  return {
    warning: num(get(MEMBER_PARAMETERS.warningThreshold), fallback.warning),
    critical: num(get(MEMBER_PARAMETERS.criticalThreshold), fallback.critical),
  };
}

/** One stack-instance group of the member StackSet, as the template's `StackInstancesGroup` lists it. */
export interface StackInstanceGroup {
  readonly regions: readonly string[];
  readonly organizationalUnitIds: readonly string[];
}

/**
 * The member StackSet's stack-instance groups: one group holding every target OU, with no parameter
 * overrides and no account filter. `AWS::CloudFormation::StackSet` refuses an OU in two groups with
 * different parameter sets, and on every update re-sends each group's overrides (an empty list
 * resets overrides set out of band), so account, OU and tag thresholds never go into the template:
 * they are applied after each deploy by the same code as `thresholds apply` (DESIGN.md, "Governance").
 */
export function stackInstanceGroups(targetOus: readonly string[], region: string): StackInstanceGroup[] {
  return [{ regions: [region], organizationalUnitIds: [...new Set(targetOus)] }];
}

/**
 * How the member StackSet's own operations run: a few accounts failing (an SCP, a suspended
 * account) must not fail the operation and roll back the billing stack; coverage, `doctor` and
 * `thresholds plan` show the instances that are not CURRENT (DESIGN.md, "Governance").
 */
export const STACK_SET_OPERATION_PREFERENCES = {
  failureTolerancePercentage: 100,
  maxConcurrentPercentage: 25,
} as const;
