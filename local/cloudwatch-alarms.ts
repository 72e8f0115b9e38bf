import { createServer } from 'node:http';
import { close, listen, readBody } from './http.js';
import { type MetricQueryInput, metricAlarmProblem } from './metric-alarm-rules.js';
import { RequestLog } from './request-log.js';

/** A metric alarm as the stand-in keeps it (the fields the tools read back). */
export interface StoredAlarm {
  readonly AlarmName: string;
  /** Absent on a metric-math alarm (its metrics are in `Metrics`). */
  readonly Namespace?: string;
  readonly MetricName?: string;
  readonly Dimensions: readonly { Name: string; Value: string }[];
  readonly Threshold: number;
  readonly Period?: number;
  /** A metric-math alarm's metrics and expressions. */
  readonly Metrics?: readonly MetricQueryInput[];
  readonly EvaluationPeriods: number;
  readonly Statistic?: string;
  readonly ComparisonOperator: string;
  readonly AlarmDescription?: string;
  readonly StateValue: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
}

/** Options of {@link startCloudWatchAlarms}: CloudWatch's quotas, lowered for tests when asked. */
export interface CloudWatchAlarmOptions {
  /** PutMetricAlarm and DeleteAlarms requests per second (Service Quotas: 3 each, us-east-1). */
  readonly writesPerSecond?: number;
  /** Alarms the account may hold (no documented default; LimitExceededFault past it). */
  readonly alarmQuota?: number;
}

/** The CloudWatch stand-in's handle. */
export interface CloudWatchAlarmsStandIn {
  readonly endpoint: string;
  readonly stats: { puts: number; deletes: number; describes: number; throttled: number };
  alarms(): StoredAlarm[];
  stop(): Promise<void>;
}

const TARGET = 'GraniteServiceVersion20100801.';

/** The request fields the stand-in reads (JSON 1.0 bodies of the three operations). */
interface AlarmRequest {
  AlarmName?: string;
  AlarmNames?: string[];
  AlarmNamePrefix?: string;
  MaxRecords?: number;
  NextToken?: string;
  Namespace?: string;
  MetricName?: string;
  Dimensions?: { Name: string; Value: string }[];
  Threshold?: number;
  Period?: number;
  EvaluationPeriods?: number;
  Statistic?: string;
  ComparisonOperator?: string;
  AlarmDescription?: string;
  Metrics?: MetricQueryInput[];
}
/** DescribeAlarms answers at most 100 per page (MaxRecords 1–100). */
const PAGE = 100;

/**
 * CloudWatch's alarm API (AWS JSON 1.0, as the SDK speaks it): PutMetricAlarm, DescribeAlarms,
 * DeleteAlarms, with CloudWatch's own refusals (`metric-alarm-rules.ts`: names of 1–255 characters,
 * periods of 10, 20, 30 or a multiple of 60 seconds, at most 30 dimensions, evaluation over at most
 * one day, metric-math alarms' `Metrics` rules), at most 100 names per DeleteAlarms, and writes
 * over the per-second quota throttled (`Throttling`).
 */
