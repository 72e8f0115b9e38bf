import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Config } from '../../contract/config/schema.js';
import type { ChatDelivery } from '../chat/chat-deliveries.js';
import { basisOf } from '../costs/cost-basis.js';
import type { Deadlines } from '../deadline.js';
import { deliverEmail, type OutgoingEmail, uniqueRecipients } from '../delivery/mailer.js';
import { noticeText } from '../email/notice.js';
import { renderHtml } from '../email/render.js';
import { ALARM_EMAIL, NOTICE } from '../email/templates.generated.js';
import { checkMembership } from '../org/membership.js';
import type { AutomationDetail } from '../publisher/automation-event.js';
import { toError } from '../result.js';
import type { AlarmStateLedger } from '../state/alarm-states.js';
import type { DeliveryLedger, DeliveryOutcome } from '../state/delivery-ledger.js';
import type { NoiseControl } from '../state/noise.js';
import type { PlacementLedger } from '../state/placements.js';
import type { RejectionLog } from '../state/rejection-log.js';
import { alarmChat } from './alarm-chat.js';
import { type BillingAlarm, verifyBillingAlarm } from './alarm-event.js';
import { alarmText } from './alarm-text.js';
import { type AlarmViewModel, alarmViewModel } from './alarm-view-model.js';
import { crossingDetail } from './crossing.js';
import { digestViewModel } from './digest.js';
import { explainAlarm } from './explain.js';
import { placementSkipReason } from './placement-admission.js';

/** What the alarm path needs; built once per cold start. */
export interface AlarmDeps {
  readonly config: Config;
  readonly ce: CostExplorerClient;
  readonly ses: SESv2Client;
  readonly organizations: OrganizationsClient;
  readonly dynamo: DynamoDBClient;
  readonly tableName: string;
  readonly rejections: RejectionLog;
  readonly ledger: DeliveryLedger;
  readonly noise: NoiseControl;
  /** Each member alarm's last state, for the report's coverage. */
  readonly alarmStates: AlarmStateLedger;
  /** Each account's alarm placement (member or payer), with `alarms.placement: auto`. */
  readonly placements: Pick<PlacementLedger, 'get'>;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly now: () => Date;
  readonly configurationSetName?: string;
}

/** One invocation: its request id (shared by Lambda's retries of it) and its deadlines. */
export interface Invocation {
  readonly requestId: string;
  readonly deadlines: Deadlines;
}

/** The outcome of one event, as `billing-alarms simulate` prints it. */
export interface NotifyResult {
  readonly status: 'sent' | 'duplicate' | 'suppressed' | 'skipped' | 'rejected';
  readonly reason?: string;
  readonly recipients: string[];
  readonly subject?: string;
  readonly messageIds?: string[];
  readonly costExplorerRequests: number;
  readonly viewModel?: AlarmViewModel;
  /** A mailed ALARM's automation event detail (see `events/automation-event.ts`). */
  readonly crossing?: AutomationDetail;
  /** Chat messages for the publisher, delivered once per channel. */
  readonly chat?: ChatDelivery[];
  /** The event's delivery key: the publisher records the events and each channel under it. */
  readonly automationKey?: string;
}

/**
 * Verifies one forwarded alarm and mails it once. Permanent problems (not a single-metric billing
 * alarm of an active member, spoofed) are rejected and recorded; a replay returns the first
 * delivery's outcome; noise is bounded (one email per account and tier per re-alert window, an
 * hourly cap for the organisation); enrichment is best effort under its deadline; delivery goes
 * through the ledger, exactly once per recipient batch, and throws when it fails so that Lambda
 * retries and the dead-letter queue keeps the event.
 */
