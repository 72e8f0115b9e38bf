import * as z from 'zod/mini';
import { ANOMALY_DETECTED, ANOMALY_ID_MAX, ANOMALY_SOURCE } from '../../contract/anomaly-events.js';
import { fieldsOf } from '../unknown-values.js';

/** One root cause as Cost Anomaly Detection names it: where the anomaly is, and how much of it. */
export interface RootCause {
  readonly service?: string;
  readonly region?: string;
  readonly usageType?: string;
  readonly linkedAccount?: string;
  readonly linkedAccountName?: string;
  /** The root cause's dollar contribution to the anomaly, when the event gives it. */
  readonly contribution?: number;
}

/** An anomaly as the pipeline reads it from the "Anomaly Detected" event. */
export interface Anomaly {
  readonly eventId: string;
  readonly anomalyId: string;
  /** The account the anomaly is about: its largest root cause's linked account, else the monitor's account. */
  readonly accountId: string;
  readonly accountName?: string;
  /** The management account that runs the monitor (the event's `account`). */
  readonly monitorAccount: string;
  readonly monitorArn: string;
  readonly monitorName?: string;
  readonly startDate?: string;
  readonly endDate?: string;
  /** The monitor's dimension value (the service, for an AWS services monitor). */
  readonly dimensionValue?: string;
  readonly impact: {
    readonly totalImpact: number;
    readonly totalImpactPercentage?: number;
    readonly totalActualSpend?: number;
    readonly totalExpectedSpend?: number;
    readonly maxImpact?: number;
  };
  readonly score?: { readonly current: number; readonly max: number };
  /** Root causes, largest contribution first. */
  readonly rootCauses: RootCause[];
  /** Other accounts named by root causes. */
  readonly otherAccounts: string[];
  readonly detailsLink?: string;
  readonly at: string;
}

const text = (max: number) => z.string().check(z.maxLength(max));
const optionalText = (max = 1024) => z.optional(z.nullable(text(max)));
const optionalNumber = z.lazy(() => z.optional(z.nullable(z.number())));
const account = z.lazy(() => z.string().check(z.regex(/^\d{12}$/)));

/**
 * The event's shape, from the Cost Management user guide's example ("Using EventBridge with Cost
 * Anomaly Detection") and the API reference's `Anomaly` and `RootCause`: only what the pipeline reads
 * is required (the id, the account, the monitor, the total impact); the rest is optional, as the
 * API reference marks it.
 */
const eventSchema = z.lazy(() =>
  z.object({
    id: z.string().check(z.minLength(1), z.maxLength(256)),
    source: z.literal(ANOMALY_SOURCE),
    'detail-type': z.literal(ANOMALY_DETECTED),
    account,
    time: z.optional(z.string()),
    region: z.optional(z.string()),
    resources: z.optional(z.array(z.string())),
    detail: z.object({
      anomalyId: z.string().check(z.minLength(1), z.maxLength(ANOMALY_ID_MAX)),
      accountId: z.optional(account),
      accountName: optionalText(),
      monitorArn: text(2048),
      monitorName: optionalText(),
      anomalyStartDate: optionalText(40),
      anomalyEndDate: optionalText(40),
      dimensionValue: optionalText(),
      feedback: optionalText(40),
      anomalyDetailsLink: optionalText(2048),
      anomalyScore: z.optional(
        z.nullable(z.object({ currentScore: optionalNumber, maxScore: optionalNumber })),
      ),
      impact: z.object({
        totalImpact: z.number(),
        totalImpactPercentage: optionalNumber,
        totalActualSpend: optionalNumber,
        totalExpectedSpend: optionalNumber,
        maxImpact: optionalNumber,
      }),
      rootCauses: z.optional(
        z.nullable(
          z.array(
            z.object({
              service: optionalText(),
              region: optionalText(),
              usageType: optionalText(),
              linkedAccount: optionalText(),
              linkedAccountName: optionalText(),
              impact: z.optional(z.nullable(z.object({ contribution: optionalNumber }))),
            }),
          ),
        ),
      ),
    }),
  }),
);

/** Why an anomaly event is refused at the edge (recorded, answered `rejected`). */
export interface RefusedAnomaly {
  readonly rejected: string;
  readonly eventId?: string;
}

const defined = <T>(value: T | null | undefined): value is T => value !== undefined && value !== null;

