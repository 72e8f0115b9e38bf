import { parse } from '@aws-lambda-powertools/parser';
import type * as z from 'zod/mini';
import {
  ALARM_EVENT_SOURCE,
  ALARM_STATE_CHANGE,
  BILLING_NAMESPACE,
  BILLING_REGION,
  ESTIMATED_CHARGES,
} from '../../contract/billing.js';
import {
  DAILY_EXPRESSION_ID,
  DAILY_METRIC_ID,
  DAILY_PERIOD_SECONDS,
  DAILY_RATE_EXPRESSION,
  dailyAlarmName,
} from '../../contract/daily-rate.js';
import { DAILY_RUNG } from '../../contract/ladder.js';
import { rungOfAlarmName } from '../../contract/member-template.js';
import { type Placement, parsePayerAlarmName, payerAlarmName } from '../../contract/payer-alarms.js';
import { type Found, found, type Missing } from '../result.js';
import { fieldsOf, stringField } from '../unknown-values.js';
import {
  type AlarmEvent,
  alarmEventSchema,
  eventBridgeEnvelopeSchema,
  reasonDataSchema,
} from './alarm-event-schema.js';

/** A billing alarm that passed every check. */
export interface BillingAlarm {
  readonly eventId: string;
  readonly accountId: string;
  readonly alarmArn: string;
  readonly alarmName: string;
  /**
   * The rung the alarm's name stands for: `warning`, `critical`, `120%`, `1500`; `daily` for the
   * daily-rate alarm, whose `threshold` is the daily limit and `estimatedCharges` the increase over
   * the last 24 hours.
   */
  readonly rung: string;
  readonly state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  readonly previousState?: string;
  readonly description?: string;
  /** The threshold from `reasonData`, if CloudWatch gave one. */
  readonly threshold?: number;
  /** The datapoint that crossed, from `reasonData`. */
  readonly estimatedCharges?: number;
  readonly currency: string;
  readonly reason: string;
  readonly changedAt: string;
  /** `payer`: the account's payer alarm in the management account (`LinkedAccount`) raised it. */
  readonly placement: Placement;
}

/** Outcome of checking an event: a trusted billing alarm, or a permanent rejection with its reason. */
export type Verification = Found<BillingAlarm> | (Missing & { readonly eventId?: string });

/** The largest event EventBridge delivered before 2026 (256 KB); alarm events are 2–3 KB. */
export const MAX_EVENT_BYTES = 256 * 1024;
/** More datapoints than this in `reasonData` is not a billing alarm's evaluation. */
export const MAX_DATAPOINTS = 1000;
/** The dimensions an account-total EstimatedCharges alarm may carry. */
const ALLOWED_DIMENSIONS = new Set(['Currency', 'LinkedAccount']);

/**
 * Checks what an event claims. Forwarded events keep the member's `account`, and `aws.*` sources cannot
 * be forged, but a member admin could forward other real alarms: so the source and detail-type, the
 * namespace and metric, the name prefix and the account in the alarm ARN are all checked.
 */
