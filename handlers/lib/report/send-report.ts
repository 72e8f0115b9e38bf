import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { type ChatDelivery, chatDeliveries } from '../chat/chat-deliveries.js';
import { basisOf } from '../costs/cost-basis.js';
import { currentSnapshot } from '../costs/snapshot-source.js';
import type { SnapshotStore } from '../costs/snapshot-store.js';
import type { Deadlines } from '../deadline.js';
import { deliveryContext } from '../delivery/delivery-context.js';
import { deliverEmail, uniqueRecipients } from '../delivery/mailer.js';
import { renderHtml } from '../email/render.js';
import { ORG_REPORT } from '../email/templates.generated.js';
import { failureCode } from '../failure.js';
import { type Coverage, readCoverage } from '../governance/coverage.js';
import { refreshOrgCopy } from '../governance/org-copy-record.js';
import type { AutomationDetail } from '../publisher/automation-event.js';
import { found, missing, type Result, toError } from '../result.js';
import type { RuntimeDeps } from '../runtime/runtime.js';
import type { AlarmStateLedger, AlarmStateRecord } from '../state/alarm-states.js';
import type { AlertLifecycle } from '../state/alert-lifecycle.js';
import type { AlertRecord } from '../state/alert-rules.js';
import type { DeliveryLedger } from '../state/delivery-ledger.js';
import type { EstimateLog } from '../state/estimate-log.js';
import type { FirstSpendStore } from '../state/first-spend-store.js';
import type { NoiseControl, QuietedAlarm } from '../state/noise.js';
import type { OrgCopy, OrgCopyRecord } from '../state/org-copy.js';
import type { PlacementLedger, PlacementRecord } from '../state/placements.js';
import type { RecipientFeedback, RecipientFeedbackRecord } from '../state/recipient-feedback.js';
import type { ConflictCount, RejectionLog } from '../state/rejection-log.js';
import { alarmHealth } from './alarm-health.js';
import { paceAlerts } from './pace.js';
import { forecastDetail, type PaceNoticeOutcome, sendPaceNotices } from './pace-notices.js';
import { reportChatMessage } from './report-chat.js';
import { readReportDrivers } from './report-drivers.js';
import { readFirstSpend } from './report-first-spend.js';
import { readReconciliation } from './report-reconciliation.js';
import { reportText } from './report-text.js';
import { type ReportViewModel, reportViewModel } from './report-view-model.js';

/** What the report needs; built once per cold start. */
export interface ReportDeps extends RuntimeDeps {
  readonly organizations: OrganizationsClient;
  readonly cloudFormation: CloudFormationClient;
  readonly stackSetName: string;
  readonly snapshots: SnapshotStore;
  readonly ledger: DeliveryLedger;
  readonly noise: NoiseControl;
  readonly alarmStates: AlarmStateLedger;
  /** Each account's alarm placement (member or payer), for coverage. */
  readonly placements: Pick<PlacementLedger, 'all'>;
  /** Recipients SES reported bounced, complained or rejected, for coverage. */
  readonly recipientFeedback: Pick<RecipientFeedback, 'all'>;
  /** The organisation copy: the coverage pass keeps each account's name and OU in it. */
  readonly orgCopy?: Pick<OrgCopy, 'getMany' | 'putMany'>;
  /** Event ids seen again with another payload, counted per month (the rejection log). */
  readonly rejections?: Pick<RejectionLog, 'conflicts'>;
  /** The alerts (acknowledged, snoozed, planned) and their history, for the alerts section. */
  readonly alerts?: Pick<AlertLifecycle, 'list'>;
  /** The first-spend check, kept for the alarms. @default - no "New this week" section */
  readonly firstSpend?: FirstSpendStore;
  /** The fast-burn estimates the launch path kept. @default - no "Fast-burn estimates against billing" section */
  readonly estimates?: EstimateLog;
  /** The function's log group, linked from the failure notice. */
  readonly logGroupName?: string;
  readonly metrics: Metrics;
}

/** The outcome of one report run, as `billing-alarms report` prints it. */
export interface ReportResult {
  readonly status: 'sent' | 'duplicate';
  readonly recipients: string[];
  readonly subject: string;
  readonly messageIds: string[];
  readonly costExplorerRequests: number;
  readonly htmlBytes: number;
  readonly viewModel?: ReportViewModel;
  /** Accounts on pace to cross a rung this month (`tier` holds the rung too, as before ladders). */
  readonly paceAlerts: {
    accountId: string;
    tier: string;
    rung: string;
    monthToDate: number;
    forecast: number;
    threshold: number;
  }[];
  readonly paceNotices: PaceNoticeOutcome;
  /** Automation event details of the pace notices mailed in this run. */
  readonly forecasts?: AutomationDetail[];
  /** The report's chat summary for the central channels, delivered once per channel. */
  readonly chat?: ChatDelivery[];
  /** The run's delivery key: the publisher records the events and each channel under it. */
  readonly automationKey?: string;
}

