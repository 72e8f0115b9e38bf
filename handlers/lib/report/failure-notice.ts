import type { Config } from '../../contract/config/schema.js';
import { sendEmail, uniqueRecipients } from '../delivery/mailer.js';
import { claimOnce } from '../delivery/once.js';
import { singleLine } from '../email/format.js';
import { translator } from '../email/messages.js';
import { renderHtml } from '../email/render.js';
import { toError } from '../result.js';
import type { ScheduledRun } from './scheduled-run.js';
import type { ReportDeps } from './send-report.js';

/** What the failure notice shows: the cause in one line, what happens next, where to look. */
export interface FailureNoticeViewModel {
  readonly lang: string;
  readonly subject: string;
  readonly preheader: string;
  readonly headline: string;
  readonly accentColor: string;
  readonly paragraphs: string[];
  readonly link: { url: string; label: string };
  readonly asOf: null;
  readonly footer: string;
}

/** Decides and formats the operators' notice of a failed report run. */
export function failureNoticeViewModel(
  config: Config,
  error: unknown,
  logGroupName: string | undefined,
): FailureNoticeViewModel {
  const t = translator(config.locale);
  const err = toError(error);
  const cause = singleLine(`${err.name}: ${err.message}`, 300);
  const body = t('report.failureBody', { cause });
  const logs = logGroupName
    ? `https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/${encodeURIComponent(encodeURIComponent(logGroupName))}`
    : 'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups';
  return {
    lang: config.locale,
    subject: singleLine(t('report.failureSubject', { cause }), 250),
    preheader: cause,
    headline: t('report.failureHeadline'),
    accentColor: '#b91c1c',
    paragraphs: body
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean),
    link: { url: logs, label: t('report.failureLogs') },
    asOf: null,
    footer: t('common.footer', { org: config.organization.id }),
  };
}

/**
 * Tells the operators, once per scheduled run (Lambda retries a failed run twice), that the report
 * failed and why. Best effort: a notice that cannot be sent is logged and never hides the failure.
 */
export async function notifyReportFailure(
  deps: ReportDeps,
  run: ScheduledRun,
  error: unknown,
): Promise<void> {
  const recipients = uniqueRecipients(deps.config.email.operatorRecipients);
  if (recipients.length === 0) return;
  try {
    const first = await claimOnce(
      deps.dynamo,
      deps.tableName,
      `report-failure#${run.scheduledTime}`,
      24 * 3600,
      deps.now(),
    ).catch((err: unknown) => {
      // Without the table a duplicate notice is better than none.
      deps.logger.warn('cannot claim the failure notice; sending it anyway', { error: toError(err) });
      return true;
    });
    if (!first) return;
    const vm = failureNoticeViewModel(deps.config, error, deps.logGroupName);
    await sendEmail(deps.ses, {
      from: deps.config.email.sender,
      to: recipients,
      subject: vm.subject,
      html: renderHtml('report-failure', vm),
      text: [vm.headline, '', ...vm.paragraphs, '', `${vm.link.label}: ${vm.link.url}`, ''].join('\n'),
      tags: { kind: 'report-failure' },
    });
  } catch (err) {
    deps.logger.error('could not tell the operators about the failed report', { error: toError(err) });
  }
}
