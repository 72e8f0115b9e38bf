import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { toError } from '../result.js';

/**
 * Claims `key` in the state table once (a conditional put with a TTL): true for the first caller,
 * false for every later one until the claim expires. Lambda retries a failed run up to twice; a
 * claim keeps their notices to one.
 */
export async function claimOnce(
  client: DynamoDBClient,
  tableName: string,
  key: string,
  ttlSeconds: number,
  now: Date,
): Promise<boolean> {
  const doc = DynamoDBDocumentClient.from(client);
  try {
    await doc.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          id: key,
          claimedAt: now.toISOString(),
          expiration: Math.floor(now.getTime() / 1000) + ttlSeconds,
        },
        ConditionExpression: 'attribute_not_exists(id)',
      }),
    );
    return true;
  } catch (err) {
    if (
      err instanceof ConditionalCheckFailedException ||
      toError(err).name === 'ConditionalCheckFailedException'
    )
      return false;
    throw err;
  }
}
