import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { untilProcessed } from '../deadline.js';
import { toError } from '../result.js';
import { type CostSnapshot, costSnapshotSchema } from './snapshot-schema.js';

/** Key prefix of snapshot items in the state table; the version changes with the snapshot's shape. */
const KEY = 'cost-snapshot#v3';
/** Parts stay well under DynamoDB's 400 KB item limit. */
const PART_BYTES = 300_000;
/** BatchGetItem reads at most 100 keys; BatchWriteItem writes at most 25 items. */
const GET_BATCH = 100;
const WRITE_BATCH = 25;

/** A snapshot cache that could not be read or written (the caller decides whether that matters). */
export class SnapshotStoreError extends Error {
  override readonly name = 'SnapshotStoreError';
}

type Item = Record<string, unknown>;

/**
 * Caches the organisation's cost snapshot in the state table: gzip'd JSON split into parts, a head
 * item naming the generation, the number of parts and the sha256 of the JSON, all expiring through
 * the table's TTL. Reading back retries unprocessed keys, refuses a generation with a missing part
 * or a wrong checksum, and checks the JSON against the snapshot's schema: a cache never serves
 * figures it cannot vouch for.
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

  /** The cached snapshot if it is younger than the TTL at `now`; a damaged one throws. */
  async load(now: Date, signal?: AbortSignal): Promise<CostSnapshot | undefined> {
    const [head] = await this.getAll([{ id: KEY }], signal);
    if (!head || typeof head.expiration !== 'number' || head.expiration * 1000 <= now.getTime())
      return undefined;
    const parts = Number(head.parts);
    if (!Number.isInteger(parts) || parts < 1)
      throw new SnapshotStoreError(`the snapshot head names ${head.parts} parts`);
    const keys = Array.from({ length: parts }, (_, i) => ({ id: `${KEY}#${head.generation}#${i}` }));
    const chunks: (Buffer | undefined)[] = new Array(parts).fill(undefined);
    for (const part of await this.getAll(keys, signal)) {
      const index = Number(String(part.id).split('#').pop());
      if (index >= 0 && index < parts && part.data instanceof Uint8Array)
        chunks[index] = Buffer.from(part.data);
    }
    const holes = chunks.flatMap((c, i) => (c === undefined ? [i] : []));
    if (holes.length > 0) {
      throw new SnapshotStoreError(
        `snapshot generation ${head.generation} lacks part(s) ${holes.join(', ')} of ${parts} (expired or not yet written)`,
      );
    }
    const json = gunzipSync(Buffer.concat(chunks.flatMap((c) => (c ? [c] : [])))).toString('utf8');
    if (sha256(json) !== head.sha256)
      throw new SnapshotStoreError(`snapshot generation ${head.generation} fails its checksum`);
    return parseCached(json);
  }

  /** What the cache holds now, without reading the parts: when it was built, its size and parts. */
  async describe(
    signal?: AbortSignal,
  ): Promise<{ builtAt: string; gzipBytes: number; parts: number } | undefined> {
    const [head] = await this.getAll([{ id: KEY }], signal);
    if (!head) return undefined;
    return { builtAt: String(head.builtAt), gzipBytes: Number(head.gzipBytes), parts: Number(head.parts) };
  }

  /** Stores a snapshot built at `now`; parts are written before the head that points at them. */
  async save(
    snapshot: CostSnapshot,
    now: Date,
    signal?: AbortSignal,
  ): Promise<{ gzipBytes: number; parts: number }> {
    const json = JSON.stringify(snapshot);
    const zipped = gzipSync(json);
    const generation = `${now.getTime().toString(36)}-${sha256(json).slice(0, 8)}`;
    const expiration = Math.floor(now.getTime() / 1000) + this.ttlSeconds;
    const parts: Item[] = [];
    for (let i = 0, n = 0; i < zipped.length; i += PART_BYTES, n++) {
      parts.push({ id: `${KEY}#${generation}#${n}`, data: zipped.subarray(i, i + PART_BYTES), expiration });
    }
    for (let i = 0; i < parts.length; i += WRITE_BATCH)
      await this.write(parts.slice(i, i + WRITE_BATCH), signal);
    await this.write(
      [
        {
          id: KEY,
          generation,
          parts: parts.length,
          sha256: sha256(json),
          gzipBytes: zipped.length,
          builtAt: snapshot.builtAt,
          expiration,
        },
      ],
      signal,
    );
    return { gzipBytes: zipped.length, parts: parts.length };
  }

  /** Every item of `keys` that exists, retrying unprocessed keys with backoff. */
  private async getAll(keys: { id: string }[], signal?: AbortSignal): Promise<Item[]> {
    const items: Item[] = [];
    for (let i = 0; i < keys.length; i += GET_BATCH) {
      await untilProcessed(
        keys.slice(i, i + GET_BATCH),
        unprocessed('snapshot key(s)'),
        signal,
        async (pending) => {
          const out = await this.doc
            .send(
              new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending } } }),
              signal ? { abortSignal: signal } : {},
            )
            .catch((err: unknown) => {
              throw new SnapshotStoreError('cannot read the cached snapshot', { cause: toError(err) });
            });
          items.push(...(out.Responses?.[this.tableName] ?? []));
          return (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []).map((k) => ({ id: String(k.id) }));
        },
      );
    }
    return items;
  }

  private async write(items: Item[], signal?: AbortSignal): Promise<void> {
    const first = items.map((Item) => ({ PutRequest: { Item } }));
    await untilProcessed(first, unprocessed('snapshot part(s)'), signal, async (pending) => {
      const out = await this.doc
        .send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }),
          signal ? { abortSignal: signal } : {},
        )
        .catch((err: unknown) => {
          throw new SnapshotStoreError('cannot write the snapshot', { cause: toError(err) });
        });
      return (out.UnprocessedItems?.[this.tableName] ?? []).flatMap((r) =>
        r.PutRequest?.Item ? [{ PutRequest: { Item: r.PutRequest.Item } }] : [],
      );
    });
  }
}

/** The error of items DynamoDB kept leaving unprocessed. */
function unprocessed(what: string): (left: number) => Error {
  return (left) => new SnapshotStoreError(`${left} ${what} stayed unprocessed`);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
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
