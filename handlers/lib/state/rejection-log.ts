import { createHash } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import { expiresAt, keyPart, parseItem, StateTable } from './table.js';

/** Rejections are kept for a month for whoever investigates a spoofed or misrouted alarm. */
const KEEP_SECONDS = 30 * 24 * 3600;
/** Events are stored cut to this many characters (a record stays far under DynamoDB's 400 KB item limit). */
export const MAX_STORED_EVENT = 16_384;
/** Reasons are stored cut to this many characters. */
export const MAX_STORED_REASON = 1_024;

/** The key a rejected event is recorded under: its id and a hash of its content, or the hash alone. */
export function rejectionKey(eventId: string | undefined, body: string): string {
  const hash = createHash('sha256').update(body).digest('hex');
  return eventId ? `rejected#${keyPart(eventId)}#${hash.slice(0, 12)}` : `rejected#sha256-${hash}`;
}

/** Event ids seen again with another payload in one month (UTC): how many, and the last one. */
export interface ConflictCount {
  readonly month: string;
  readonly count: number;
  readonly last?: { readonly eventId: string; readonly at: string; readonly key: string };
}

const countSchema = z.lazy(() =>
  z.object({
    count: z.number(),
    last: z.optional(z.object({ eventId: z.string(), at: z.string(), key: z.string() })),
  }),
);

/** A field cut to `max` characters, and whether it was. */
function bounded(text: string, max: number): { text: string; cut: boolean } {
  return text.length > max ? { text: `${text.slice(0, max)}…`, cut: true } : { text, cut: false };
}

/**
 * Records each rejected event with its reason in the state table (TTL one month), never overwriting
 * one; and each event whose id was already delivered with another payload (a conflict), with a
 * count per month that operators see in the report.
 */
export class RejectionLog {
  private readonly table: StateTable;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new StateTable(client, tableName);
  }

  /** Stores the reason and the event, each cut to its bound (said in `truncated`); the same event again is already there. */
  async record(
    eventId: string | undefined,
    reason: string,
    event: unknown,
    now: Date,
    signal?: AbortSignal,
  ): Promise<string> {
    const body = JSON.stringify(event) ?? 'undefined';
    const id = rejectionKey(eventId, body);
    await this.keep(id, { reason }, body, now, signal);
    return id;
  }

  /**
   * Records an event whose id was delivered before with another payload (`conflict#…`, never
   * overwritten) and counts it in its month; true when it is new (a retry of it counts once).
   */
  async recordConflict(
    eventId: string,
    fingerprints: { earlier: string; now: string },
    event: unknown,
    now: Date,
    signal?: AbortSignal,
  ): Promise<boolean> {
    const key = `conflict#${keyPart(eventId)}#${fingerprints.now}`;
    const reason = `event id already delivered with another payload (payload ${fingerprints.earlier} before, ${fingerprints.now} now): delivered on its own, not as a duplicate`;
    const fresh = await this.keep(
      key,
      { reason, kind: 'conflict' },
      JSON.stringify(event) ?? '',
      now,
      signal,
    );
    if (!fresh) return false;
    await this.table.update(
      {
        Key: { id: `conflicts#${now.toISOString().slice(0, 7)}` },
        UpdateExpression: 'ADD #count :one SET #last = :last, expiration = :exp',
        ExpressionAttributeNames: { '#count': 'count', '#last': 'last' },
        ExpressionAttributeValues: {
          ':one': 1,
          ':last': { eventId: bounded(eventId, 200).text, at: now.toISOString(), key },
          ':exp': expiresAt(now.getTime(), 2 * KEEP_SECONDS),
        },
      },
      signal,
    );
    return true;
  }

  /** The conflicts counted in the month of `now` and the month before (one BatchGetItem). */
  async conflicts(now: Date, signal?: AbortSignal): Promise<ConflictCount[]> {
    const months = [
      now.toISOString().slice(0, 7),
      new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7),
    ];
    const items = await this.table.getMany(
      months.map((m) => `conflicts#${m}`),
      signal,
    );
    return months.flatMap((month) => {
      const parsed = parseItem(
        countSchema,
        items.find((i) => i.id === `conflicts#${month}`),
      );
      return parsed ? [{ month, count: parsed.count, ...(parsed.last ? { last: parsed.last } : {}) }] : [];
    });
  }

  /** Puts a record unless `id` exists; long fields are cut and named in `truncated`. */
  private async keep(
    id: string,
    fields: { reason: string; kind?: string },
    body: string,
    now: Date,
    signal?: AbortSignal,
  ): Promise<boolean> {
    const event = bounded(body, MAX_STORED_EVENT);
    const reason = bounded(fields.reason, MAX_STORED_REASON);
    const truncated = [
      ...(event.cut ? [`event (${body.length} characters, ${MAX_STORED_EVENT} kept)`] : []),
      ...(reason.cut ? [`reason (${fields.reason.length} characters, ${MAX_STORED_REASON} kept)`] : []),
    ];
    return this.table.conditionally(
      this.table.put(
        {
          Item: {
            id,
            ...(fields.kind ? { kind: fields.kind } : {}),
            reason: reason.text,
            event: event.text,
            ...(truncated.length > 0 ? { truncated } : {}),
            rejectedAt: now.toISOString(),
            expiration: expiresAt(now.getTime(), KEEP_SECONDS),
          },
          ConditionExpression: 'attribute_not_exists(id)',
        },
        signal,
      ),
    );
  }
}

/**
 * Records a refused event and answers `rejected` with the reason: logged, counted, and recorded in
 * the rejection log — nothing is lost, since a rejection that cannot be recorded throws and the
 * retry records it.
 */
export async function rejectEvent(
  deps: {
    readonly logger: { warn: (message: string, detail: Record<string, unknown>) => void };
    readonly metrics: { addMetric: (name: string, unit: 'Count', value: number) => void };
    readonly rejections: RejectionLog;
  },
  event: unknown,
  eventId: string | undefined,
  reason: string,
  now: Date,
  signal: AbortSignal,
): Promise<{ status: 'rejected'; reason: string; recipients: string[]; costExplorerRequests: number }> {
  deps.logger.warn('rejected event', { reason, eventId });
  deps.metrics.addMetric('EventsRejected', 'Count', 1);
  await deps.rejections.record(eventId, reason, event, now, signal);
  return { status: 'rejected', reason, recipients: [], costExplorerRequests: 0 };
}
