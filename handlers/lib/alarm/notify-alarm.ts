import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { rungSlug } from '../../contract/ladder.js';
import { deliveryContext } from '../delivery/delivery-context.js';
import { deliverEmail } from '../delivery/mailer.js';
import type { DeliveryOutcome } from '../state/delivery-records.js';
import { replayedAnswer } from '../state/replayed-answer.js';
import { fingerprintOf, keyPart } from '../state/table.js';
import { admit, verifyEvent } from './admit.js';
import { type AlarmDeps, type Invocation, type NotifyResult, onceOptions } from './alarm-deps.js';
import { loadDeferred } from './deferred-load.js';
import { explainAlarm } from './explain.js';

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
  // The email's rendering (templates, catalogue, view-model, chat) is deferred (`deferred.ts`): its
  // import starts now and is compiled while the ledger's and Cost Explorer's requests are in flight,
  // instead of before the first of them at init (DESIGN.md, "Cold start").
  const rendering = loadDeferred();
  rendering.catch(() => undefined); // awaited below; a failed load fails the alarm there
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
      const { composeAlarmEmail, crossingDetail, alarmChat } = await rendering;
      const { viewModel, html, text } = await composeAlarmEmail(
        deps,
        alarm,
        explained,
        admission.decision,
        now,
      );
      const recipients = explained.routing.recipients;
      const delivered = await deliverEmail(
        deps.ses,
        {
          from: config.email.sender,
          to: recipients,
          subject: viewModel.subject,
          html,
          text,
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
