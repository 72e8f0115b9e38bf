import { createHash } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import { readShards, SHARDS, shardKey } from './sharded-items.js';
import { parseItem, StateTable } from './table.js';

/** Shards of the feedback items (`recipient-feedback#NN`), spread by a hash of the address. */
const PREFIX = 'recipient-feedback#';

/** What SES said about one recipient. */
export type FeedbackKind = 'bounce' | 'complaint' | 'reject';

const entrySchema = z.lazy(() =>
  z.object({
    address: z.string(),
    kind: z.enum(['bounce', 'complaint', 'reject']),
    detail: z.string(),
    at: z.string(),
    count: z.number(),
  }),
);

/** The last bounce, complaint or rejection of one recipient, and how many there were. */
export type RecipientFeedbackRecord = z.infer<typeof entrySchema>;

/** One bounce, complaint or rejection of a recipient, from an SES event. */
export interface FeedbackEvent {
  readonly address: string;
  readonly kind: FeedbackKind;
  /** SES's words for it: bounce type and diagnostic, complaint type. */
  readonly detail: string;
  /** When it happened (ISO time). */
  readonly at: string;
}

/** Longest detail kept: an SMTP diagnostic can be long, and an item stays far below 400 KB. */
const DETAIL_MAX = 200;

/**
 * Bounces, complaints and rejections per recipient, from SES's sending events, for the operators
 * (`billing-alarms doctor`): the last one of each address and a count, in 100 shard items read
 * with one BatchGet. Addresses are keyed lower-case.
 */
export class RecipientFeedback {
  private readonly table: StateTable;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new StateTable(client, tableName);
  }

  /** Keeps one event: the count grows, the newest event's kind and detail win. */
  async record(event: FeedbackEvent, signal?: AbortSignal): Promise<void> {
    const address = event.address.trim().toLowerCase();
    const hash = createHash('sha256').update(address).digest();
    const key = `r-${hash.toString('hex').slice(0, 32)}`;
    await this.table.update(
      {
        Key: { id: shardKey(PREFIX, hash.readUInt32BE(0) % SHARDS) },
        UpdateExpression: 'SET #k = :v',
        ExpressionAttributeNames: { '#k': key },
        ExpressionAttributeValues: {
          ':v': {
            address,
            kind: event.kind,
            detail: event.detail.slice(0, DETAIL_MAX),
            at: event.at,
            count: (await this.countOf(hash, key, signal)) + 1,
          },
        },
      },
      signal,
    );
  }

  /** Every recipient SES reported on, most recent first. */
  async all(signal?: AbortSignal): Promise<RecipientFeedbackRecord[]> {
    const out: RecipientFeedbackRecord[] = [];
    for (const item of await readShards(this.table, PREFIX, signal)) {
      for (const [key, value] of Object.entries(item)) {
        if (!key.startsWith('r-')) continue;
        const entry = parseItem(entrySchema, value);
        if (entry) out.push(entry);
      }
    }
    return out.sort((a, b) => b.at.localeCompare(a.at) || a.address.localeCompare(b.address));
  }

  private async countOf(hash: Buffer, key: string, signal?: AbortSignal): Promise<number> {
    const item = await this.table.get(shardKey(PREFIX, hash.readUInt32BE(0) % SHARDS), signal, {
      ProjectionExpression: '#k',
      ExpressionAttributeNames: { '#k': key },
    });
    return parseItem(entrySchema, item?.[key])?.count ?? 0;
  }
}
