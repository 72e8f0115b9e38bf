import { createHash } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expiresAt, keyPart, StateTable } from './table.js';

/** Rejections are kept for a month for whoever investigates a spoofed or misrouted alarm. */
const KEEP_SECONDS = 30 * 24 * 3600;
/** Events are stored cut to this size. */
const MAX_STORED = 16_384;

/** The key a rejected event is recorded under: its id and a hash of its content, or the hash alone. */
export function rejectionKey(eventId: string | undefined, body: string): string {
  const hash = createHash('sha256').update(body).digest('hex');
  return eventId ? `rejected#${keyPart(eventId)}#${hash.slice(0, 12)}` : `rejected#sha256-${hash}`;
}

/** Records each rejected event with its reason in the state table (TTL one month), never overwriting one. */
export class RejectionLog {
  private readonly table: StateTable;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new StateTable(client, tableName);
  }

  /** Stores the reason and the event (cut to 16 KB); the same event again is already there. */
  async record(
    eventId: string | undefined,
    reason: string,
    event: unknown,
    now: Date,
    signal?: AbortSignal,
  ): Promise<string> {
    const body = JSON.stringify(event) ?? 'undefined';
    const id = rejectionKey(eventId, body);
    // Never overwritten: the same event again is already there.
    await this.table.conditionally(
      this.table.put(
        {
          Item: {
            id,
            reason,
            event: body.length > MAX_STORED ? `${body.slice(0, MAX_STORED)}…` : body,
            rejectedAt: now.toISOString(),
            expiration: expiresAt(now.getTime(), KEEP_SECONDS),
          },
          ConditionExpression: 'attribute_not_exists(id)',
        },
        signal,
      ),
    );
    return id;
  }
}
