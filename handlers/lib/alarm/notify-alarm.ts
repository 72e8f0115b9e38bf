import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Config } from '../../contract/config/schema.js';
import { isDailyRung, rungSlug } from '../../contract/ladder.js';
import { basisOf } from '../costs/cost-basis.js';
import { deliveryContext } from '../delivery/delivery-context.js';
import { deliverEmail } from '../delivery/mailer.js';
import { formatter } from '../email/format.js';
import { translator } from '../email/messages.js';
import { renderHtml } from '../email/render.js';
import { ALARM_EMAIL } from '../email/templates.generated.js';
import { type DeliveryOutcome, replayedAnswer } from '../state/delivery-ledger.js';
import { fingerprintOf, keyPart } from '../state/table.js';
import { admit, DAILY_REALERT_HOURS, verifyEvent } from './admit.js';
import { alarmChat } from './alarm-chat.js';
import { type AlarmDeps, type Invocation, type NotifyResult, onceOptions } from './alarm-deps.js';
import type { BillingAlarm } from './alarm-event.js';
import { alarmText } from './alarm-text.js';
import { type AlarmViewModel, alarmViewModel } from './alarm-view-model.js';
import { type AlertLinks, answerLinks } from './alert-links.js';
import { crossingDetail } from './crossing.js';
import { type Explanation, explainAlarm } from './explain.js';

