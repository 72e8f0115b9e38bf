import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Placement } from '../../contract/payer-alarms.js';
import { readShards } from './sharded-items.js';

/** Where one account's alarms live, why, and since when its member alarms could have reported. */
export interface PlacementRecord {
  readonly accountId: string;
  readonly placement: Placement;
  readonly reason: string;
  /** When its stack instance was first seen (deploy, or the instance's creation event). */
  readonly firstSeen: string;
  readonly decidedAt: string;
}

const SHARDS = 100;
const shardKey = (n: number) => `placement#${String(n).padStart(2, '0')}`;
const shardOf = (accountId: string) => shardKey(Number(accountId.slice(-2)) % SHARDS);

/**
 * Each account's placement in 100 shard items of the state table (like the alarm states: one
 * BatchGet reads them all, ≈ 200 accounts per shard at 20,000 accounts).
 */
export class PlacementLedger {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  async put(record: PlacementRecord, signal?: AbortSignal): Promise<void> {
    const { accountId, ...value } = record;
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { id: shardOf(accountId) },
        UpdateExpression: 'SET #k = :v',
        ExpressionAttributeNames: { '#k': accountId },
        ExpressionAttributeValues: { ':v': value },
      }),
      signal ? { abortSignal: signal } : {},
    );
  }

  /** Many placements: one UpdateItem per shard and at most 100 accounts (an expression stays under 4 KB). */
  async putMany(records: readonly PlacementRecord[], signal?: AbortSignal): Promise<void> {
    const byShard = new Map<string, PlacementRecord[]>();
    for (const r of records)
      byShard.set(shardOf(r.accountId), [...(byShard.get(shardOf(r.accountId)) ?? []), r]);
    for (const [id, list] of byShard) {
      for (let i = 0; i < list.length; i += 100) {
        const chunk = list.slice(i, i + 100);
        await this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { id },
            UpdateExpression: `SET ${chunk.map((_, n) => `#k${n} = :v${n}`).join(', ')}`,
            ExpressionAttributeNames: Object.fromEntries(chunk.map((r, n) => [`#k${n}`, r.accountId])),
            ExpressionAttributeValues: Object.fromEntries(
              chunk.map(({ accountId: _, ...value }, n) => [`:v${n}`, value]),
            ),
          }),
          signal ? { abortSignal: signal } : {},
        );
      }
    }
  }

  /** One account's placement (one GetItem of its shard), or undefined when never decided. */
  async get(accountId: string, signal?: AbortSignal): Promise<PlacementRecord | undefined> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { id: shardOf(accountId) },
        ProjectionExpression: '#k',
        ExpressionAttributeNames: { '#k': accountId },
      }),
      signal ? { abortSignal: signal } : {},
    );
    return recordOf(accountId, out.Item?.[accountId]);
  }

  async all(signal?: AbortSignal): Promise<PlacementRecord[]> {
    const items = await readShards(
      this.doc,
      this.tableName,
      Array.from({ length: SHARDS }, (_, n) => shardKey(n)),
      signal,
    );
    const records: PlacementRecord[] = [];
    for (const item of items) {
      for (const [key, value] of Object.entries(item)) {
        const r = /^\d{12}$/.test(key) ? recordOf(key, value) : undefined;
        if (r) records.push(r);
      }
    }
    return records.sort((a, b) => a.accountId.localeCompare(b.accountId));
  }
}

function recordOf(accountId: string, value: unknown): PlacementRecord | undefined {
  const v = value as Partial<Omit<PlacementRecord, 'accountId'>> | undefined;
  if (!v || (v.placement !== 'member' && v.placement !== 'payer') || typeof v.firstSeen !== 'string')
    return undefined;
  return {
    accountId,
    placement: v.placement,
    reason: typeof v.reason === 'string' ? v.reason : '',
    firstSeen: v.firstSeen,
    decidedAt: typeof v.decidedAt === 'string' ? v.decidedAt : v.firstSeen,
  };
}