export function verifyBillingAlarm(
  raw: unknown,
  options: { alarmNamePrefix: string; managementAccountId?: string },
): Verification {
  const bytes = Buffer.byteLength(JSON.stringify(raw) ?? '', 'utf8');
  if (bytes > MAX_EVENT_BYTES) {
    const id = stringField(raw, 'id');
    return {
      ok: false,
      reason: `event is ${Math.ceil(bytes / 1024)} KB, over the ${MAX_EVENT_BYTES / 1024} KB an alarm event can be`,
      ...(typeof id === 'string' ? { eventId: id } : {}),
    };
  }
  const envelope = parse(raw, undefined, eventBridgeEnvelopeSchema, true);
  if (!envelope.success) {
    return { ok: false, reason: `not an EventBridge event: ${firstIssue(envelope.error)}` };
  }
  const eventId = envelope.data.id;
  const reject = (reason: string): Verification => ({ ok: false, reason, eventId });
  if (envelope.data.source !== ALARM_EVENT_SOURCE)
    return reject(`source is "${envelope.data.source}", not ${ALARM_EVENT_SOURCE}`);
  if (envelope.data['detail-type'] !== ALARM_STATE_CHANGE) {
    return reject(`detail-type is "${envelope.data['detail-type']}", not "${ALARM_STATE_CHANGE}"`);
  }
  const parsed = parse(raw, undefined, alarmEventSchema, true);
  if (!parsed.success) return reject(`malformed alarm state change: ${firstIssue(parsed.error)}`);
  const event = parsed.data;
  const { detail } = event;

  const alarmArn = event.resources[0] ?? '';
  const arn =
    /^arn:(?<partition>[a-z-]+):cloudwatch:(?<region>[a-z0-9-]+):(?<account>\d{12}):alarm:(?<name>.+)$/s.exec(
      alarmArn,
    )?.groups;
  if (!arn) return reject(`resources[0] is not a CloudWatch alarm ARN: "${alarmArn}"`);
  // Billing metrics exist only in the aws partition's us-east-1 (DESIGN.md, "Facts that bite").
  if (arn.partition !== 'aws' || arn.region !== BILLING_REGION || event.region !== BILLING_REGION)
    return reject(
      `alarm ${alarmArn} (event region ${event.region}) is not in the aws partition's ${BILLING_REGION}, where billing metrics live`,
    );
  if (arn.account !== event.account) {
    return reject(`account ${event.account} does not own the alarm ${alarmArn} (spoofed or re-forwarded)`);
  }
  if (arn.name !== detail.alarmName)
    return reject(`alarm ARN names "${arn.name}" but detail names "${detail.alarmName}"`);
  if (!detail.alarmName.startsWith(options.alarmNamePrefix)) {
    return reject(
      `alarm name "${detail.alarmName}" lacks the configured prefix "${options.alarmNamePrefix}"`,
    );
  }
  // The daily-rate alarm: exactly the template's name (`<prefix>daily`), or in the management
  // account the payer's (`<prefix>daily-<account>`); no qualifier.
  const payerName = parsePayerAlarmName(options.alarmNamePrefix, detail.alarmName);
  const daily =
    detail.alarmName === dailyAlarmName(options.alarmNamePrefix) ||
    (payerName?.rung === DAILY_RUNG && event.account === options.managementAccountId);
  // `<prefix><rung>`, optionally followed by a qualifier the member chose (e.g. "-payments").
  const rung = daily ? DAILY_RUNG : rungOfAlarmName(options.alarmNamePrefix, detail.alarmName);
  if (!rung) {
    return reject(
      `alarm name "${detail.alarmName}" names no rung after the prefix (expected warning, critical, a percentage such as 120pct or an amount such as 1500)`,
    );
  }

  if (detail.configuration.alarmRule !== undefined)
    return reject('composite alarm: not a billing alarm on one metric');
  const all = detail.configuration.metrics;
  if (all.some((m) => /ANOMALY_DETECTION_BAND/i.test(m.expression ?? ''))) {
    return reject('anomaly-detection alarm: not a threshold on EstimatedCharges');
  }
  const watched = daily ? dailyRateMetric(detail) : singleMetric(all);
  if (!watched.ok) return reject(watched.reason);
  const metric = watched.value;
  if (metric.namespace !== BILLING_NAMESPACE)
    return reject(`namespace is "${metric.namespace}", not ${BILLING_NAMESPACE}`);
  if (metric.name !== ESTIMATED_CHARGES)
    return reject(`metric is "${metric.name}", not ${ESTIMATED_CHARGES}`);
  if (metric.dimensions.ServiceName) return reject('alarm watches one service, not the account total');
  const unexpected = Object.keys(metric.dimensions).filter((d) => !ALLOWED_DIMENSIONS.has(d));
  if (unexpected.length > 0)
    return reject(`unexpected dimension(s) ${unexpected.join(', ')}; expected Currency (and LinkedAccount)`);
  if (!metric.dimensions.Currency) return reject('the metric has no Currency dimension');
  const linked = metric.dimensions.LinkedAccount;
  // A payer alarm: raised in the management account, named for the member account it watches.
  const payer =
    linked !== undefined &&
    linked !== event.account &&
    event.account === options.managementAccountId &&
    payerName?.accountId === linked;
  if (linked !== undefined && linked !== event.account && !payer) {
    return reject(
      event.account === options.managementAccountId
        ? `alarm watches LinkedAccount ${linked} but is not named ${payerAlarmName(options.alarmNamePrefix, rung, linked)}`
        : `alarm watches LinkedAccount ${linked} but was raised in ${event.account}`,
    );
  }

  const reasonData = parseReasonData(detail.state.reasonData);
  if ((reasonData.recentDatapoints?.length ?? 0) > MAX_DATAPOINTS) {
    return reject(
      `reasonData holds ${reasonData.recentDatapoints?.length} datapoints, more than ${MAX_DATAPOINTS}`,
    );
  }
  return found({
    eventId,
    accountId: payer && linked ? linked : event.account,
    alarmArn,
    alarmName: detail.alarmName,
    rung,
    state: detail.state.value,
    ...(detail.previousState?.value ? { previousState: detail.previousState.value } : {}),
    ...(detail.configuration.description ? { description: detail.configuration.description } : {}),
    ...(reasonData.threshold !== undefined ? { threshold: reasonData.threshold } : {}),
    ...(reasonData.recentDatapoints?.length
      ? { estimatedCharges: reasonData.recentDatapoints.reduce((a, b) => (b > a ? b : a)) }
      : {}),
    currency: metric.dimensions.Currency ?? 'USD',
    reason: detail.state.reason,
    changedAt: detail.state.timestamp,
    placement: payer ? 'payer' : 'member',
  });
}

