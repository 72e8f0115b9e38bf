import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { pause } from '../deadline.js';
import { abortOptions, type StateTable } from './table.js';

/** Rounds of unprocessed keys retried before a BatchGet of shards gives up. */
const UNPROCESSED_ROUNDS = 5;
/** Shards of a per-account map: accounts spread by their last two digits. */
export const SHARDS = 100;

/** The shard item of `accountId` among `<prefix>00` … `<prefix>99`. */
export function shardOf(prefix: string, accountId: string): string {
  return shardKey(prefix, Number(accountId.slice(-2)) % SHARDS);
}

/** The shard item `<prefix>NN` of shard number `n` (0–99). */
export function shardKey(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(2, '0')}`;
}

/**
 * Every shard item `<prefix>00` … `<prefix>99` in one BatchGet (at most 100 keys), unprocessed
 * keys retried with backoff. The state table keeps per-account maps this way, so that one read
 * serves an organisation of any size.
 */
export async function readShards(
  table: StateTable,
  prefix: string,
  signal?: AbortSignal,
): Promise<Record<string, unknown>[]> {
  let pending: Record<string, unknown>[] = Array.from({ length: SHARDS }, (_, n) => ({
    id: shardKey(prefix, n),
  }));
  const items: Record<string, unknown>[] = [];
  for (let round = 0; pending.length > 0; round++) {
    if (round >= UNPROCESSED_ROUNDS) throw new Error(`${pending.length} shard item(s) stayed unprocessed`);
    if (round > 0) await pause(50 * 2 ** round, signal);
    const out = await table.doc.send(
      new BatchGetCommand({ RequestItems: { [table.name]: { Keys: pending } } }),
      abortOptions(signal),
    );
    items.push(...(out.Responses?.[table.name] ?? []));
    pending = out.UnprocessedKeys?.[table.name]?.Keys ?? [];
  }
  return items;
}