export async function notifyAlarm(
  event: unknown,
  deps: AlarmDeps,
  invocation: Invocation,
): Promise<NotifyResult> {
  const { config, logger, metrics } = deps;
  const now = deps.now();
  const { deadlines } = invocation;
  const verdict = verifyBillingAlarm(event, {
    alarmNamePrefix: config.alarmNamePrefix,
    managementAccountId: config.organization.managementAccountId,
  });
  if (!verdict.ok) return reject(deps, event, verdict.eventId, verdict.reason, now, deadlines.mandatory);
  const alarm = verdict.value;
  logger.appendKeys({
    accountId: alarm.accountId,
    tier: alarm.tier,
    state: alarm.state,
    eventId: alarm.eventId,
  });

  const key = `alarm#${alarm.eventId}`;
  const earlier = await deps.ledger.delivery(key);
  if (earlier?.state === 'done' && earlier.outcome)
    return replay(earlier.outcome, earlier.owner, invocation, logger);
  await deps.ledger.begin(key, invocation.requestId, deadlines.remainingMs() + 5_000, now.getTime());
  const finish = (outcome: DeliveryOutcome) =>
    deps.ledger
      .finish(key, invocation.requestId, outcome, deps.now().getTime())
      .catch((err: unknown) =>
        logger.error('could not record the outcome in the ledger', { error: toError(err) }),
      );

  await deps.noise.recordChange(alarm.accountId, alarm.tier, key, now.getTime());

  const member =
    alarm.accountId === config.organization.managementAccountId
      ? ({ status: 'member' } as const)
      : await checkMembership(
          deps.organizations,
          deps.dynamo,
          deps.tableName,
          alarm.accountId,
          now,
          deadlines.bestEffort,
        );
  if (member.status === 'outside') {
    const result = await reject(
      deps,
      event,
      alarm.eventId,
      `account ${alarm.accountId}: ${member.reason}`,
      now,
      deadlines.mandatory,
    );
    await finish({ status: 'rejected', reason: result.reason ?? '', recipients: [], messageIds: [] });
    return result;
  }
  if (member.status === 'unknown')
    logger.warn('membership unknown; accepting the event', { reason: member.reason });
  // Every state is kept (OK and INSUFFICIENT_DATA too, never mailed); a failure costs only the report's view.
  await deps.alarmStates
    .record(
      {
        accountId: alarm.accountId,
        tier: alarm.tier,
        state: alarm.state,
        changedAt: alarm.changedAt,
        ...(alarm.placement === 'payer' ? { placement: 'payer' as const } : {}),
      },
      deadlines.bestEffort,
    )
    .catch((err: unknown) => logger.warn('alarm state not recorded', { error: toError(err) }));

  const otherSide =
    alarm.accountId === config.organization.managementAccountId
      ? undefined
      : await placementSkipReason(
          config,
          alarm.accountId,
          alarm.placement,
          deps.placements,
          (error) => logger.warn('placement unknown; the alarm goes on', { error }),
          deadlines.bestEffort,
        );
  if (otherSide) {
    metrics.addMetric('AlarmsSkipped', MetricUnit.Count, 1);
    await finish({ status: 'skipped', reason: otherSide, recipients: [], messageIds: [] });
    return { status: 'skipped', reason: otherSide, recipients: [], costExplorerRequests: 0 };
  }

  if (alarm.state !== 'ALARM' && !(alarm.state === 'OK' && config.email.notifyOnOk)) {
    const reason =
      alarm.state === 'OK'
        ? 'OK transitions (including the month-start reset) are not mailed; set email.notifyOnOk to mail them'
        : `state ${alarm.state} is not mailed`;
    metrics.addMetric('AlarmsSkipped', MetricUnit.Count, 1);
    await finish({ status: 'skipped', reason, recipients: [], messageIds: [] });
    return { status: 'skipped', reason, recipients: [], costExplorerRequests: 0 };
  }

  const decision = await deps.noise.decide(
    alarm.accountId,
    alarm.tier,
    key,
    config.email.realertAfterHours * 3_600_000,
    now.getTime(),
  );
  if (!decision.mail) {
    const reason = `already mailed at ${new Date(decision.lastMailedAt).toISOString()}; one email per account and tier every ${config.email.realertAfterHours} h (${decision.changes} state changes since)`;
    return suppress(deps, alarm, reason, now, finish);
  }
  if (!(await deps.noise.withinHourlyCap(key, config.email.maxAlarmEmailsPerHour, now.getTime()))) {
    await sendDigestOnce(deps, alarm, invocation, now);
    const reason = `the organisation-wide cap of ${config.email.maxAlarmEmailsPerHour} alarm emails this hour is reached; a digest went out instead`;
    return suppress(deps, alarm, reason, now, finish);
  }

  const explained = await explainAlarm(
    deps,
    alarm,
    now,
    deadlines.bestEffort,
    member.status === 'member' ? member.name : undefined,
  );
  metrics.addMetric('CostExplorerRequests', MetricUnit.Count, explained.costExplorerRequests);
  const viewModel = alarmViewModel({
    alarm,
    policy: explained.policy,
    figures: explained.figures,
    ...(explained.accountName ? { accountName: explained.accountName } : {}),
    locale: config.locale,
    timeZone: config.timeZone,
    organizationId: config.organization.id,
    routing: explained.routing,
    basis: basisOf(config),
    currency: config.currency,
    ...(config.displayCurrency ? { displayCurrency: config.displayCurrency } : {}),
    ...(decision.changesBefore > 0 && decision.previousMailAt
      ? {
          changesSince: {
            count: decision.changesBefore,
            since: decision.previousMailAt,
            hours: config.email.realertAfterHours,
          },
        }
      : {}),
    now,
  });
  const recipients = explained.routing.recipients;
  const delivered = await deliverEmail(
    deps.ses,
    {
      from: config.email.sender,
      to: recipients,
      subject: viewModel.subject,
      html: renderHtml(ALARM_EMAIL, viewModel),
      text: alarmText(viewModel),
      ...(deps.configurationSetName ? { configurationSetName: deps.configurationSetName } : {}),
      tags: { kind: 'alarm', tier: alarm.tier },
    },
    ledgerContext(deps, key, invocation),
  );
  const outcome = {
    status: 'sent',
    recipients,
    subject: viewModel.subject,
    messageIds: delivered.messageIds,
  } as const;
  await finish(outcome);
  metrics.addMetric('AlarmEmailsSent', MetricUnit.Count, 1);
  if (viewModel.missing) metrics.addMetric('AlarmEmailsDegraded', MetricUnit.Count, 1);
  logger.info('sent', {
    recipients: recipients.length,
    messageIds: delivered.messageIds,
    degraded: viewModel.missing !== null,
  });
  // Every batch went out in an earlier delivery of this event (not an earlier attempt of this one).
  const replayed =
    delivered.earlier === delivered.messageIds.length &&
    delivered.earlierOwners.some((o) => o !== invocation.requestId);
  // For the publisher (the success destination hands it over): a crossing once, and the chat messages.
  const crossing =
    !replayed && alarm.state === 'ALARM' ? crossingDetail(alarm, explained, config) : undefined;
  const chat = replayed ? [] : alarmChat(config, alarm, explained, viewModel);
  return {
    ...outcome,
    status: replayed ? 'duplicate' : 'sent',
    costExplorerRequests: explained.costExplorerRequests,
    viewModel,
    ...(crossing ? { crossing } : {}),
    ...(chat.length > 0 ? { chat } : {}),
    ...(crossing || chat.length > 0 ? { automationKey: key } : {}),
  };
}

