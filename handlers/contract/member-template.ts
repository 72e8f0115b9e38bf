// The contract between the member template, the StackSet that deploys it, the Lambdas that read its
// alarms and the tools that read its instances. Renaming anything here changes deployed resources.

import {
  DAILY_SLOT,
  dailyLimitOf,
  type Ladder,
  ladderOf,
  MAX_RUNGS,
  normalRung,
  RUNG_SLUG_SOURCE,
  rungOfSlug,
  rungSlug,
} from './ladder.js';

/** Names of the member template's parameters: the keys of StackSet parameter overrides. */
export const MEMBER_PARAMETERS = {
  currency: 'Currency',
  billingBusArn: 'BillingBusArn',
  alarmNamePrefix: 'AlarmNamePrefix',
  metricDimensions: 'MetricDimensions',
  /** The daily-rate alarm's limit: the most the account may spend in 24 hours; 0 creates no alarm. */
  dailyLimit: 'DailyLimit',
  /** `enabled` deploys the rule forwarding costly launches (fast-burn alerts); `disabled` creates nothing. */
  fastBurn: 'FastBurnAlerts',
} as const;

/** The daily-rate alarm's logical id in the member template (a contract: renaming it replaces the alarm). */
export const DAILY_ALARM_LOGICAL_ID = 'DailyRateAlarm';

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

/**
 * The template's rung slots, lowest first: each a threshold and a name parameter. Slots 1 and 2 keep
 * the parameter names of the two-tier template (`WarningThreshold`, `CriticalThreshold`) and their
 * alarms' logical ids, so stack instances deployed before the ladder keep their overrides and alarms.
 */
export const RUNG_SLOTS = Array.from({ length: MAX_RUNGS }, (_, i) => ({
  threshold: i === 0 ? 'WarningThreshold' : i === 1 ? 'CriticalThreshold' : `Rung${i + 1}Threshold`,
  name: `Rung${i + 1}Name`,
  /** The name a slot has when nothing sets it: the two-tier ladder's. */
  defaultName: i === 0 ? 'warning' : i === 1 ? 'critical' : '',
  /** The alarm's logical id (a contract: renaming one replaces, and so deletes, the alarm). */
  logicalId: i === 0 ? 'WarningAlarm' : i === 1 ? 'CriticalAlarm' : `Rung${i + 1}Alarm`,
}));

/** The CloudWatch alarm name of a rung, e.g. `billing-alarm-critical`, `billing-alarm-120pct`. */
export function alarmName(prefix: string, rung: string): string {
  return `${prefix}${rungSlug(rung)}`;
}

/**
 * The rung an alarm name stands for: `<prefix><rung>`, optionally followed by a qualifier the member
 * chose (`billing-alarm-critical-payments`) that does not go on with letters, digits or a dot.
 * Undefined for any other name.
 */
export function rungOfAlarmName(prefix: string, name: string): string | undefined {
  if (!name.startsWith(prefix)) return undefined;
  // The rung ends where its characters end: `critical-payments`, `critical<…` name critical; `criticalish` nothing.
  const slug = new RegExp(`^${RUNG_SLUG_SOURCE}(?![A-Za-z0-9.])`).exec(name.slice(prefix.length))?.[1];
  return slug === undefined ? undefined : rungOfSlug(slug);
}

/**
 * The ladder in a StackSet's or stack instance's parameters (`ParameterKey`/`ParameterValue`
 * pairs), each parameter falling back to `fallback`'s when absent (or a threshold not a number).
 */
export function ladderIn(
  parameters: readonly { ParameterKey?: string; ParameterValue?: string }[] | undefined,
  fallback: Ladder,
): Ladder {
  const get = (key: string) => parameters?.find((p) => p.ParameterKey === key)?.ParameterValue;
  const daily = get(MEMBER_PARAMETERS.dailyLimit);
  const dailyLimit =
    daily === undefined || Number.isNaN(Number(daily)) ? dailyLimitOf(fallback) : Number(daily);
  return ladderOf(
    RUNG_SLOTS.map((slot, i) => {
      const base = fallback[i];
      const t = get(slot.threshold);
      const threshold = t === undefined || Number.isNaN(Number(t)) ? (base?.threshold ?? 0) : Number(t);
      const slug = get(slot.name);
      const name =
        slug !== undefined
          ? (rungOfSlug(slug) ?? '')
          : ((base?.threshold ? base.name : undefined) ?? slot.defaultName);
      return normalRung({ name, threshold });
    }),
    dailyLimit,
  );
}

/** Whether parameters set any rung or the daily limit (else the instance runs on the StackSet's defaults). */
export function setsRungs(parameters: readonly { ParameterKey?: string }[] | undefined): boolean {
  const keys = new Set([...RUNG_SLOTS.flatMap((s) => [s.threshold, s.name]), MEMBER_PARAMETERS.dailyLimit]);
  return (parameters ?? []).some((p) => p.ParameterKey !== undefined && keys.has(p.ParameterKey));
}

/** Every rung slot's two parameters and the daily limit for a ladder: overrides are always written whole. */
export function ladderParameters(ladder: Ladder): { ParameterKey: string; ParameterValue: string }[] {
  return [
    ...RUNG_SLOTS.flatMap((slot, i) => {
      const rung = normalRung(ladder[i]);
      return [
        { ParameterKey: slot.threshold, ParameterValue: String(rung.threshold) },
        { ParameterKey: slot.name, ParameterValue: rungSlug(rung.name) },
      ];
    }),
    {
      ParameterKey: MEMBER_PARAMETERS.dailyLimit,
      ParameterValue: String(normalRung(ladder[DAILY_SLOT]).threshold),
    },
  ];
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
