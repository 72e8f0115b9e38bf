import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Config } from './config/schema.js';
import { currentSnapshot } from './costs/snapshot-source.js';
import type { SnapshotStore } from './costs/snapshot-store.js';
import { sendEmail, uniqueRecipients } from './delivery/mailer.js';
import { singleLine } from './email/format.js';
import { translator } from './email/messages.js';
import { renderHtml } from './email/render.js';
import { readCoverage } from './report/coverage.js';
import { reportText } from './report/report-text.js';
import { type ReportViewModel, reportViewModel } from './report/report-view-model.js';

/** What the report needs; built once per cold start. */
export interface ReportDeps {
  readonly config: Config;
  readonly ce: CostExplorerClient;
  readonly ses: SESv2Client;
  readonly organizations: OrganizationsClient;
  readonly cloudFormation: CloudFormationClient;
  readonly snapshots: SnapshotStore;
  readonly stackSetName: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly now: () => Date;
  readonly configurationSetName?: string;
}

/** The outcome of one report run, as `billing-alarms report` prints it. */
export interface ReportResult {
  readonly status: 'sent';
  readonly recipients: string[];
  readonly subject: string;
  readonly messageIds: string[];
  readonly costExplorerRequests: number;
  readonly htmlBytes: number;
  readonly viewModel: ReportViewModel;
}

/** The report cannot be made (no cost data); the handler throws so the run is retried. */
export class ReportError extends Error {
  override readonly name = 'ReportError';
}

/**
 * Builds and mails the organisation report from the cost snapshot. Sections that fail on their own
 * (coverage, forecast) are marked unavailable; without costs there is no report, and that throws.
 */
export async function sendReport(deps: ReportDeps): Promise<ReportResult> {
  const { config, logger, metrics } = deps;
  const now = deps.now();
  const snap = await currentSnapshot(
    { ce: deps.ce, store: deps.snapshots, logger },
    { now, currency: config.currency },
  );
  if (!('snapshot' in snap)) throw new ReportError(`Cost Explorer did not answer (${snap.error})`);
  const coverage = await readCoverage(deps.organizations, deps.cloudFormation, {
    config,
    stackSetName: deps.stackSetName,
  }).catch((err: unknown) => {
    logger.warn('coverage unavailable', { error: err as Error });
    metrics.addMetric('ReportSectionsUnavailable', MetricUnit.Count, 1);
    return { error: (err as Error).message };
  });
  const viewModel = reportViewModel({ snapshot: snap.snapshot, coverage, config });
  const html = renderHtml('org-report', viewModel);
  const recipients = uniqueRecipients(config.email.centralRecipients);
  const messageIds = await sendEmail(deps.ses, {
    from: config.email.sender,
    to: recipients,
    subject: viewModel.subject,
    html,
    text: reportText(viewModel),
    ...(deps.configurationSetName ? { configurationSetName: deps.configurationSetName } : {}),
    tags: { kind: 'report' },
  });
  const htmlBytes = Buffer.byteLength(html, 'utf8');
  metrics.addMetric('ReportsSent', MetricUnit.Count, 1);
  metrics.addMetric('ReportHtmlBytes', MetricUnit.Bytes, htmlBytes);
  metrics.addMetric('CostExplorerRequests', MetricUnit.Count, snap.requests);
  logger.info('report sent', {
    recipients: recipients.length,
    htmlBytes,
    accounts: snap.snapshot.accounts.length,
  });
  return {
    status: 'sent',
    recipients,
    subject: viewModel.subject,
    messageIds,
    costExplorerRequests: snap.requests,
    htmlBytes,
    viewModel,
  };
}

/** Tells the operators, briefly, that the report failed and why (best effort: never hides the failure). */
export async function notifyReportFailure(deps: ReportDeps, error: unknown): Promise<void> {
  const recipients = uniqueRecipients(deps.config.email.operatorRecipients);
  if (recipients.length === 0) return;
  const t = translator(deps.config.locale);
  const cause = singleLine(`${(error as Error).name}: ${(error as Error).message}`, 300);
  const text = t('report.failureBody', { cause });
  try {
    await sendEmail(deps.ses, {
      from: deps.config.email.sender,
      to: recipients,
      subject: singleLine(t('report.failureSubject', { cause }), 250),
      html: `<p>${text.split('\n').filter(Boolean).map(escapeHtml).join('</p><p>')}</p>`,
      text,
      tags: { kind: 'report-failure' },
    });
  } catch (err) {
    deps.logger.error('could not tell the operators about the failed report', { error: err as Error });
  }
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
