import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import { RUNG_NAME_PATTERN } from '../../contract/ladder.js';
import { readShards, shardOf } from './sharded-items.js';
import { parseItem, StateTable } from './table.js';

/** A member alarm's last known state, as its last forwarded state change said. */
export interface AlarmStateRecord {
  readonly accountId: string;
  /** The rung of the alarm (`warning`, `critical`, `120%`…). */
  readonly rung: string;
  readonly state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  /** When the alarm entered the state (CloudWatch's timestamp). */
  readonly changedAt: string;
  /** `payer`: the state came from the account's payer alarm in the management account. */
  readonly placement?: 'payer';
}

/**
 * Shards of the state items (`alarm-states#NN`): one BatchGet reads every state and each item
 * stays far below DynamoDB's 400 KB (≈ 3,000 rungs per shard).
 */
const PREFIX = 'alarm-states#';

/** One entry of a shard item, `<account>#<rung>` → this. */
const entrySchema = z.lazy(() =>
  z.object({
    state: z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']),
    changedAt: z.string().check(z.minLength(1)),
    placement: z.optional(z.string()),
  }),
);

/**
 * The last state of every member alarm (each account and rung), from the forwarded state changes
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
          ExpressionAttributeNames: { '#k': `${change.accountId}#${change.rung}` },
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
        const [accountId = '', rungName] = key.split('#');
        const rung = rungName !== undefined && RUNG_NAME_PATTERN.test(rungName) ? rungName : undefined;
        const v = parseItem(entrySchema, value);
        if (/^\d{12}$/.test(accountId) && rung && key === `${accountId}#${rung}` && v)
          records.push({
            accountId,
            rung,
            state: v.state,
            changedAt: v.changedAt,
            ...(v.placement === 'payer' ? { placement: 'payer' as const } : {}),
          });
      }
    }
    return records.sort((a, b) => a.accountId.localeCompare(b.accountId) || a.rung.localeCompare(b.rung));
  }
}
