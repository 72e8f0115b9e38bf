import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expiresAt, LedgerUnavailableError, StateTable } from './table.js';

/**
 * What keeps the action page's one public door narrow, in the state table: each confirmed link's
 * nonce, recorded once (a replay finds it), and requests per source address per minute.
 */
export class ActionGuards {
  private readonly table: StateTable;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new StateTable(
      client,
      tableName,
      (err) => new LedgerUnavailableError('the state table did not answer (action links)', { cause: err }),
    );
  }

  /** Records a link's nonce until the link expires: false when it was used before (a replay). */
  claimNonce(nonce: string, expiresAtSeconds: number, now: Date, signal?: AbortSignal): Promise<boolean> {
    return this.table.conditionally(
      this.table.put(
        {
          Item: {
            id: `action-nonce#${nonce}`,
            usedAt: now.toISOString(),
            expiration: Math.max(expiresAtSeconds, expiresAt(now.getTime(), 60)),
          },
          ConditionExpression: 'attribute_not_exists(id)',
        },
        signal,
      ),
    );
  }

  /** Whether a link was already confirmed (read only: the page shown on GET says so). */
  async nonceUsed(nonce: string, signal?: AbortSignal): Promise<boolean> {
    return (await this.table.get(`action-nonce#${nonce}`, signal, { ConsistentRead: true })) !== undefined;
  }

  /** Counts a request of `source` in the current minute: false past `perMinute`. */
  withinRate(source: string, perMinute: number, now: Date, signal?: AbortSignal): Promise<boolean> {
    const minute = now.toISOString().slice(0, 16);
    return this.table.conditionally(
      this.table.update(
        {
          Key: { id: `action-rate#${source.slice(0, 64)}#${minute}` },
          UpdateExpression: 'ADD requests :one SET expiration = :expiration',
          ConditionExpression: 'attribute_not_exists(requests) OR requests < :limit',
          ExpressionAttributeValues: {
            ':one': 1,
            ':limit': perMinute,
            ':expiration': expiresAt(now.getTime(), 180),
          },
        },
        signal,
      ),
    );
  }
}
