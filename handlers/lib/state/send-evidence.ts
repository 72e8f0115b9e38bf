import * as z from 'zod/mini';
import { expiresAt, parseItem, type StateTable } from './table.js';

/** As long as the delivery ledger keeps a batch. */
const KEEP_SECONDS = 7 * 24 * 3600;

const evidenceSchema = z.lazy(() =>
  z.object({
    messageIds: z.array(z.string()),
    eventTypes: z.array(z.string()),
  }),
);

/** What SES's own events said about one tagged batch: the messages it accepted and the event types seen. */
export type SendEvidenceRecord = z.infer<typeof evidenceSchema>;

/**
 * SES's sending events per batch, keyed by the batch's delivery tag (`sent#<tag>`): written by the
 * function that receives the events, read by the mailer to settle a send whose answer was lost.
 * Every event of a message proves that SES accepted the request (Send, Delivery, Bounce, Complaint,
 * Reject all follow an accepted SendEmail); sets make a repeated event harmless.
 */
export class SendEvidence {
  /** On the state table as its owner reads it (the ledger's, whose failures say the table is down). */
  constructor(private readonly table: StateTable) {}

  /** Adds one event of the message `messageId` of the batch tagged `tag`. */
  async record(
    tag: string,
    event: { readonly type: string; readonly messageId: string },
    now: number,
    signal?: AbortSignal,
  ): Promise<void> {
    await this.table.update(
      {
        Key: { id: `sent#${tag}` },
        UpdateExpression: 'ADD messageIds :m, eventTypes :t SET expiration = :e',
        ExpressionAttributeValues: {
          ':m': new Set([event.messageId]),
          ':t': new Set([event.type]),
          ':e': expiresAt(now, KEEP_SECONDS),
        },
      },
      signal,
    );
  }

  /** What the events said about the batch tagged `tag`, if any event arrived. */
  async of(tag: string, signal?: AbortSignal): Promise<SendEvidenceRecord | undefined> {
    const item = await this.table.get(`sent#${tag}`, signal, { ConsistentRead: true });
    if (!item) return undefined;
    const asList = (v: unknown) => (v instanceof Set ? [...v].map(String).sort() : []);
    return parseItem(evidenceSchema, {
      messageIds: asList(item.messageIds),
      eventTypes: asList(item.eventTypes),
    });
  }
}