export async function startCloudWatchAlarms(
  initial: readonly StoredAlarm[] = [],
  options: CloudWatchAlarmOptions = {},
  log: RequestLog = new RequestLog(),
): Promise<CloudWatchAlarmsStandIn> {
  const alarmArn = (name: string) => log.arn('cloudwatch', `alarm:${name}`);
  const alarms = new Map(initial.map((a) => [a.AlarmName, { ...a }]));
  const stats = { puts: 0, deletes: 0, describes: 0, throttled: 0 };
  const perSecond = options.writesPerSecond ?? 3;
  const writes: number[] = [];
  const server = createServer(async (req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const input = JSON.parse((await readBody(req)).toString('utf8') || '{}') as AlarmRequest;
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify(body));
    };
    const fail = (type: string, message: string, status = 400) =>
      send(status, { __type: `com.amazonaws.cloudwatch#${type}`, message });
    const op = target.startsWith(TARGET) ? target.slice(TARGET.length) : '';
    // DescribeAlarms by prefix is authorized on '*' here (DESIGN.md: which alarm ARN AWS evaluates
    // for a prefix query is not documented, so the policy grants this read-only action on '*').
    log.record(req, {
      action: `cloudwatch:${op}`,
      resources:
        op === 'PutMetricAlarm'
          ? [alarmArn(input.AlarmName ?? '')]
          : op === 'DeleteAlarms'
            ? (input.AlarmNames ?? []).map(alarmArn)
            : [],
    });
    const throttled = () => {
      const now = Date.now();
      while (writes.length > 0 && (writes[0] as number) <= now - 1000) writes.shift();
      if (writes.length >= perSecond) {
        stats.throttled++;
        return true;
      }
      writes.push(now);
      return false;
    };
    if (op === 'PutMetricAlarm') {
      if (throttled()) return fail('Throttling', 'Rate exceeded');
      const problem = metricAlarmProblem(input);
      if (problem) return fail('InvalidParameterValue', problem);
      const name = input.AlarmName as string;
      if (!alarms.has(name) && alarms.size >= (options.alarmQuota ?? Number.POSITIVE_INFINITY))
        return fail('LimitExceededFault', 'The quota for alarms for this customer has already been reached.');
      stats.puts++;
      const before = alarms.get(name);
      // putProblem has checked each of these.
      alarms.set(name, {
        AlarmName: name,
        ...(input.Namespace ? { Namespace: input.Namespace } : {}),
        ...(input.MetricName ? { MetricName: input.MetricName } : {}),
        Dimensions: input.Dimensions ?? [],
        Threshold: input.Threshold as number,
        ...(input.Period !== undefined ? { Period: input.Period } : {}),
        ...(input.Metrics ? { Metrics: input.Metrics } : {}),
        EvaluationPeriods: input.EvaluationPeriods as number,
        ...(input.Statistic ? { Statistic: input.Statistic } : {}),
        ComparisonOperator: input.ComparisonOperator as string,
        ...(input.AlarmDescription ? { AlarmDescription: input.AlarmDescription } : {}),
        StateValue: before?.StateValue ?? 'INSUFFICIENT_DATA',
      });
      return send(200, {});
    }
    if (op === 'DeleteAlarms') {
      if (throttled()) return fail('Throttling', 'Rate exceeded');
      const names = input.AlarmNames ?? [];
      if (names.length === 0 || names.length > 100)
        return fail('InvalidParameterValue', 'AlarmNames must list 1 to 100 alarm names');
      const missing = names.filter((n) => !alarms.has(n));
      if (missing.length > 0)
        return fail('ResourceNotFound', `alarm(s) ${missing.join(', ')} do not exist`, 404);
      stats.deletes++;
      for (const n of names) alarms.delete(n);
      return send(200, {});
    }
    if (op === 'DescribeAlarms') {
      stats.describes++;
      if (input.AlarmNamePrefix !== undefined && input.AlarmNames !== undefined)
        return fail('InvalidParameterCombination', 'AlarmNamePrefix and AlarmNames cannot both be given');
      const max = input.MaxRecords ?? 50;
      if (max < 1 || max > PAGE) return fail('InvalidParameterValue', `MaxRecords must be 1 to ${PAGE}`);
      const all = [...alarms.values()]
        .filter((a) => (input.AlarmNamePrefix ? a.AlarmName.startsWith(input.AlarmNamePrefix) : true))
        .filter((a) => (input.AlarmNames ? input.AlarmNames.includes(a.AlarmName) : true))
        .sort((a, b) => a.AlarmName.localeCompare(b.AlarmName));
      const offset = Number(input.NextToken ?? 0);
      const page = all.slice(offset, offset + max);
      return send(200, {
        MetricAlarms: page.map((a) => ({
          ...a,
          AlarmArn: alarmArn(a.AlarmName),
        })),
        CompositeAlarms: [],
        ...(offset + max < all.length ? { NextToken: String(offset + max) } : {}),
      });
    }
    return fail('InvalidAction', `${target} is not supported by the stand-in`);
  });
  const endpoint = await listen(server);
  return {
    endpoint,
    stats,
    alarms: () => [...alarms.values()].map((a) => ({ ...a })),
    stop: () => close(server),
  };
}
