import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

/** Rejections are kept for a month for whoever investigates a spoofed or misrouted alarm. */
const KEEP_SECONDS = 30 * 24 * 3600;

/** Records each rejected event with its reason in the state table (TTL one month). */
export class RejectionLog {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  /** Stores the reason and the event (cut to 16 KB) under `rejected#<event id>`. */
  async record(eventId: string | undefined, reason: string, event: unknown, now: Date): Promise<void> {
    const body = JSON.stringify(event) ?? 'undefined';
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          id: `rejected#${eventId ?? `unidentified-${now.getTime()}`}`,
          reason,
          event: body.length > 16_384 ? `${body.slice(0, 16_384)}…` : body,
          rejectedAt: now.toISOString(),
          expiration: Math.floor(now.getTime() / 1000) + KEEP_SECONDS,
        },
      }),
    );
  }
}
