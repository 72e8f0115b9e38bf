import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import { addDays, isoDate } from '../costs/periods.js';
import { expiresAt, keyPart, parseItem, StateTable } from './table.js';

/** Days after its launch an estimate is reconciled in the report (billing lags 8–24 hours). */
export const RECONCILE_DAYS = 7;
/** Estimates kept per UTC day at most (about 1.2 KB each: a day item stays under 300 KB of DynamoDB's 400 KB). */
export const ESTIMATES_PER_DAY = 200;
/** Items of an estimate kept at most (types a launch starts). */
const MAX_ITEMS = 10;
/** A day item expires a day after its estimates stop being reconciled. */
const KEEP_SECONDS = (RECONCILE_DAYS + 2) * 86_400;

const itemSchema = () =>
  z.object({
    type: z.string(),
    count: z.number(),
    perHour: z.number(),
    usageType: z.string(),
    sku: z.string(),
  });
const estimateSchema = () =>
  z.object({
    accountId: z.string(),
    accountName: z.optional(z.string()),
    at: z.string(),
    who: z.string(),
    call: z.string(),
    region: z.string(),
    items: z.array(itemSchema()),
    hourly: z.number(),
    currency: z.string(),
    source: z.string(),
    alerted: z.boolean(),
  });
/** Built on first use, not at import: the alarm Lambda loads this module (see DESIGN.md, "Cold start"). */
const daySchema = z.lazy(() =>
  z.object({
    entries: z.optional(z.record(z.string(), estimateSchema())),
    dropped: z.optional(z.number()),
  }),
);

/** A priced launch as the report reconciles it: who started what, where, when, at which price. */
export type KeptEstimate = z.infer<ReturnType<typeof estimateSchema>>;

/** The estimates of the last {@link RECONCILE_DAYS} days, and how many were not kept (full days). */
export interface RecentEstimates {
  readonly estimates: KeptEstimate[];
  readonly dropped: number;
}

/**
 * Fast-burn estimates kept for the report's reconciliation with billed figures: one item per UTC
 * day (`estimates#<day>`: event key → estimate, at most {@link ESTIMATES_PER_DAY}, the rest
 * counted as `dropped`), expiring {@link KEEP_SECONDS} after it is written. The report reads the
 * last days with one BatchGetItem; a retried launch is kept once.
 */
export class EstimateLog {
  private readonly table: StateTable;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new StateTable(client, tableName);
  }

  /** Keeps one launch's estimate under its event id (the day of its launch); a full day counts it as dropped. */
  async keep(eventId: string, estimate: KeptEstimate, now: Date, signal?: AbortSignal): Promise<void> {
    const id = `estimates#${estimate.at.slice(0, 10)}`;
    const entry = { ...estimate, items: estimate.items.slice(0, MAX_ITEMS) };
    const expiration = expiresAt(now.getTime(), KEEP_SECONDS);
    const names = { '#e': 'entries', '#k': keyPart(eventId) };
    const add = () =>
      this.table.conditionally(
        this.table.update(
          {
            Key: { id },
            UpdateExpression: 'SET #e.#k = :v, expiration = :x ADD n :one',
            ConditionExpression: 'attribute_exists(#e) AND attribute_not_exists(#e.#k) AND n < :max',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: {
              ':v': entry,
              ':x': expiration,
              ':one': 1,
              ':max': ESTIMATES_PER_DAY,
            },
          },
          signal,
        ),
      );
    const create = () =>
      this.table.conditionally(
        this.table.put(
          {
            Item: { id, entries: { [names['#k']]: entry }, n: 1, expiration },
            ConditionExpression: 'attribute_not_exists(id)',
          },
          signal,
        ),
      );
    // The day's first estimate creates the item; two launches racing for it add the loser's after.
    if ((await add()) || (await create()) || (await add())) return;
    // The day exists and refused the entry: kept already (a retry), or the day is full.
    await this.table.conditionally(
      this.table.update(
        {
          Key: { id },
          UpdateExpression: 'ADD dropped :one',
          ConditionExpression: 'attribute_not_exists(#e.#k)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':one': 1 },
        },
        signal,
      ),
    );
  }

  /** The estimates launched within {@link RECONCILE_DAYS} days before `now`, oldest first (one BatchGetItem). */
  async recent(now: Date, signal?: AbortSignal): Promise<RecentEstimates> {
    const today = isoDate(now);
    const ids = Array.from({ length: RECONCILE_DAYS + 1 }, (_, i) => `estimates#${addDays(today, -i)}`);
    const since = now.getTime() - RECONCILE_DAYS * 86_400_000;
    const days = (await this.table.getMany(ids, signal)).flatMap((item) => parseItem(daySchema, item) ?? []);
    const estimates = days
      .flatMap((d) => Object.values(d.entries ?? {}))
      .filter((e) => Date.parse(e.at) >= since && Date.parse(e.at) <= now.getTime())
      .sort((a, b) => a.at.localeCompare(b.at));
    return { estimates, dropped: days.reduce((sum, d) => sum + (d.dropped ?? 0), 0) };
  }
}
