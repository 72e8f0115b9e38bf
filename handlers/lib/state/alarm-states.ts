import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import { TIERS, type Tier } from '../../contract/member-template.js';
import { readShards, shardOf } from './sharded-items.js';
import { parseItem, StateTable } from './table.js';

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
 * Shards of the state items (`alarm-states#NN`): one BatchGet reads every state and each item
 * stays far below DynamoDB's 400 KB (≈ 3,000 tiers per shard).
 */
const PREFIX = 'alarm-states#';

/** One entry of a shard item, `<account>#<tier>` → this. */
const entrySchema = z.object({
  state: z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']),
  changedAt: z.string().check(z.minLength(1)),
  placement: z.optional(z.string()),
});

/**
 * The last state of every member alarm (each account and tier), from the forwarded state changes
 * — OK and INSUFFICIENT_DATA too, which are never mailed. An older change arriving late never
 * overwrites a newer one. The report reads them to list alarms stuck without data and accounts
 * never heard from.
 */
export class AlarmStateLedger {
  private readonly table: StateTable;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new StateTable(client, tableName);
  }

  /** Keeps a state change unless a newer one is already kept. */
  async record(change: AlarmStateRecord, signal?: AbortSignal): Promise<void> {
    await this.table.conditionally(
      this.table.update(
        {
          Key: { id: shardOf(PREFIX, change.accountId) },
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
        },
        signal,
      ),
    );
  }

  /** Every kept state (one BatchGet of the shards, unprocessed keys retried). */
  async all(signal?: AbortSignal): Promise<AlarmStateRecord[]> {
    const records: AlarmStateRecord[] = [];
    for (const item of await readShards(this.table, PREFIX, signal)) {
      for (const [key, value] of Object.entries(item)) {
        const [accountId = '', tierName] = key.split('#');
        const tier = TIERS.find((t) => t === tierName);
        const v = parseItem(entrySchema, value);
        if (/^\d{12}$/.test(accountId) && tier && key === `${accountId}#${tier}` && v)
          records.push({
            accountId,
            tier,
            state: v.state,
            changedAt: v.changedAt,
            ...(v.placement === 'payer' ? { placement: 'payer' as const } : {}),
          });
      }
    }
    return records.sort((a, b) => a.accountId.localeCompare(b.accountId) || a.tier.localeCompare(b.tier));
  }
}