/**
 * Verifies one forwarded alarm and mails it once. Permanent problems (not a single-metric billing
 * alarm of an active member, spoofed) are rejected and recorded; a replay returns the first
 * delivery's outcome; noise is bounded (one email per account and rung per re-alert window, an
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
  const verified = await verifyEvent(event, deps, invocation, now);
  if (!verified.ok) return verified.result;
  const { alarm } = verified;
  logger.appendKeys({
    accountId: alarm.accountId,
    rung: alarm.rung,
    state: alarm.state,
    eventId: alarm.eventId,
  });

  const fingerprint = fingerprintOf(event);
  let conflict: string | undefined;
  const once = await deps.ledger.once(
    `alarm#${keyPart(alarm.eventId)}`,
    {
      ...onceOptions(deps, invocation, 'could not record the outcome in the ledger'),
      fingerprint,
      // The same id with another payload is another event: delivered on its own key, recorded for operators.
      conflict: async (earlier) => {
        conflict = `event id ${alarm.eventId.slice(0, 80)} was delivered before with another payload; this one is handled on its own`;
        logger.warn('event id seen with another payload', { earlier, fingerprint });
        metrics.addMetric('EventIdConflicts', MetricUnit.Count, 1);
        await deps.rejections.recordConflict(
          alarm.eventId,
          { earlier, now: fingerprint },
          event,
          now,
          invocation.deadlines.mandatory,
        );
      },
    },
    async () => {
      const key = `alarm#${keyPart(alarm.eventId)}${conflict ? `#${fingerprint}` : ''}`;
      const admission = await admit(event, alarm, key, deps, invocation, now);
      if (!admission.admitted) return { outcome: admission.outcome, value: admission.result };
      const memberName = admission.member.status === 'member' ? admission.member.name : undefined;
      const explained = await explainAlarm(
        deps,
        alarm,
        now,
        invocation.deadlines.bestEffort,
        memberName,
        invocation.deadlines.mandatory,
        admission.copy,
      );
      metrics.addMetric('CostExplorerRequests', MetricUnit.Count, explained.costExplorerRequests);
      const actions =
        alarm.state === 'ALARM' && deps.actionLinks
          ? await answerLinks(
              deps.actionLinks,
              {
                accountId: alarm.accountId,
                rung: alarm.rung,
                maxSnoozeDays: config.lifecycle.maxSnoozeDays,
                now,
                t: translator(config.locale),
                dateTime: formatter(config.locale, config.currency, config.timeZone).dateTime,
              },
              (message, detail) => logger.warn(message, detail),
            )
          : undefined;
      const viewModel = alarmEmailViewModel(config, alarm, explained, admission.decision, now, actions);
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
          // SES tag values allow letters, digits, `_` and `-`: the rung as alarm names carry it.
          tags: { kind: 'alarm', tier: rungSlug(alarm.rung).replace('.', '_') },
        },
        deliveryContext(deps, key, invocation),
      );
      const { messageIds } = delivered;
      const outcome = { status: 'sent', recipients, subject: viewModel.subject, messageIds } as const;
      metrics.addMetric('AlarmEmailsSent', MetricUnit.Count, 1);
      if (viewModel.missing) metrics.addMetric('AlarmEmailsDegraded', MetricUnit.Count, 1);
      logger.info('sent', {
        recipients: recipients.length,
        messageIds,
        degraded: viewModel.missing !== null,
      });
      // Every batch went out in an earlier delivery of this event (not an earlier attempt of this one).
      const replayed =
        delivered.earlier === messageIds.length &&
        delivered.earlierOwners.some((o) => o !== invocation.requestId);
      // For the publisher (the success destination hands it over): a crossing once, and the chat messages.
      const crossing =
        !replayed && alarm.state === 'ALARM' ? crossingDetail(alarm, explained, config) : undefined;
      const chat = replayed ? [] : alarmChat(config, alarm, explained, viewModel);
      const result: NotifyResult = {
        ...outcome,
        status: replayed ? 'duplicate' : 'sent',
        costExplorerRequests: explained.costExplorerRequests,
        viewModel,
        ...(crossing ? { crossing } : {}),
        ...(chat.length > 0 ? { chat, alarmMailedAt: now.toISOString() } : {}),
        ...(admission.alerts.length > 0 ? { alerts: admission.alerts } : {}),
        ...(crossing || chat.length > 0 || admission.alerts.length > 0 ? { automationKey: key } : {}),
      };
      return { outcome, value: result };
    },
  );
  const answer = once.replayed ? replay(once.outcome, once.owner, invocation, logger) : once.value;
  return conflict ? { ...answer, conflict } : answer;
}

/** The alarm email's view-model: the alarm, what explaining it found, and the changes not mailed since. */
function alarmEmailViewModel(
  config: Config,
  alarm: BillingAlarm,
  explained: Explanation,
  decision: { changesBefore: number; previousMailAt?: number },
  now: Date,
  actions?: AlertLinks,
): AlarmViewModel {
  return alarmViewModel({
    alarm,
    policy: explained.policy,
    figures: explained.figures,
    ...(explained.costExplorerForecast ? { costExplorerForecast: explained.costExplorerForecast } : {}),
    ...(explained.drivers ? { drivers: explained.drivers } : {}),
    ...(explained.accountName ? { accountName: explained.accountName } : {}),
    ...(explained.renamedFrom ? { renamedFrom: explained.renamedFrom } : {}),
    ...(explained.firstSpend ? { firstSpend: explained.firstSpend } : {}),
    locale: config.locale,
    timeZone: config.timeZone,
    organizationId: config.organization.id,
    routing: explained.routing,
    unread: explained.unread,
    stale: explained.stale,
    basis: basisOf(config),
    currency: config.currency,
    ...(config.displayCurrency ? { displayCurrency: config.displayCurrency } : {}),
    ...(decision.changesBefore > 0 && decision.previousMailAt
      ? {
          changesSince: {
            count: decision.changesBefore,
            since: decision.previousMailAt,
            hours: isDailyRung(alarm.rung) ? DAILY_REALERT_HOURS : config.email.realertAfterHours,
          },
        }
      : {}),
    ...(actions ? { actions } : {}),
    now,
  });
}

/** A replay of a finished delivery: the first delivery's outcome; a mailed one is a duplicate. */
function replay(
  outcome: DeliveryOutcome,
  owner: string,
  invocation: Invocation,
  logger: Logger,
): NotifyResult {
  const answer = replayedAnswer(outcome, owner, invocation.requestId);
  logger.info('replay of a finished delivery', { status: answer.status, messageIds: answer.messageIds });
  return answer;
}
