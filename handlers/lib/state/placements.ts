import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import type { Placement } from '../../contract/payer-alarms.js';
import { readShards, shardOf } from './sharded-items.js';
import { StateTable } from './table.js';

/** Where one account's alarms live, why, and since when its member alarms could have reported. */
export interface PlacementRecord {
  readonly accountId: string;
  readonly placement: Placement;
  readonly reason: string;
  /** When its stack instance was first seen (deploy, or the instance's creation event). */
  readonly firstSeen: string;
  readonly decidedAt: string;
}

const PREFIX = 'placement#';

/** One account's entry in its shard item, as read back (older entries may lack reason or decidedAt). */
const entrySchema = z.lazy(() =>
  z.object({
    placement: z.enum(['member', 'payer']),
    reason: z.optional(z.string()),
    firstSeen: z.string(),
    decidedAt: z.optional(z.string()),
  }),
);

/**
 * Each account's placement in 100 shard items of the state table (like the alarm states: one
 * BatchGet reads them all, ≈ 200 accounts per shard at 20,000 accounts).
 */
export class PlacementLedger {
  private readonly table: StateTable;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new StateTable(client, tableName);
  }

  async put(record: PlacementRecord, signal?: AbortSignal): Promise<void> {
    const { accountId, ...value } = record;
    await this.table.update(
      {
        Key: { id: shardOf(PREFIX, accountId) },
        UpdateExpression: 'SET #k = :v',
        ExpressionAttributeNames: { '#k': accountId },
        ExpressionAttributeValues: { ':v': value },
      },
      signal,
    );
  }

  /** Many placements: one UpdateItem per shard and at most 100 accounts (an expression stays under 4 KB). */
  async putMany(records: readonly PlacementRecord[], signal?: AbortSignal): Promise<void> {
    const byShard = new Map<string, PlacementRecord[]>();
    for (const r of records)
      byShard.set(shardOf(PREFIX, r.accountId), [...(byShard.get(shardOf(PREFIX, r.accountId)) ?? []), r]);
    for (const [id, list] of byShard) {
      for (let i = 0; i < list.length; i += 100) {
        const chunk = list.slice(i, i + 100);
        await this.table.update(
          {
            Key: { id },
            UpdateExpression: `SET ${chunk.map((_, n) => `#k${n} = :v${n}`).join(', ')}`,
            ExpressionAttributeNames: Object.fromEntries(chunk.map((r, n) => [`#k${n}`, r.accountId])),
            ExpressionAttributeValues: Object.fromEntries(
              chunk.map(({ accountId: _, ...value }, n) => [`:v${n}`, value]),
            ),
          },
          signal,
        );
      }
    }
  }

  /** One account's placement (one GetItem of its shard), or undefined when never decided. */
  async get(accountId: string, signal?: AbortSignal): Promise<PlacementRecord | undefined> {
    const item = await this.table.get(shardOf(PREFIX, accountId), signal, {
      ProjectionExpression: '#k',
      ExpressionAttributeNames: { '#k': accountId },
    });
    return recordOf(accountId, item?.[accountId]);
  }

  async all(signal?: AbortSignal): Promise<PlacementRecord[]> {
    const records: PlacementRecord[] = [];
    for (const item of await readShards(this.table, PREFIX, signal)) {
      for (const [key, value] of Object.entries(item)) {
        const r = /^\d{12}$/.test(key) ? recordOf(key, value) : undefined;
        if (r) records.push(r);
      }
    }
    return records.sort((a, b) => a.accountId.localeCompare(b.accountId));
  }
}

function recordOf(accountId: string, value: unknown): PlacementRecord | undefined {
  const v = entrySchema.safeParse(value);
  if (!v.success) return undefined;
  return {
    accountId,
    placement: v.data.placement,
    reason: v.data.reason ?? '',
    firstSeen: v.data.firstSeen,
    decidedAt: v.data.decidedAt ?? v.data.firstSeen,
  };
}
