import { gunzipSync, gzipSync } from 'node:zlib';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type CostSnapshot, costSnapshotSchema } from './snapshot-schema.js';

/** Key prefix of snapshot items in the state table. */
const KEY = 'cost-snapshot#v2';
/** Parts stay well under DynamoDB's 400 KB item limit, so a 5,000-account snapshot fits. */
const PART_BYTES = 300_000;

/** A snapshot cache that could not be read or written (the caller decides whether that matters). */
export class SnapshotStoreError extends Error {
  override readonly name = 'SnapshotStoreError';
}

/**
 * Caches the organisation's cost snapshot in the state table for the refresh window: gzip-ed JSON
 * split into parts, all expiring through the table's TTL. A burst of alarms then costs one snapshot.
 */
export class SnapshotStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    private readonly ttlSeconds: number,
  ) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  /** The cached snapshot if it is younger than the TTL at `now`. */
  async load(now: Date): Promise<CostSnapshot | undefined> {
    const head = await this.doc
      .send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: [{ id: KEY }] } } }))
      .catch((err: unknown) => {
        throw new SnapshotStoreError('cannot read the cached snapshot', { cause: err });
      });
    const item = head.Responses?.[this.tableName]?.[0];
    if (!item || typeof item.expiration !== 'number' || item.expiration * 1000 <= now.getTime())
      return undefined;
    const parts = Number(item.parts);
    const keys = Array.from({ length: parts }, (_, i) => ({ id: `${KEY}#${item.generation}#${i}` }));
    const chunks: Buffer[] = new Array(parts);
    for (let i = 0; i < keys.length; i += 100) {
      const out = await this.doc.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys.slice(i, i + 100) } } }),
      );
      for (const part of out.Responses?.[this.tableName] ?? []) {
        const index = Number(String(part.id).split('#').pop());
        chunks[index] = Buffer.from(part.data as Uint8Array);
      }
    }
    if (chunks.some((c) => c === undefined) || chunks.length !== parts) return undefined;
    return parseCached(gunzipSync(Buffer.concat(chunks)).toString('utf8'));
  }

  /** Stores a snapshot built at `now`; parts are written before the head that points at them. */
  async save(snapshot: CostSnapshot, now: Date): Promise<void> {
    const zipped = gzipSync(JSON.stringify(snapshot));
    const generation = now.getTime().toString(36);
    const expiration = Math.floor(now.getTime() / 1000) + this.ttlSeconds;
    const parts: Record<string, unknown>[] = [];
    for (let i = 0, n = 0; i < zipped.length; i += PART_BYTES, n++) {
      parts.push({ id: `${KEY}#${generation}#${n}`, data: zipped.subarray(i, i + PART_BYTES), expiration });
    }
    // BatchWrite takes 25 items and 16 MB; parts of 300 KB need groups of at most 25 / 16 MB.
    for (let i = 0; i < parts.length; i += 25) {
      await this.write(parts.slice(i, i + 25));
    }
    await this.write([{ id: KEY, generation, parts: parts.length, builtAt: snapshot.builtAt, expiration }]);
  }

  private async write(items: Record<string, unknown>[]): Promise<void> {
    let pending = items.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 5) throw new SnapshotStoreError(`${pending.length} snapshot part(s) stayed unprocessed`);
      const out = await this.doc
        .send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }))
        .catch((err: unknown) => {
          throw new SnapshotStoreError('cannot write the snapshot', { cause: err });
        });
      pending = (out.UnprocessedItems?.[this.tableName] ?? []) as typeof pending;
      if (pending.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  }
}

/** The cached JSON checked against the snapshot's schema: a damaged or older entry is an error, not figures. */
function parseCached(text: string): CostSnapshot {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new SnapshotStoreError('the cached snapshot is not JSON', { cause: err });
  }
  const parsed = costSnapshotSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SnapshotStoreError(
      `the cached snapshot does not match its schema at ${issue?.path.join('.') || '(top)'}: ${issue?.message}`,
    );
  }
  return parsed.data;
}