/** The report cannot be made (no cost data); the handler throws so the run is retried. */
export class ReportError extends Error {
  override readonly name = 'ReportError';
}

/**
 * The coverage pass keeps every active account's name and OU in the organisation copy (written
 * where changed or a day old) and answers the copies; best effort: a failure is logged and the
 * report goes on without the copy's ignored tags.
 */
async function keepOrgCopy(
  deps: ReportDeps,
  coverage: Coverage,
  now: Date,
  signal: AbortSignal,
): Promise<OrgCopyRecord[]> {
  if (!deps.orgCopy) return [];
  const accounts = Object.entries(coverage.names).map(([accountId, name]) => ({
    accountId,
    name,
    ...(coverage.ouOf[accountId] ? { ouId: coverage.ouOf[accountId] } : {}),
  }));
  try {
    const { records, written } = await refreshOrgCopy(deps.orgCopy, deps.config, accounts, now, signal);
    deps.logger.info('organisation copy kept', { accounts: records.length, written });
    return records;
  } catch (err) {
    deps.logger.warn('organisation copy not kept', { error: toError(err) });
    return [];
  }
}

/**
 * The alerts for their section, best effort: a failed read is said in the section (and counted), the
 * rest of the report goes out. One GetItem (the index) and a BatchGetItem per 100 alerts.
 */
async function readAlerts(
  deps: ReportDeps,
  signal: AbortSignal,
): Promise<Result<readonly AlertRecord[]> | undefined> {
  if (!deps.alerts) return undefined;
  try {
    return found(await deps.alerts.list(signal));
  } catch (err) {
    deps.logger.warn('alerts unavailable', { error: toError(err) });
    deps.metrics.addMetric('ReportSectionsUnavailable', MetricUnit.Count, 1);
    return missing(failureCode(err));
  }
}

/**
 * Builds and mails the organisation report from the cost snapshot. Sections that fail on their own
 * (coverage, forecast) are marked unavailable; without costs there is no report, and that throws.
 */
