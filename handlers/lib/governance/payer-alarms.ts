import {
  type CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  paginateDescribeAlarms,
} from '@aws-sdk/client-cloudwatch';
import { BILLING_NAMESPACE, BILLING_PERIOD_SECONDS, ESTIMATED_CHARGES } from '../../contract/billing.js';
import { DAILY_ALARM_SETTINGS, dailyRateMetrics } from '../../contract/daily-rate.js';
import { DAILY_RUNG, TWO_TIER_NAMES } from '../../contract/ladder.js';
import { type PayerAlarmSpec, parsePayerAlarmName, payerAlarmName } from '../../contract/payer-alarms.js';
import { pause } from '../deadline.js';

/** PutMetricAlarm and DeleteAlarms are each allowed 3 requests per second per Region (Service Quotas). */
export const CLOUDWATCH_WRITES_PER_SECOND = 3;
/** DeleteAlarms takes at most 100 names per call. */
const DELETE_BATCH = 100;
/** The metric is USD only (DESIGN.md, "Facts that bite"). */
const METRIC_CURRENCY = 'USD';

/** The payer alarms that exist, by name. */
export async function readPayerAlarms(
  cw: CloudWatchClient,
  prefix: string,
): Promise<Map<string, PayerAlarmSpec>> {
  const out = new Map<string, PayerAlarmSpec>();
  for await (const page of paginateDescribeAlarms(
    { client: cw, pageSize: 100 },
    { AlarmNamePrefix: prefix, AlarmTypes: ['MetricAlarm'] },
  )) {
    for (const a of page.MetricAlarms ?? []) {
      const parsed = a.AlarmName ? parsePayerAlarmName(prefix, a.AlarmName) : undefined;
      if (parsed && a.AlarmName)
        out.set(a.AlarmName, { name: a.AlarmName, ...parsed, threshold: a.Threshold ?? Number.NaN });
    }
  }
  return out;
}

/** What a sync changed, and what it left for the next run (out of time). */
export interface PayerAlarmSync {
  readonly created: string[];
  readonly updated: string[];
  readonly deleted: string[];
  readonly left: number;
}

/** Options of {@link syncPayerAlarms}. */
export interface SyncOptions {
  /** Stop starting writes after this moment (epoch ms); what is left waits for the next run. */
  readonly until?: number;
  /** Writes per second at most. @default CLOUDWATCH_WRITES_PER_SECOND */
  readonly perSecond?: number;
}

/**
 * Puts every desired alarm that is missing or has another threshold, and deletes the existing
 * payer alarms not desired any more, paced under CloudWatch's write quota and stopping at `until`.
 * PutMetricAlarm replaces an alarm of the same name, so a retry is harmless.
 */
export async function syncPayerAlarms(
  cw: CloudWatchClient,
  desired: readonly PayerAlarmSpec[],
  existing: ReadonlyMap<string, PayerAlarmSpec>,
  remove: readonly string[],
  options: SyncOptions = {},
): Promise<PayerAlarmSync> {
  // A tenth of margin: the quota counts requests as CloudWatch receives them, not as we send them.
  const gap = (1000 / (options.perSecond ?? CLOUDWATCH_WRITES_PER_SECOND)) * 1.1;
  const until = options.until ?? Number.POSITIVE_INFINITY;
  const puts = desired.filter((d) => existing.get(d.name)?.threshold !== d.threshold);
  const batches: string[][] = [];
  for (let i = 0; i < remove.length; i += DELETE_BATCH) batches.push(remove.slice(i, i + DELETE_BATCH));
  const created: string[] = [];
  const updated: string[] = [];
  const deleted: string[] = [];
  let next = Date.now();
  const paced = async () => {
    const wait = next - Date.now();
    if (wait > 0) await pause(wait);
    next = Math.max(Date.now(), next) + gap;
  };
  let done = 0;
  for (const spec of puts) {
    if (Date.now() + gap > until) break;
    await paced();
    await cw.send(new PutMetricAlarmCommand(payerAlarmRequest(spec)));
    (existing.has(spec.name) ? updated : created).push(spec.name);
    done++;
  }
  for (const names of batches) {
    if (Date.now() + gap > until) break;
    await paced();
    await cw.send(new DeleteAlarmsCommand({ AlarmNames: names }));
    deleted.push(...names);
  }
  return {
    created,
    updated,
    deleted,
    left: puts.length - done + remove.length - deleted.length,
  };
}

/** PutMetricAlarm for one payer alarm: the member template's alarm, on the payer's `LinkedAccount` metric. */
export function payerAlarmRequest(spec: PayerAlarmSpec) {
  const dimensions = [
    { Name: 'Currency', Value: METRIC_CURRENCY },
    { Name: 'LinkedAccount', Value: spec.accountId },
  ];
  if (spec.rung === DAILY_RUNG)
    return {
      AlarmName: spec.name,
      AlarmDescription: `Estimated charges of account ${spec.accountId} rose more than its daily limit in 24 hours (billing-alarm-forwarder, payer placement).`,
      Metrics: dailyRateMetrics(dimensions),
      ...DAILY_ALARM_SETTINGS,
      Threshold: spec.threshold,
      ActionsEnabled: false,
    };
  return {
    AlarmName: spec.name,
    AlarmDescription: `Estimated charges of account ${spec.accountId} crossed its ${spec.rung} rung's threshold (billing-alarm-forwarder, payer placement).`,
    Namespace: BILLING_NAMESPACE,
    MetricName: ESTIMATED_CHARGES,
    Dimensions: dimensions,
    Statistic: 'Maximum' as const,
    Period: BILLING_PERIOD_SECONDS,
    EvaluationPeriods: 1,
    DatapointsToAlarm: 1,
    Threshold: spec.threshold,
    ComparisonOperator: 'GreaterThanThreshold' as const,
    TreatMissingData: 'missing',
    // State changes reach the billing bus through the management account's forwarding rule.
    ActionsEnabled: false,
  };
}

/**
 * One account's payer alarms of the named rungs and the two-tier ones (DescribeAlarms by name: one
 * call, whatever the organisation's size). A rung of another name left from an older ladder is not
 * seen here; the sweep and `thresholds apply`, which read every alarm by prefix, delete it.
 */
export async function readAccountPayerAlarms(
  cw: CloudWatchClient,
  prefix: string,
  accountId: string,
  rungs: readonly string[],
): Promise<Map<string, PayerAlarmSpec>> {
  const names = [...new Set([...TWO_TIER_NAMES, ...rungs, DAILY_RUNG])].map((r) =>
    payerAlarmName(prefix, r, accountId),
  );
  const out = await cw.send(new DescribeAlarmsCommand({ AlarmNames: names, AlarmTypes: ['MetricAlarm'] }));
  const found = new Map<string, PayerAlarmSpec>();
  for (const a of out.MetricAlarms ?? []) {
    const parsed = a.AlarmName ? parsePayerAlarmName(prefix, a.AlarmName) : undefined;
    if (parsed && a.AlarmName)
      found.set(a.AlarmName, { name: a.AlarmName, ...parsed, threshold: a.Threshold ?? Number.NaN });
  }
  return found;
}
