import * as z from 'zod/mini';
import { expiresAt, isConditionFailure, keyPart, parseItem, type StateTable } from '../state/table.js';

/** The window fast-burn sums launches over. */
export const WINDOW_MS = 3_600_000;
/** Entries older than this are removed when the item is next written. */
const KEEP_MS = 2 * WINDOW_MS;

const itemSchema = z.lazy(() =>
  z.object({
    recent: z.record(z.string(), z.object({ at: z.number(), hourly: z.number() })),
  }),
);

/** The account's launches within the last hour, this one included. */
export interface LaunchWindow {
  /** Their hourly cost together. */
  readonly hourly: number;
  readonly launches: number;
}

/**
 * Records a priced launch in its account's window (`launches#<account>`: a map of event id → time
 * and hourly cost, so a retried or repeated event counts once) and answers the window's launches
 * of the last hour. Entries older than two hours are removed afterwards, best effort; the item
 * expires two hours after its last launch.
 */
export async function recordInWindow(
  table: StateTable,
  launch: { accountId: string; eventId: string; hourly: number },
  now: Date,
  signal: AbortSignal,
): Promise<LaunchWindow> {
  const id = `launches#${launch.accountId}`;
  const at = now.getTime();
  const entry = { at, hourly: launch.hourly };
  const expiration = expiresAt(at, KEEP_MS / 1000);
  const names = { '#r': 'recent', '#e': keyPart(launch.eventId) };
  const addTo = () =>
    table.update(
      {
        Key: { id },
        UpdateExpression: 'SET #r.#e = if_not_exists(#r.#e, :v), expiration = :x',
        ConditionExpression: 'attribute_exists(#r)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':v': entry, ':x': expiration },
        ReturnValues: 'ALL_NEW',
      },
      signal,
    );
  let item: unknown;
  for (let attempt = 0; item === undefined && attempt < 2; attempt++) {
    try {
      item = (await addTo()).Attributes;
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const created = await table.conditionally(
        table.put(
          {
            Item: { id, recent: { [names['#e']]: entry }, expiration },
            ConditionExpression: 'attribute_not_exists(id)',
          },
          signal,
        ),
      );
      if (created) item = { recent: { [names['#e']]: entry } };
    }
  }
  const recent = parseItem(itemSchema, item)?.recent ?? { [names['#e']]: entry };
  const entries = Object.entries(recent);
  const within = entries.filter(([, e]) => at - e.at < WINDOW_MS && e.at <= at);
  const stale = entries.filter(([, e]) => at - e.at >= KEEP_MS).map(([k]) => k);
  if (stale.length > 0) await prune(table, id, stale, signal).catch(() => undefined);
  return { hourly: within.reduce((sum, [, e]) => sum + e.hourly, 0), launches: within.length };
}

/** Removes old entries (at most 50 a call; what is left goes next time). */
async function prune(table: StateTable, id: string, keys: string[], signal: AbortSignal): Promise<void> {
  const some = keys.slice(0, 50);
  await table.update(
    {
      Key: { id },
      UpdateExpression: `REMOVE ${some.map((_, i) => `#r.#k${i}`).join(', ')}`,
      ExpressionAttributeNames: { '#r': 'recent', ...Object.fromEntries(some.map((k, i) => [`#k${i}`, k])) },
    },
    signal,
  );
}
