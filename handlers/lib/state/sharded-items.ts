import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { pause } from '../deadline.js';

/** Rounds of unprocessed keys retried before a BatchGet of shards gives up. */
const UNPROCESSED_ROUNDS = 5;

/**
 * Every item of a set of shard items (`<prefix>00` … `<prefix>NN`) in one BatchGet (at most 100
 * keys), unprocessed keys retried with backoff. The state table keeps per-account maps this way, so
 * that one read serves an organisation of any size.
 */
export async function readShards(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly string[],
  signal?: AbortSignal,
): Promise<Record<string, unknown>[]> {
  let pending = keys.map((id) => ({ id }));
  const items: Record<string, unknown>[] = [];
  for (let round = 0; pending.length > 0; round++) {
    if (round >= UNPROCESSED_ROUNDS) throw new Error(`${pending.length} shard item(s) stayed unprocessed`);
    if (round > 0) await pause(50 * 2 ** round, signal);
    const out = await doc.send(
      new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending } } }),
      signal ? { abortSignal: signal } : {},
    );
    items.push(...(out.Responses?.[tableName] ?? []));
    pending = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as { id: string }[];
  }
  return items;
}
