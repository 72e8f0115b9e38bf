import type { Logger } from '@aws-lambda-powertools/logger';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Config } from '../../contract/config/schema.js';
import { sendWithoutLedger, uniqueRecipients } from '../delivery/mailer.js';
import { singleLine } from '../email/format.js';
import { translator } from '../email/messages.js';
import { type NoticeViewModel, noticeText, noticeViewModel } from '../email/notice.js';
import { renderHtml } from '../email/render.js';
import { NOTICE } from '../email/templates.generated.js';
import { toError } from '../result.js';
import type { DeliveryLedger } from '../state/delivery-ledger.js';
import type { ScheduledRun } from './scheduled-run.js';

/** Runs whose notice this warm Lambda sent: the fallback when the state table cannot say. */
const noticedHere = new Set<string>();

/** What the failure notice needs. */
export interface FailureNoticeDeps {
  readonly config: Config;
  readonly ses: SESv2Client;
  readonly ledger: DeliveryLedger;
  readonly logger: Logger;
  readonly now: () => Date;
  /** The function's log group, linked from the notice. */
  readonly logGroupName?: string;
}

/** Decides and formats the operators' notice of a failed report run. */
export function failureNoticeViewModel(
  config: Config,
  error: unknown,
  logGroupName: string | undefined,
): NoticeViewModel {
  const t = translator(config.locale);
  const err = toError(error);
  const cause = singleLine(`${err.name}: ${err.message}`, 300);
  const logs = logGroupName
    ? `https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/${encodeURIComponent(encodeURIComponent(logGroupName))}`
    : 'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups';
  return noticeViewModel({
    lang: config.locale,
    subject: t('report.failureSubject', { cause }),
    headline: t('report.failureHeadline'),
    body: t('report.failureBody', { cause }),
    accentColor: '#b91c1c',
    link: { url: logs, label: t('report.failureLogs') },
    footer: t('common.footer', { org: config.organization.id }),
  });
}

/**
 * Tells the operators, once per scheduled run (Lambda retries a failed run twice), that the report
 * failed and why. The run is claimed in the ledger before the notice goes; when the table itself is
 * down, the warm Lambda's memory keeps its retries to one notice. Best effort: a notice that cannot
 * be sent is logged and never hides the failure.
 */
export async function notifyReportFailure(
  deps: FailureNoticeDeps,
  run: ScheduledRun,
  error: unknown,
): Promise<void> {
  const recipients = uniqueRecipients(deps.config.email.operatorRecipients);
  if (recipients.length === 0) return;
  const key = `report-failure#${run.scheduledTime}`;
  try {
    const first = await deps.ledger.claimOnce(key, deps.now().getTime()).catch((err: unknown) => {
      deps.logger.warn('cannot claim the failure notice in the state table; using this Lambda’s memory', {
        error: toError(err),
      });
      return !noticedHere.has(key);
    });
    if (!first) return;
    noticedHere.add(key);
    const vm = failureNoticeViewModel(deps.config, error, deps.logGroupName);
    await sendWithoutLedger(deps.ses, {
      from: deps.config.email.sender,
      to: recipients,
      subject: vm.subject,
      html: renderHtml(NOTICE, vm),
      text: noticeText(vm),
      tags: { kind: 'report-failure' },
    });
  } catch (err) {
    deps.logger.error('could not tell the operators about the failed report', { error: toError(err) });
  }
}