export async function sendReport(
  deps: ReportDeps,
  delivery: { key: string; requestId: string; deadlines: Deadlines },
): Promise<ReportResult> {
  const { config, logger, metrics } = deps;
  const now = deps.now();
  const { deadlines } = delivery;
  // Coverage (Organizations and CloudFormation, many pages at scale) runs beside the cost queries,
  // not after them; it stops with the run if there are no costs to report.
  const noReport = new AbortController();
  const coverageRead = readCoverage(deps.organizations, deps.cloudFormation, {
    config,
    stackSetName: deps.stackSetName,
    signal: AbortSignal.any([deadlines.bestEffort, noReport.signal]),
  }).then(found, (err: unknown): Result<Coverage> => {
    logger.warn('coverage unavailable', { error: toError(err) });
    metrics.addMetric('ReportSectionsUnavailable', MetricUnit.Count, 1);
    return missing(failureCode(err));
  });
  // The snapshot is the report: it gets the time up to the delivery reserve.
  const snap = await currentSnapshot(
    { ce: deps.ce, store: deps.snapshots, logger },
    { now, timeZone: config.timeZone, signal: deadlines.bestEffort, basis: basisOf(config) },
  ).catch((err: unknown) => {
    noReport.abort();
    throw err;
  });
  if (!snap.snapshot.ok) {
    noReport.abort();
    throw new ReportError(`Cost Explorer did not answer (${snap.snapshot.reason})`);
  }
  const snapshot = snap.snapshot.value;
  if (snapshot.unit && snapshot.unit !== config.currency) {
    logger.warn('Cost Explorer reports another currency than configured', {
      unit: snapshot.unit,
      configured: config.currency,
    });
  }
  // Fast-burn estimates against billing: beside the other reads, never failing the report.
  const reconciling = deps.estimates
    ? readReconciliation(
        { ce: deps.ce, estimates: deps.estimates, logger },
        { now, basis: basisOf(config), signal: deadlines.bestEffort },
      )
    : Promise.resolve(undefined);
  const [coverage, quieted, states, placements, feedback, conflicts, drivers, alerts, firstSpend] =
    await Promise.all([
      coverageRead,
      deps.noise.quieted(now.getTime(), deadlines.mandatory).catch((err: unknown): QuietedAlarm[] => {
        logger.warn('alarm noise summary unavailable', { error: toError(err) });
        return [];
      }),
      deps.alarmStates.all(deadlines.bestEffort).then(found, (err: unknown): Result<AlarmStateRecord[]> => {
        logger.warn('alarm states unavailable', { error: toError(err) });
        return missing(failureCode(err));
      }),
      deps.placements.all(deadlines.bestEffort).catch((err: unknown): PlacementRecord[] => {
        logger.warn('alarm placements unavailable', { error: toError(err) });
        return [];
      }),
      deps.recipientFeedback.all(deadlines.bestEffort).catch((err: unknown): RecipientFeedbackRecord[] => {
        logger.warn('recipients’ bounces and complaints unavailable', { error: toError(err) });
        return [];
      }),
      (deps.rejections?.conflicts(now, deadlines.bestEffort) ?? Promise.resolve([])).catch(
        (err: unknown): ConflictCount[] => {
          logger.warn('event id conflicts unavailable', { error: toError(err) });
          return [];
        },
      ),
      // Why it moved: best effort beside the other reads (each split that fails says why).
      readReportDrivers(deps.ce, snapshot, deadlines.bestEffort, basisOf(config)),
      readAlerts(deps, deadlines.bestEffort),
      deps.firstSpend
        ? readFirstSpend(
            { ce: deps.ce, store: deps.firstSpend, logger },
            { now, basis: basisOf(config), accounts: snapshot.accounts.length, signal: deadlines.bestEffort },
          )
        : undefined,
    ]);
  const reconciled = await reconciling;
  if (reconciled && !reconciled.lines.ok) metrics.addMetric('ReportSectionsUnavailable', MetricUnit.Count, 1);
  const sectionRequests = (firstSpend?.requests ?? 0) + (reconciled?.requests ?? 0);
  const copies = coverage.ok ? await keepOrgCopy(deps, coverage.value, now, deadlines.bestEffort) : [];
  const health =
    coverage.ok && states.ok ? alarmHealth(states.value, Object.keys(coverage.value.ouOf), now) : undefined;
  // Without coverage the OUs are unknown: account overrides and the default still apply.
  const ouOf = coverage.ok ? coverage.value.ouOf : {};
  const pace = paceAlerts(snapshot, config, ouOf);
  const viewModel = reportViewModel({
    snapshot,
    coverage,
    config,
    quieted,
    pace,
    placements,
    feedback,
    conflicts,
    drivers,
    ...(firstSpend ? { firstSpend: firstSpend.check } : {}),
    ...(reconciled ? { reconciliation: reconciled } : {}),
    ignoredTags: copies.flatMap((c) => c.ignoredTags.map((i) => ({ accountId: c.accountId, ...i }))),
    ...(health ? { health } : {}),
    ...(alerts ? { alerts } : {}),
    now,
  });
  const html = renderHtml(ORG_REPORT, viewModel);
  const recipients = uniqueRecipients(config.email.centralRecipients);
  const delivered = await deliverEmail(
    deps.ses,
    {
      from: config.email.sender,
      to: recipients,
      subject: viewModel.subject,
      html,
      text: reportText(viewModel),
      ...(deps.configurationSetName ? { configurationSetName: deps.configurationSetName } : {}),
      tags: { kind: 'report' },
    },
    deliveryContext(deps, delivery.key, { requestId: delivery.requestId, deadlines }),
  );
  const messageIds = delivered.messageIds;
  const htmlBytes = Buffer.byteLength(html, 'utf8');
  metrics.addMetric('ReportsSent', MetricUnit.Count, 1);
  metrics.addMetric('ReportHtmlBytes', MetricUnit.Bytes, htmlBytes);
  metrics.addMetric(
    'CostExplorerRequests',
    MetricUnit.Count,
    snap.requests + drivers.requests + sectionRequests,
  );
  logger.info('report sent', {
    recipients: recipients.length,
    htmlBytes,
    accounts: snapshot.accounts.length,
  });
  // After the report: a failing notice throws for Lambda's retry, and the report is not sent again.
  const notices = await sendPaceNotices(deps, pace, snapshot, ouOf, {
    requestId: delivery.requestId,
    deadlines,
  });
  if (notices.sent > 0) metrics.addMetric('PaceNoticesSent', MetricUnit.Count, notices.sent);
  const replayed =
    delivered.earlier === messageIds.length && delivered.earlierOwners.some((o) => o !== delivery.requestId);
  // For the publisher: a Forecast event per mailed notice, and the central channels' short summary.
  const forecasts = notices.mailed.map((a) => forecastDetail(a, snapshot.unit || config.currency));
  const chat = replayed
    ? []
    : chatDeliveries(
        config,
        config.chat.central,
        reportChatMessage(viewModel, snapshot.periods.month.start.slice(0, 7)),
      );
  return {
    status: replayed ? 'duplicate' : 'sent',
    paceAlerts: pace.map(({ accountId, rung, monthToDate, forecast, threshold }) => ({
      accountId,
      tier: rung,
      rung,
      monthToDate,
      forecast,
      threshold,
    })),
    paceNotices: notices,
    ...(forecasts.length > 0 ? { forecasts } : {}),
    ...(chat.length > 0 ? { chat } : {}),
    ...(forecasts.length > 0 || chat.length > 0 ? { automationKey: delivery.key } : {}),
    recipients,
    subject: viewModel.subject,
    messageIds,
    costExplorerRequests: snap.requests + drivers.requests + sectionRequests + notices.costExplorerRequests,
    htmlBytes,
    viewModel,
  };
}