/**
 * Reads a forwarded "Anomaly Detected" event: its shape checked, the monitor's account the
 * management account (only AWS puts `aws.ce` events, and only there do the organisation's monitors
 * run), the monitor one of `monitors` when the configuration names any. The anomaly's account is
 * its largest root cause's linked account (by contribution, else the first named), else the event's.
 */
export function readAnomaly(
  event: unknown,
  expect: { managementAccountId: string; monitors: readonly string[] },
): Anomaly | RefusedAnomaly {
  const envelope = fieldsOf(event);
  const eventId = typeof envelope.id === 'string' ? envelope.id : undefined;
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      rejected: `not a Cost Anomaly Detection event of the documented shape: ${issue ? `${issue.path.join('.') || '(event)'}: ${issue.message}` : 'unreadable'}`,
      ...(eventId ? { eventId } : {}),
    };
  }
  const e = parsed.data;
  const d = e.detail;
  if (e.account !== expect.managementAccountId)
    return {
      rejected: `anomaly event from account ${e.account}, not the management account ${expect.managementAccountId}: only the organisation's own monitors are read`,
      eventId: e.id,
    };
  if (expect.monitors.length > 0 && !expect.monitors.includes(d.monitorArn))
    return {
      rejected: `monitor ${d.monitorArn} is not one of anomalies.monitors (${expect.monitors.join(', ')})`,
      eventId: e.id,
    };
  const causes: RootCause[] = (d.rootCauses ?? [])
    .map((c) => ({
      ...(c.service ? { service: c.service } : {}),
      ...(c.region ? { region: c.region } : {}),
      ...(c.usageType ? { usageType: c.usageType } : {}),
      ...(c.linkedAccount ? { linkedAccount: c.linkedAccount } : {}),
      ...(c.linkedAccountName ? { linkedAccountName: c.linkedAccountName } : {}),
      ...(defined(c.impact?.contribution) ? { contribution: c.impact.contribution } : {}),
    }))
    .sort((a, b) => (b.contribution ?? 0) - (a.contribution ?? 0));
  const linked = causes.map((c) => c.linkedAccount).filter(defined);
  const badLinked = linked.find((a) => !/^\d{12}$/.test(a));
  if (badLinked)
    return {
      rejected: `root cause names linked account "${badLinked}", not a 12-digit account id`,
      eventId: e.id,
    };
  const accountId = linked[0] ?? d.accountId ?? e.account;
  const name =
    causes.find((c) => c.linkedAccount === accountId)?.linkedAccountName ??
    (accountId === d.accountId ? d.accountName : undefined);
  const impact = d.impact;
  const score = d.anomalyScore;
  return {
    eventId: e.id,
    anomalyId: d.anomalyId,
    accountId,
    ...(name ? { accountName: name } : {}),
    monitorAccount: e.account,
    monitorArn: d.monitorArn,
    ...(d.monitorName ? { monitorName: d.monitorName } : {}),
    ...(d.anomalyStartDate ? { startDate: d.anomalyStartDate } : {}),
    ...(d.anomalyEndDate ? { endDate: d.anomalyEndDate } : {}),
    ...(d.dimensionValue ? { dimensionValue: d.dimensionValue } : {}),
    impact: {
      totalImpact: impact.totalImpact,
      ...(defined(impact.totalImpactPercentage)
        ? { totalImpactPercentage: impact.totalImpactPercentage }
        : {}),
      ...(defined(impact.totalActualSpend) ? { totalActualSpend: impact.totalActualSpend } : {}),
      ...(defined(impact.totalExpectedSpend) ? { totalExpectedSpend: impact.totalExpectedSpend } : {}),
      ...(defined(impact.maxImpact) ? { maxImpact: impact.maxImpact } : {}),
    },
    ...(score && defined(score.currentScore) && defined(score.maxScore)
      ? { score: { current: score.currentScore, max: score.maxScore } }
      : {}),
    rootCauses: causes,
    otherAccounts: [...new Set(linked.filter((a) => a !== accountId))],
    ...(d.anomalyDetailsLink && /^https:\/\//.test(d.anomalyDetailsLink)
      ? { detailsLink: d.anomalyDetailsLink }
      : {}),
    at: e.time ?? new Date(0).toISOString(),
  };
}
