import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Config } from '../../contract/config/schema.js';
import { policyFor } from '../../contract/config/thresholds.js';
import { type AccountFigures, getAccountFigures } from '../costs/account-figures.js';
import { RequestCounter } from '../costs/cost-queries.js';
import { cachedSnapshot } from '../costs/snapshot-source.js';
import type { SnapshotStore } from '../costs/snapshot-store.js';
import { sendEmail, uniqueRecipients } from '../delivery/mailer.js';
import { renderHtml } from '../email/render.js';
import { verifyBillingAlarm } from '../events/alarm-event.js';
import type { RejectionLog } from '../events/rejection-log.js';
import { failureCode } from '../failure.js';
import { findConfiguredOu } from '../org/account-ou.js';
import { found, missing, type Result, toError } from '../result.js';
import { alarmText } from './alarm-text.js';
import { type AlarmViewModel, alarmViewModel } from './alarm-view-model.js';

/** What the alarm path needs; built once per cold start. */
export interface AlarmDeps {
  readonly config: Config;
  readonly ce: CostExplorerClient;
  readonly ses: SESv2Client;
  /** Finds the account's OU, for OU overrides (recipients, description). */
  readonly organizations: OrganizationsClient;
  readonly snapshots: SnapshotStore;
  readonly rejections: RejectionLog;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly now: () => Date;
  readonly configurationSetName?: string;
}

/** The outcome of one event, as `billing-alarms simulate` prints it. */
export interface NotifyResult {
  readonly status: 'sent' | 'rejected' | 'skipped';
  readonly reason?: string;
  readonly recipients: string[];
  readonly subject?: string;
  readonly messageIds?: string[];
  readonly costExplorerRequests: number;
  readonly viewModel?: AlarmViewModel;
}

/**
 * Verifies one forwarded alarm, explains it with the cost snapshot and mails it. Permanent problems
 * (not a billing alarm, spoofed) are rejected once and recorded; Cost Explorer trouble only removes
 * details; a failing delivery throws so Lambda retries and the dead-letter queue keeps the event.
 */
export async function notifyAlarm(event: unknown, deps: AlarmDeps): Promise<NotifyResult> {
  const { config, logger, metrics } = deps;
  const now = deps.now();
  const verdict = verifyBillingAlarm(event, { alarmNamePrefix: config.alarmNamePrefix });
  if (!verdict.ok) {
    logger.warn('rejected event', { reason: verdict.reason, eventId: verdict.eventId });
    metrics.addMetric('EventsRejected', MetricUnit.Count, 1);
    await deps.rejections.record(verdict.eventId, verdict.reason, event, now);
    return { status: 'rejected', reason: verdict.reason, recipients: [], costExplorerRequests: 0 };
  }
  const alarm = verdict.value;
  logger.appendKeys({ accountId: alarm.accountId, tier: alarm.tier, state: alarm.state });
  if (alarm.state !== 'ALARM' && !(alarm.state === 'OK' && config.email.notifyOnOk)) {
    const reason =
      alarm.state === 'OK'
        ? 'OK transitions (including the month-start reset) are not mailed; set email.notifyOnOk to mail them'
        : `state ${alarm.state} is not mailed`;
    logger.info('skipped', { reason });
    metrics.addMetric('AlarmsSkipped', MetricUnit.Count, 1);
    return { status: 'skipped', reason, recipients: [], costExplorerRequests: 0 };
  }

  const ouId = await findConfiguredOu(deps.organizations, alarm.accountId, config).catch((err: unknown) => {
    // Best effort: without the OU the account's own and the central recipients still get the email.
    logger.warn('account OU unknown; OU recipients not added', { error: toError(err) });
    return undefined;
  });
  const policy = policyFor(config, alarm.accountId, ouId);
  const counter = new RequestCounter();
  const figures: Result<AccountFigures> = await getAccountFigures(
    deps.ce,
    alarm.accountId,
    now,
    counter,
  ).then(found, (err: unknown) => {
    logger.warn('Cost Explorer figures unavailable; sending without them', { error: toError(err) });
    return missing(failureCode(err));
  });
  // The organisation's snapshot only names the account, and only when it is fresh: never rebuilt here.
  const snapshot =
    figures.ok && figures.value.name
      ? undefined
      : await cachedSnapshot({ store: deps.snapshots, logger }, { now, timeZone: config.timeZone });
  const accountName = snapshot?.accounts.find((a) => a.id === alarm.accountId)?.name;
  metrics.addMetric('CostExplorerRequests', MetricUnit.Count, counter.count);
  if (figures.ok && figures.value.unit && figures.value.unit !== config.currency) {
    logger.warn('Cost Explorer reports another currency than configured', {
      unit: figures.value.unit,
      configured: config.currency,
    });
  }

  const viewModel = alarmViewModel({
    alarm,
    policy,
    figures,
    ...(accountName ? { accountName } : {}),
    locale: config.locale,
    timeZone: config.timeZone,
    organizationId: config.organization.id,
    currency: config.currency,
    ...(config.displayCurrency ? { displayCurrency: config.displayCurrency } : {}),
    now,
  });
  const recipients = uniqueRecipients(config.email.centralRecipients, policy.recipients);
  const messageIds = await sendEmail(deps.ses, {
    from: config.email.sender,
    to: recipients,
    subject: viewModel.subject,
    html: renderHtml('alarm-email', viewModel),
    text: alarmText(viewModel),
    ...(deps.configurationSetName ? { configurationSetName: deps.configurationSetName } : {}),
    tags: { kind: 'alarm', tier: alarm.tier },
  });
  metrics.addMetric('AlarmEmailsSent', MetricUnit.Count, 1);
  if (viewModel.missing) metrics.addMetric('AlarmEmailsDegraded', MetricUnit.Count, 1);
  logger.info('sent', { recipients: recipients.length, messageIds, degraded: viewModel.missing !== null });
  return {
    status: 'sent',
    recipients,
    subject: viewModel.subject,
    messageIds,
    costExplorerRequests: counter.count,
    viewModel,
  };
}
