import { randomUUID } from 'node:crypto';
import {
  SENDING_EVENT_TYPES,
  SES_EVENT_SOURCE,
  type SendingEventType,
} from '../handlers/contract/sending-events.js';

/** An AWS service event as EventBridge delivers it to a rule's target. */
export interface ServiceEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: string[];
  readonly detail: Record<string, unknown>;
}

/** SES's mailbox simulator: these addresses bounce and complain as real recipients would. */
export const SIMULATOR = {
  bounce: 'bounce@simulator.amazonses.com',
  complaint: 'complaint@simulator.amazonses.com',
} as const;

/** One SendEmail that SES accepted, as its events describe it. */
export interface AcceptedSend {
  readonly messageId: string;
  readonly from: string;
  readonly recipients: readonly string[];
  readonly configurationSet: string;
  readonly tags: readonly { Name?: string; Value?: string }[];
  readonly account: string;
  readonly region: string;
}

/**
 * The sending events SES publishes through a configuration set's EventBridge destination for one
 * accepted message: Send, then Delivery to every recipient that does not bounce, and a Bounce or
 * Complaint for the mailbox simulator's addresses. The shape is SES's event record (`eventType`,
 * `mail` with its tags as lists, and the event's own object) under the EventBridge envelope.
 */
export function sendingEventsOf(send: AcceptedSend, now = new Date()): ServiceEvent[] {
  const time = now.toISOString();
  const lower = send.recipients.map((r) => r.toLowerCase());
  const mail = {
    timestamp: time,
    source: send.from,
    sourceArn: `arn:aws:ses:${send.region}:${send.account}:identity/${addressOf(send.from)}`,
    sendingAccountId: send.account,
    messageId: send.messageId,
    destination: [...send.recipients],
    headersTruncated: false,
    tags: {
      'ses:configuration-set': [send.configurationSet],
      'ses:from-domain': [addressOf(send.from).split('@')[1] ?? ''],
      ...Object.fromEntries(send.tags.map((t) => [t.Name ?? '', [t.Value ?? '']])),
    },
  };
  const event = (type: SendingEventType, own: Record<string, unknown>): ServiceEvent => ({
    version: '0',
    id: randomUUID(),
    'detail-type': SENDING_EVENT_TYPES[type],
    source: SES_EVENT_SOURCE,
    account: send.account,
    time,
    region: send.region,
    resources: [`arn:aws:ses:${send.region}:${send.account}:configuration-set/${send.configurationSet}`],
    detail: { eventType: type, mail, ...own },
  });
  const bounced = send.recipients.filter((_, i) => lower[i] === SIMULATOR.bounce);
  const delivered = send.recipients.filter((_, i) => lower[i] !== SIMULATOR.bounce);
  const complained = send.recipients.filter((_, i) => lower[i] === SIMULATOR.complaint);
  return [
    event('Send', { send: {} }),
    ...(delivered.length
      ? [
          event('Delivery', {
            delivery: {
              timestamp: time,
              processingTimeMillis: 1,
              recipients: delivered,
              smtpResponse: '250 2.6.0 Message received',
              reportingMTA: 'a8-70.smtp-out.amazonses.com',
            },
          }),
        ]
      : []),
    ...(bounced.length
      ? [
          event('Bounce', {
            bounce: {
              bounceType: 'Permanent',
              bounceSubType: 'General',
              bouncedRecipients: bounced.map((emailAddress) => ({
                emailAddress,
                action: 'failed',
                status: '5.1.1',
                diagnosticCode: 'smtp; 550 5.1.1 user unknown',
              })),
              timestamp: time,
              feedbackId: randomUUID(),
            },
          }),
        ]
      : []),
    ...(complained.length
      ? [
          event('Complaint', {
            complaint: {
              complainedRecipients: complained.map((emailAddress) => ({ emailAddress })),
              complaintFeedbackType: 'abuse',
              timestamp: time,
              feedbackId: randomUUID(),
            },
          }),
        ]
      : []),
  ];
}

function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from;
}
