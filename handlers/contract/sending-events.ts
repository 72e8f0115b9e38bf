/**
 * SES's sending events, as its configuration set publishes them to EventBridge (the account's
 * default bus only): the source, the detail types this tool listens to, and the message tag that
 * carries each batch's delivery key. See "Settling a lost answer" in DESIGN.md.
 */
export const SES_EVENT_SOURCE = 'aws.ses';

/** Each SES event type this tool publishes, with the `detail-type` it arrives under on EventBridge. */
export const SENDING_EVENT_TYPES = {
  Send: 'Email Sent',
  Delivery: 'Email Delivered',
  Bounce: 'Email Bounced',
  Complaint: 'Email Complaint Received',
  Reject: 'Email Rejected',
  RenderingFailure: 'Email Rendering Failed',
} as const;

/** An SES event type this tool publishes (`detail.eventType`). */
export type SendingEventType = keyof typeof SENDING_EVENT_TYPES;

/**
 * The message tag (EmailTags) carrying a batch's delivery key; tag names and values may hold only
 * ASCII letters, digits, `_` and `-`, at most 256 characters.
 */
export const DELIVERY_TAG = 'billing-alarms-delivery';

/** The rule that feeds SES's events of this tool's mail to the ledger: its source, detail types and tag. */
export const SENDING_EVENTS_PATTERN = {
  source: [SES_EVENT_SOURCE],
  'detail-type': Object.values(SENDING_EVENT_TYPES),
  tag: DELIVERY_TAG,
} as const;

/** Whether an event matches {@link SENDING_EVENTS_PATTERN} (what the local bus's rule checks). */
export function matchesSendingEvents(event: {
  readonly source?: unknown;
  readonly 'detail-type'?: unknown;
  readonly detail?: unknown;
}): boolean {
  const tags = (event.detail as { mail?: { tags?: Record<string, unknown> } } | undefined)?.mail?.tags;
  return (
    event.source === SES_EVENT_SOURCE &&
    (Object.values(SENDING_EVENT_TYPES) as unknown[]).includes(event['detail-type']) &&
    tags !== undefined &&
    DELIVERY_TAG in tags
  );
}
