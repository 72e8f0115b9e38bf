import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import type { FirstSpend } from '../analysis/first-spend.js';
import { expiresAt, parseItem, StateTable } from './table.js';

/** The one item: the organisation's last first-spend check, as the report made it. */
const KEY = 'first-spend#latest';
/** Kept 8 days: an alarm trusts a check up to {@link FIRST_SPEND_MAX_AGE_MS}, the item outlives it for `doctor`-like reads. */
const KEEP_SECONDS = 8 * 86_400;
/** An alarm uses a check made within 48 hours (the report runs daily); older, it says so. */
export const FIRST_SPEND_MAX_AGE_MS = 48 * 3_600_000;

/** Why a check was not made when the organisation is too large for its bounded requests. */
export const TOO_MANY_GROUPS = 'tooManyGroups';

const range = z.lazy(() => z.object({ start: z.string(), end: z.string() }));

/** The report's check: when, over which days and on which basis, and what it found or why it was not made. */
export interface FirstSpendCheck {
  readonly builtAt: string;
  /** The UTC day the check ran on: a report later that day reuses it. */
  readonly today: string;
  /** The cost basis it counted (metric and exclusions): another basis is checked again. */
  readonly basis: string;
  readonly week: { readonly start: string; readonly end: string };
  readonly lookback: { readonly start: string; readonly end: string };
  /** The new spends, largest first (at most `FIRST_SPEND_KEPT`), or why the check was not made. */
  readonly outcome:
    | { readonly ok: true; readonly entries: readonly FirstSpend[]; readonly more: number }
    | { readonly ok: false; readonly reason: string };
}

const checkSchema = z.lazy(() =>
  z.object({
    builtAt: z.string(),
    today: z.string(),
    basis: z.string(),
    week: range,
    lookback: range,
    outcome: z.discriminatedUnion('ok', [
      z.object({
        ok: z.literal(true),
        entries: z.array(
          z.object({
            accountId: z.string(),
            kind: z.enum(['service', 'region']),
            name: z.string(),
            amount: z.number(),
          }),
        ),
        more: z.number(),
      }),
      z.object({ ok: z.literal(false), reason: z.string() }),
    ]),
  }),
);

/**
 * The report's first-spend check in one small item of the state table (at most 500 entries, about
 * 60 KB): the report reuses it the same day instead of asking Cost Explorer again, and an alarm
 * reads it with one GetItem instead of a Cost Explorer request of its own.
 */
export class FirstSpendStore {
  private readonly table: StateTable;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new StateTable(client, tableName);
  }

  /** The last check, or undefined when there is none (or it cannot be read as one). */
  async latest(signal?: AbortSignal): Promise<FirstSpendCheck | undefined> {
    return parseItem(checkSchema, await this.table.get(KEY, signal));
  }

  /** Replaces the last check. */
  async save(check: FirstSpendCheck, now: Date, signal?: AbortSignal): Promise<void> {
    await this.table.put(
      { Item: { id: KEY, ...check, expiration: expiresAt(now.getTime(), KEEP_SECONDS) } },
      signal,
    );
  }
}