/** What the ledger needs to deliver one email of this invocation. */
function ledgerContext(deps: AlarmDeps, key: string, invocation: Invocation) {
  return {
    ledger: deps.ledger,
    key,
    owner: invocation.requestId,
    leaseMs: invocation.deadlines.remainingMs() + 5_000,
    logger: deps.logger,
    clock: () => Date.now(),
    signal: invocation.deadlines.mandatory,
    remainingMs: invocation.deadlines.remainingMs,
  };
}

/** A replay of a finished delivery: the first delivery's outcome; a mailed one is a duplicate. */
function replay(
  outcome: DeliveryOutcome,
  owner: string,
  invocation: Invocation,
  logger: Logger,
): NotifyResult {
  const sameInvocation = owner === invocation.requestId;
  const status = outcome.status === 'sent' && !sameInvocation ? 'duplicate' : outcome.status;
  logger.info('replay of a finished delivery', { status, messageIds: outcome.messageIds });
  return {
    status,
    ...(outcome.reason ? { reason: outcome.reason } : {}),
    recipients: outcome.recipients,
    ...(outcome.subject ? { subject: outcome.subject } : {}),
    messageIds: outcome.messageIds,
    costExplorerRequests: 0,
  };
}

async function reject(
  deps: AlarmDeps,
  event: unknown,
  eventId: string | undefined,
  reason: string,
  now: Date,
  signal: AbortSignal,
): Promise<NotifyResult> {
  deps.logger.warn('rejected event', { reason, eventId });
  deps.metrics.addMetric('EventsRejected', MetricUnit.Count, 1);
  // Nothing is lost: a rejection that cannot be recorded throws, and the retry records it.
  await deps.rejections.record(eventId, reason, event, now, signal);
  return { status: 'rejected', reason, recipients: [], costExplorerRequests: 0 };
}

async function suppress(
  deps: AlarmDeps,
  alarm: BillingAlarm,
  reason: string,
  now: Date,
  finish: (outcome: DeliveryOutcome) => Promise<void>,
): Promise<NotifyResult> {
  deps.logger.info('suppressed', { reason });
  deps.metrics.addMetric('AlarmsSuppressed', MetricUnit.Count, 1);
  await deps.noise.countQuieted(alarm.accountId, alarm.tier, now.getTime());
  await finish({ status: 'suppressed', reason, recipients: [], messageIds: [] });
  return { status: 'suppressed', reason, recipients: [], costExplorerRequests: 0 };
}

/** The hour's digest, once: the first alarm past the cap sends it, through the ledger. */
async function sendDigestOnce(
  deps: AlarmDeps,
  alarm: BillingAlarm,
  invocation: Invocation,
  now: Date,
): Promise<void> {
  const key = `digest#${now.toISOString().slice(0, 13)}`;
  const done = await deps.ledger.delivery(key);
  if (done?.state === 'done') return;
  const vm = digestViewModel(deps.config, alarm, now);
  const email: OutgoingEmail = {
    from: deps.config.email.sender,
    to: uniqueRecipients(deps.config.email.centralRecipients),
    subject: vm.subject,
    html: renderHtml(NOTICE, vm),
    text: noticeText(vm),
    tags: { kind: 'digest' },
  };
  await deps.ledger.begin(
    key,
    invocation.requestId,
    invocation.deadlines.remainingMs() + 5_000,
    now.getTime(),
  );
  const delivered = await deliverEmail(deps.ses, email, ledgerContext(deps, key, invocation));
  await deps.ledger
    .finish(
      key,
      invocation.requestId,
      { status: 'sent', recipients: [...email.to], subject: vm.subject, messageIds: delivered.messageIds },
      Date.now(),
    )
    .catch((err: unknown) =>
      deps.logger.error('could not record the digest in the ledger', { error: toError(err) }),
    );
}
