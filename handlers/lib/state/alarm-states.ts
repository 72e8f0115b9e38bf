import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Tier } from '../../contract/member-template.js';
import { isConditionFailure } from './delivery-ledger.js';
import { readShards } from './sharded-items.js';

/** A member alarm's last known state, as its last forwarded state change said. */
export interface AlarmStateRecord {
  readonly accountId: string;
  readonly tier: Tier;
  readonly state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  /** When the alarm entered the state (CloudWatch's timestamp). */
  readonly changedAt: string;
  /** `payer`: the state came from the account's payer alarm in the management account. */
  readonly placement?: 'payer';
}

/**
 * Shards of the state items: accounts spread by their last two digits, so that one BatchGet reads
 * every state and each item stays far below DynamoDB's 400 KB (≈ 3,000 tiers per shard).
 */
const SHARDS = 100;
const shardKey = (n: number) => `alarm-states#${String(n).padStart(2, '0')}`;

/**
 * The last state of every member alarm (each account and tier), from the forwarded state changes
 * — OK and INSUFFICIENT_DATA too, which are never mailed. An older change arriving late never
 * overwrites a newer one. The report reads them to list alarms stuck without data and accounts
 * never heard from.
 */
export class AlarmStateLedger {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  /** Keeps a state change unless a newer one is already kept. */
  async record(change: AlarmStateRecord, signal?: AbortSignal): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { id: shardKey(Number(change.accountId.slice(-2)) % SHARDS) },
          UpdateExpression: 'SET #k = :v',
          ConditionExpression: 'attribute_not_exists(#k) OR #k.changedAt <= :t',
          ExpressionAttributeNames: { '#k': `${change.accountId}#${change.tier}` },
          ExpressionAttributeValues: {
            ':v': {
              state: change.state,
              changedAt: change.changedAt,
              ...(change.placement ? { placement: change.placement } : {}),
            },
            ':t': change.changedAt,
          },
        }),
        signal ? { abortSignal: signal } : {},
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }

  /** Every kept state (one BatchGet of the shards, unprocessed keys retried). */
  async all(signal?: AbortSignal): Promise<AlarmStateRecord[]> {
    const items = await readShards(
      this.doc,
      this.tableName,
      Array.from({ length: SHARDS }, (_, n) => shardKey(n)),
      signal,
    );
    const records: AlarmStateRecord[] = [];
    for (const item of items) {
      for (const [key, value] of Object.entries(item)) {
        const m = /^(\d{12})#(warning|critical)$/.exec(key);
        const v = value as { state?: string; changedAt?: string; placement?: string };
        if (m && v?.state && v.changedAt)
          records.push({
            accountId: m[1] as string,
            tier: m[2] as Tier,
            state: v.state as AlarmStateRecord['state'],
            changedAt: v.changedAt,
            ...(v.placement === 'payer' ? { placement: 'payer' as const } : {}),
          });
      }
    }
    return records.sort((a, b) => a.accountId.localeCompare(b.accountId) || a.tier.localeCompare(b.tier));
  }
}
