import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  PutCommand,
  type PutCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
  type UpdateCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import type * as z from 'zod/mini';
import { untilProcessed } from '../deadline.js';
import { toError } from '../result.js';

/** Ids kept as they are in keys: EventBridge's own (UUIDs) and anything short and plain like them. */
const PLAIN_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * An event id as part of a state-table key: as it is when short and plain (the keys of deployed
 * records stay the same), else a fixed-length hash, so that an id of any length or content still
 * fits DynamoDB's 2,048-byte partition key and cannot forge another key's `#` structure.
 */
export function keyPart(id: string): string {
  return PLAIN_ID.test(id) ? id : `h-${createHash('sha256').update(id).digest('hex').slice(0, 40)}`;
}

/**
 * A fixed-length hash (16 hex digits) of an event's payload, whatever its key order: a true replay
 * has the same fingerprint; the same id with another payload has another.
 */
export function fingerprintOf(payload: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(payload) ?? 'undefined')
    .digest('hex')
    .slice(0, 16);
}

/** JSON with every object's keys sorted (DynamoDB keeps no order in maps; senders may reorder keys). */
export function canonicalJson(value: unknown): string | undefined {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Another invocation holds the delivery (an unexpired lease): Lambda's retry comes back later. */
export class DeliveryInProgressError extends Error {
  override readonly name = 'DeliveryInProgressError';
}

/** The state table did not answer: the caller throws so that Lambda retries. */
export class LedgerUnavailableError extends Error {
  override readonly name = 'LedgerUnavailableError';
}

/** BatchGetItem reads at most 100 keys a call; BatchWriteItem writes at most 25 items a call. */
export const BATCH_GET_KEYS = 100;
export const BATCH_WRITE_ITEMS = 25;

/** Whether DynamoDB refused a conditional write. */
export function isConditionFailure(err: unknown): boolean {
  return (
    err instanceof ConditionalCheckFailedException || toError(err).name === 'ConditionalCheckFailedException'
  );
}

/** The TTL attribute (epoch seconds) of an item written at `now` (epoch ms) and kept `keepSeconds`. */
export function expiresAt(now: number, keepSeconds: number): number {
  return Math.floor(now / 1000) + keepSeconds;
}

/** The SDK options of a call that stops at `signal`. */
export function abortOptions(signal: AbortSignal | undefined): { abortSignal?: AbortSignal } {
  return signal ? { abortSignal: signal } : {};
}

/** An item read back, checked against its schema: a mismatch reads as no item. */
export function parseItem<T>(schema: z.ZodMiniType<T>, item: unknown): T | undefined {
  if (item === undefined) return undefined;
  const parsed = schema.safeParse(item);
  return parsed.success ? parsed.data : undefined;
}

const documentClients = new WeakMap<DynamoDBClient, DynamoDBDocumentClient>();

/**
 * One document client per DynamoDB client, shared by every store on it: each `from` builds a
 * middleware stack, and the alarm Lambda makes a dozen stores at init (DESIGN.md, "Cold start").
 */
function documentClientOf(client: DynamoDBClient): DynamoDBDocumentClient {
  let doc = documentClients.get(client);
  if (!doc) {
    doc = DynamoDBDocumentClient.from(client);
    documentClients.set(client, doc);
  }
  return doc;
}

/**
 * The state table, as every store of `state/` reads and writes it: items keyed by `id`, the
 * caller's deadline passed to each call, conditional writes refused as themselves. With
 * `unavailable`, any other failure is wrapped in the error it makes (the ledger's, say).
 */
export class StateTable {
  readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    readonly name: string,
    private readonly unavailable?: (err: unknown) => Error,
  ) {
    this.doc = documentClientOf(client);
  }

  /** The item `id`, if any. */
  async get(
    id: string,
    signal?: AbortSignal,
    options: Omit<GetCommandInput, 'TableName' | 'Key'> = {},
  ): Promise<Record<string, unknown> | undefined> {
    const out = await this.guard(
      this.doc.send(new GetCommand({ TableName: this.name, Key: { id }, ...options }), abortOptions(signal)),
    );
    return out.Item;
  }

  async put(input: Omit<PutCommandInput, 'TableName'>, signal?: AbortSignal): Promise<void> {
    await this.guard(this.doc.send(new PutCommand({ TableName: this.name, ...input }), abortOptions(signal)));
  }

  update(input: Omit<UpdateCommandInput, 'TableName'>, signal?: AbortSignal): Promise<UpdateCommandOutput> {
    return this.guard(
      this.doc.send(new UpdateCommand({ TableName: this.name, ...input }), abortOptions(signal)),
    );
  }

  /**
   * The items of `ids` that exist: BatchGetItem {@link BATCH_GET_KEYS} keys a call, unprocessed keys
   * retried with backoff (an error after a few rounds).
   */
  async getMany(ids: readonly string[], signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    const keys = [...new Set(ids)].map((id) => ({ id }));
    await this.inBatches(keys, BATCH_GET_KEYS, 'key(s)', signal, async (pending) => {
      const out = await this.doc.send(
        new BatchGetCommand({ RequestItems: { [this.name]: { Keys: pending } } }),
        abortOptions(signal),
      );
      items.push(...(out.Responses?.[this.name] ?? []));
      return (out.UnprocessedKeys?.[this.name]?.Keys ?? []).map((k) => ({ id: String(k.id) }));
    });
    return items;
  }

  /**
   * Puts every item (whole, unconditionally): BatchWriteItem {@link BATCH_WRITE_ITEMS} items a call,
   * unprocessed items retried with backoff (an error after a few rounds).
   */
  async putMany(items: readonly Record<string, unknown>[], signal?: AbortSignal): Promise<void> {
    const requests = items.map((Item) => ({ PutRequest: { Item } }));
    await this.inBatches(requests, BATCH_WRITE_ITEMS, 'item(s)', signal, async (pending) => {
      const out = await this.doc.send(
        new BatchWriteCommand({ RequestItems: { [this.name]: pending } }),
        abortOptions(signal),
      );
      return (out.UnprocessedItems?.[this.name] ?? []).flatMap((r) =>
        r.PutRequest?.Item ? [{ PutRequest: { Item: r.PutRequest.Item } }] : [],
      );
    });
  }

  /** Sends `all` in chunks of `size`, each until DynamoDB has processed all of it. */
  private async inBatches<T>(
    all: readonly T[],
    size: number,
    what: string,
    signal: AbortSignal | undefined,
    send: (pending: T[]) => Promise<T[]>,
  ): Promise<void> {
    for (let i = 0; i < all.length; i += size)
      await untilProcessed(
        all.slice(i, i + size),
        (left) => new Error(`${left} ${what} stayed unprocessed`),
        signal,
        (pending) => this.guard(send(pending)),
      );
  }

  /** A conditional write whose refusal is an answer: true if written, false if the condition failed. */
  async conditionally(write: Promise<unknown>): Promise<boolean> {
    try {
      await write;
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  private async guard<T>(call: Promise<T>): Promise<T> {
    try {
      return await call;
    } catch (err) {
      if (isConditionFailure(err) || !this.unavailable) throw err;
      throw this.unavailable(err);
    }
  }
}