/** The one EstimatedCharges metric of a single-metric alarm; any expression is metric math, refused. */
function singleMetric(all: AlarmEvent['detail']['configuration']['metrics']): Found<BillingMetric> | Missing {
  if (all.some((m) => m.expression !== undefined))
    return { ok: false, reason: 'metric-math alarm: not a single EstimatedCharges metric' };
  if (all.length !== 1) return { ok: false, reason: `expected one metric, found ${all.length}` };
  const metric = all[0]?.metricStat?.metric;
  return metric ? found(metric) : { ok: false, reason: 'the metric has no metricStat' };
}

/**
 * The daily-rate alarm's metric, when its configuration is exactly the template's: the expression
 * `e1` (returning data) and the metric `m1` (a day's Maximum, not returning data), nothing else.
 * Any other metric-math alarm with that name is refused.
 */
function dailyRateMetric(detail: AlarmEvent['detail']): Found<BillingMetric> | Missing {
  const all = detail.configuration.metrics;
  const refuse = (why: string): Missing => ({
    ok: false,
    reason: `metric-math alarm "${detail.alarmName}" is not the template's daily-rate alarm: ${why}`,
  });
  if (all.length !== 2) return refuse(`expected 2 metrics (e1 and m1), found ${all.length}`);
  const expression = all.find((m) => m.expression !== undefined);
  const stat = all.find((m) => m.metricStat !== undefined);
  if (!expression || !stat || expression === stat) return refuse('expected one expression and one metric');
  if (expression.expression !== DAILY_RATE_EXPRESSION)
    return refuse(`expression is "${expression.expression?.slice(0, 200)}", not "${DAILY_RATE_EXPRESSION}"`);
  if (expression.id !== DAILY_EXPRESSION_ID || expression.returnData !== true)
    return refuse(`the expression must be ${DAILY_EXPRESSION_ID}, returning data`);
  if (stat.id !== DAILY_METRIC_ID || stat.returnData !== false)
    return refuse(`the metric must be ${DAILY_METRIC_ID}, not returning data`);
  if (stat.metricStat?.period !== DAILY_PERIOD_SECONDS || stat.metricStat.stat !== 'Maximum')
    return refuse(`the metric must be the Maximum over ${DAILY_PERIOD_SECONDS} s`);
  return found(stat.metricStat.metric);
}

/** A metric as the alarm event names it. */
type BillingMetric = NonNullable<
  AlarmEvent['detail']['configuration']['metrics'][number]['metricStat']
>['metric'];

function parseReasonData(text: string | undefined): z.infer<typeof reasonDataSchema> {
  if (!text) return {};
  try {
    const result = reasonDataSchema.safeParse(JSON.parse(text));
    return result.success ? result.data : {};
  } catch {
    return {};
  }
}

/** The first schema issue of a Powertools ParseError (its cause holds Standard Schema issues). */
function firstIssue(error: Error): string {
  const issue = Array.isArray(error.cause) ? fieldsOf(error.cause[0]) : undefined;
  if (!issue || Object.keys(issue).length === 0) return error.message;
  const path = (Array.isArray(issue.path) ? issue.path : [])
    .map((p: unknown) => (typeof p === 'object' && p !== null && 'key' in p ? String(p.key) : String(p)))
    .join('.');
  return `${path || '(event)'}: ${stringField(issue, 'message') ?? 'invalid'}`;
}
