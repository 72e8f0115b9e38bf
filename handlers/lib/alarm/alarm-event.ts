import { parse } from '@aws-lambda-powertools/parser';
import type * as z from 'zod/mini';
import {
  ALARM_EVENT_SOURCE,
  ALARM_STATE_CHANGE,
  BILLING_NAMESPACE,
  BILLING_REGION,
  ESTIMATED_CHARGES,
} from '../../contract/billing.js';
import { rungOfAlarmName } from '../../contract/member-template.js';
import { type Placement, parsePayerAlarmName, payerAlarmName } from '../../contract/payer-alarms.js';
import { type Found, found, type Missing } from '../result.js';
import { fieldsOf, stringField } from '../unknown-values.js';
import { alarmEventSchema, eventBridgeEnvelopeSchema, reasonDataSchema } from './alarm-event-schema.js';

/** A billing alarm that passed every check. */
export interface BillingAlarm {
  readonly eventId: string;
  readonly accountId: string;
  readonly alarmArn: string;
  readonly alarmName: string;
  /** The rung the alarm's name stands for: `warning`, `critical`, `120%`, `1500`. */
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
  // `<prefix><rung>`, optionally followed by a qualifier the member chose (e.g. "-payments").
  const rung = rungOfAlarmName(options.alarmNamePrefix, detail.alarmName);
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
  if (all.some((m) => m.expression !== undefined))
    return reject('metric-math alarm: not a single EstimatedCharges metric');
  if (all.length !== 1) return reject(`expected one metric, found ${all.length}`);
  const metric = all[0]?.metricStat?.metric;
  if (!metric) return reject('the metric has no metricStat');
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
    parsePayerAlarmName(options.alarmNamePrefix, detail.alarmName)?.accountId === linked;
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
