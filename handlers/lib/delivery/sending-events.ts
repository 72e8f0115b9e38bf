import type { Logger } from '@aws-lambda-powertools/logger';
import * as z from 'zod/mini';
import { DELIVERY_TAG, SENDING_EVENT_TYPES } from '../../contract/sending-events.js';
import type { FeedbackEvent, RecipientFeedback } from '../state/recipient-feedback.js';
import type { SendEvidence } from '../state/send-evidence.js';
import { fieldsOf } from '../unknown-values.js';

/** The tag values {@link deliveryTag} makes: 40 hex digits. */
const TAG_VALUE = /^[0-9a-f]{40}$/;

const recipientSchema = z.lazy(() =>
  z.object({
    emailAddress: z.string(),
    status: z.optional(z.string()),
    diagnosticCode: z.optional(z.string()),
  }),
);

/**
 * The part of an SES sending event (EventBridge `detail`, the same record SES publishes to SNS
 * and Firehose) this tool reads: the event type, the message and its tags, and who bounced or
 * complained.
 */
const detailSchema = z.lazy(() =>
  z.object({
    eventType: z.enum(Object.keys(SENDING_EVENT_TYPES) as [keyof typeof SENDING_EVENT_TYPES]),
    mail: z.object({
      timestamp: z.optional(z.string()),
      messageId: z.string().check(z.minLength(1)),
      destination: z.optional(z.array(z.string())),
      tags: z.optional(z.record(z.string(), z.array(z.string()))),
    }),
    bounce: z.optional(
      z.object({
        bounceType: z.string(),
        bounceSubType: z.optional(z.string()),
        bouncedRecipients: z.array(recipientSchema),
        timestamp: z.optional(z.string()),
      }),
    ),
    complaint: z.optional(
      z.object({
        complainedRecipients: z.array(recipientSchema),
        complaintFeedbackType: z.optional(z.string()),
        timestamp: z.optional(z.string()),
      }),
    ),
    reject: z.optional(z.object({ reason: z.optional(z.string()) })),
  }),
);

/** What recording one SES event did, as the Lambda answers it. */
export interface SendingEventResult {
  readonly status: 'recorded' | 'ignored';
  readonly eventType?: string;
  readonly messageId?: string;
  /** Recipients whose bounce, complaint or rejection was recorded. */
  readonly feedback?: number;
  readonly reason?: string;
}

/** What recording needs: the evidence per batch, the feedback per recipient, a logger and a clock. */
export interface SendingEventDeps {
  readonly evidence: SendEvidence;
  readonly feedback: RecipientFeedback;
  readonly logger: Logger;
  readonly now: () => number;
}

/**
 * Records one SES sending event of a message this tool sent (it carries the delivery tag): the
 * batch's evidence that SES accepted it, which settles a send whose answer was lost, and each
 * bounced, complained or rejected recipient for the operators. Events of other mail, or of a shape
 * SES does not send, are ignored (answered, not thrown: a retry would not change them); a state
 * table failure throws so that EventBridge and Lambda retry.
 */
export async function recordSendingEvent(
  event: unknown,
  deps: SendingEventDeps,
  signal?: AbortSignal,
): Promise<SendingEventResult> {
  const parsed = detailSchema.safeParse(fieldsOf(event).detail);
  if (!parsed.success) return ignored(deps, 'not an SES sending event of a known type and shape');
  const detail = parsed.data;
  const tag = detail.mail.tags?.[DELIVERY_TAG]?.[0];
  if (!tag || !TAG_VALUE.test(tag)) return ignored(deps, `no ${DELIVERY_TAG} tag: not mail of this tool`);
  const messageId = detail.mail.messageId;
  // RenderingFailure means SES took the request but sends nothing: no evidence of a sent batch.
  if (detail.eventType !== 'RenderingFailure')
    await deps.evidence.record(tag, { type: detail.eventType, messageId }, deps.now(), signal);
  const feedback = feedbackOf(detail, new Date(deps.now()).toISOString());
  for (const f of feedback) await deps.feedback.record(f, signal);
  deps.logger.info('SES sending event recorded', {
    eventType: detail.eventType,
    messageId,
    tag,
    feedback: feedback.length,
  });
  return { status: 'recorded', eventType: detail.eventType, messageId, feedback: feedback.length };
}

/** Each recipient a bounce, complaint or rejection names, with SES's words for it. */
function feedbackOf(detail: z.infer<typeof detailSchema>, now: string): FeedbackEvent[] {
  const at = (t: string | undefined) => t ?? detail.mail.timestamp ?? now;
  if (detail.eventType === 'Bounce' && detail.bounce) {
    const b = detail.bounce;
    return b.bouncedRecipients.map((r) => ({
      address: r.emailAddress,
      kind: 'bounce' as const,
      detail: [`${b.bounceType}${b.bounceSubType ? `/${b.bounceSubType}` : ''}`, r.status, r.diagnosticCode]
        .filter(Boolean)
        .join(' '),
      at: at(b.timestamp),
    }));
  }
  if (detail.eventType === 'Complaint' && detail.complaint) {
    const c = detail.complaint;
    return c.complainedRecipients.map((r) => ({
      address: r.emailAddress,
      kind: 'complaint' as const,
      detail: c.complaintFeedbackType ?? 'complaint',
      at: at(c.timestamp),
    }));
  }
  if (detail.eventType === 'Reject') {
    return (detail.mail.destination ?? []).map((address) => ({
      address,
      kind: 'reject' as const,
      detail: detail.reject?.reason ?? 'rejected',
      at: at(undefined),
    }));
  }
  return [];
}

function ignored(deps: SendingEventDeps, reason: string): SendingEventResult {
  deps.logger.warn('SES event ignored', { reason });
  return { status: 'ignored', reason };
}
