import { randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import type { GroupedCost, PagedCosts } from '../costs/cost-queries.js';
import { pause } from '../deadline.js';
import { expiresAt, isConditionFailure, parseItem, StateTable } from './table.js';

/**
 * A window's length: batches joining within 4 s of the first share its Cost Explorer queries (the
 * pollers' batches of one burst close within a few seconds of each other).
 */
export const SHARED_WINDOW_MS = 4_000;
/** A window takes no more batches once it holds this many accounts (its leader's queries stay a few seconds). */
export const SHARED_MAX_ACCOUNTS = 100;
/** How long after its window closes a follower waits for the leader's figures before its own queries. */
export const FOLLOWER_GRACE_MS = 8_000;
/** A follower looks for its figures this often. */
const POLL_MS = 400;
/** Windows and their figures are kept an hour (TTL), long after anyone reads them. */
const KEEP_SECONDS = 3_600;
/** An item of figures stays far under DynamoDB's 400 KB; a larger one is not written (its follower asks alone). */
const MAX_FIGURES_BYTES = 300_000;
const PREFIX = 'window#';

/** A batch's place in a window: as its leader (who queries for all) or a follower (who reads the leader's answers). */
export interface WindowPlace {
  readonly role: 'leader' | 'follower';
  readonly window: string;
  /** When the window closes (epoch ms): the leader waits for it, then queries. */
  readonly closesAt: number;
}

// Built on first use, like the alarm path's other stored schemas (DESIGN.md, "Cold start").
const windowSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    state: z.enum(['open', 'closed', 'done', 'failed']),
    leader: z.string(),
    closesAt: z.number(),
    accounts: z.optional(z.set(z.string())),
  }),
);
const figuresSchema = z.lazy(() => z.object({ id: z.string(), data: z.instanceof(Uint8Array) }));
const answerSchema = z.lazy(() =>
  z.object({
    groups: z.array(z.tuple([z.string(), z.array(z.string()), z.number()])),
    units: z.array(z.string()),
    estimated: z.boolean(),
  }),
);

/**
 * Windows in the state table (`window#<slot>`, slot = time ÷ {@link SHARED_WINDOW_MS}) that let the
 * batches of concurrent invocations share one set of Cost Explorer queries: the first batch of a
 * slot creates the window and leads it; others add their accounts (a conditional UpdateItem while
 * the window is open and holds fewer than {@link SHARED_MAX_ACCOUNTS}: the previous slot's, this
 * one's, the next one's). The leader closes the window {@link SHARED_WINDOW_MS} after it came,
 * queries for every account and writes each one's answer (`window#<slot>#<account>`, gzipped), then
 * the window's state `done` (or `failed`). A follower polls for its accounts' answers until the
 * window is done or failed, or {@link FOLLOWER_GRACE_MS} after it closed; what it did not find it
 * asks for itself. The windows share figures only: every alarm still sends its own email.
 */
export class SharedWindows {
  private readonly table: StateTable;

  constructor(
    client: DynamoDBClient,
    tableName: string,
    private readonly windowMs = SHARED_WINDOW_MS,
    private readonly clock: () => number = Date.now,
  ) {
    this.table = new StateTable(client, tableName);
  }

  /** Adds the batch's accounts to an open window, as its leader or a follower; undefined when every window tried was closed or full. */
  async join(accountIds: readonly string[], signal?: AbortSignal): Promise<WindowPlace | undefined> {
    const me = randomUUID();
    const now = this.clock();
    const slot = Math.floor(now / this.windowMs);
    const open = '#state = :open AND size(#accounts) < :max';
    for (const [s, create] of [
      [slot - 1, false],
      [slot, true],
      [slot + 1, true],
    ] as const) {
      try {
        const out = await this.table.update(
          {
            Key: { id: `${PREFIX}${s}` },
            UpdateExpression:
              'SET #leader = if_not_exists(#leader, :me), #closesAt = if_not_exists(#closesAt, :closes), #state = if_not_exists(#state, :open), #expiration = if_not_exists(#expiration, :exp) ADD #accounts :accounts',
            ConditionExpression: create
              ? `attribute_not_exists(id) OR (${open})`
              : `attribute_exists(id) AND ${open}`,
            ExpressionAttributeNames: {
              '#state': 'state',
              '#leader': 'leader',
              '#closesAt': 'closesAt',
              '#expiration': 'expiration',
              '#accounts': 'accounts',
            },
            ExpressionAttributeValues: {
              ':me': me,
              ':closes': now + this.windowMs,
              ':open': 'open',
              ':exp': expiresAt(now, KEEP_SECONDS),
              ':accounts': new Set(accountIds),
              ':max': SHARED_MAX_ACCOUNTS,
            },
            ReturnValues: 'ALL_NEW',
          },
          signal,
        );
        const window = parseItem(windowSchema, out.Attributes);
        if (!window) return undefined;
        return {
          role: window.leader === me ? 'leader' : 'follower',
          window: window.id,
          closesAt: window.closesAt,
        };
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
      }
    }
    return undefined;
  }

  /** The leader: waits for the window's end, closes it, and answers every account that joined. */
  async close(place: WindowPlace, signal?: AbortSignal): Promise<string[]> {
    const wait = place.closesAt - this.clock();
    if (wait > 0) await pause(wait, signal);
    const out = await this.table.update(
      {
        Key: { id: place.window },
        UpdateExpression: 'SET #state = :closed',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':closed': 'closed' },
        ReturnValues: 'ALL_NEW',
      },
      signal,
    );
    return [...(parseItem(windowSchema, out.Attributes)?.accounts ?? [])].sort();
  }

  /** The leader: every account's answer, then the window `done`. An answer too large is left out (its follower asks for it). */
  async publish(
    place: WindowPlace,
    answers: ReadonlyMap<string, PagedCosts>,
    signal?: AbortSignal,
  ): Promise<void> {
    const expiration = expiresAt(this.clock(), KEEP_SECONDS);
    const items = [...answers].flatMap(([accountId, answer]) => {
      const data = gzipSync(JSON.stringify(compact(answer)));
      return data.byteLength > MAX_FIGURES_BYTES
        ? []
        : [{ id: `${place.window}#${accountId}`, data: new Uint8Array(data), expiration }];
    });
    await this.table.putMany(items, signal);
    await this.settle(place, 'done', signal);
  }

  /** The leader: the window's queries failed; its followers ask for themselves at once. */
  async fail(place: WindowPlace, signal?: AbortSignal): Promise<void> {
    await this.settle(place, 'failed', signal);
  }

  /**
   * A follower: its accounts' answers as the leader wrote them — all of them, or what was there when
   * the window failed, was done without the rest, or the grace ended.
   */
  async answersFor(
    place: WindowPlace,
    accountIds: readonly string[],
    signal?: AbortSignal,
  ): Promise<Map<string, PagedCosts>> {
    const giveUpAt = place.closesAt + FOLLOWER_GRACE_MS;
    const found = new Map<string, PagedCosts>();
    // Nothing can be there before the window closes: no reads until then.
    const untilClosed = place.closesAt - this.clock();
    if (untilClosed > 0) await pause(untilClosed, signal);
    for (;;) {
      const wanted = accountIds.filter((a) => !found.has(a));
      // A read that fails (throttled, slow) is tried again at the next poll, until the grace ends.
      const items = await this.table
        .getMany([place.window, ...wanted.map((a) => `${place.window}#${a}`)], signal)
        .catch((err: unknown) => {
          if (signal?.aborted) throw err;
          return [];
        });
      for (const a of wanted) {
        const figures = parseItem(
          figuresSchema,
          items.find((i) => i.id === `${place.window}#${a}`),
        );
        const answer = figures ? answerOf(figures.data) : undefined;
        if (answer) found.set(a, answer);
      }
      const window = parseItem(
        windowSchema,
        items.find((i) => i.id === place.window),
      );
      if (found.size === accountIds.length || window?.state === 'failed' || window?.state === 'done')
        return found;
      if (this.clock() >= giveUpAt) return found;
      await pause(POLL_MS, signal);
    }
  }

  private async settle(place: WindowPlace, state: 'done' | 'failed', signal?: AbortSignal): Promise<void> {
    await this.table.update(
      {
        Key: { id: place.window },
        UpdateExpression: 'SET #state = :state',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':state': state },
      },
      signal,
    );
  }
}

/** An answer as stored: groups as `[start, keys, amount]`, names dropped (the alarm's figures name no account). */
function compact(answer: PagedCosts) {
  return {
    groups: answer.groups.map((g) => [g.start, g.keys, g.amount]),
    units: [...answer.units],
    estimated: answer.estimated,
  };
}

/** A stored answer read back, or undefined when it does not parse. */
function answerOf(data: Uint8Array): PagedCosts | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(gunzipSync(data).toString('utf8'));
  } catch {
    return undefined;
  }
  const checked = answerSchema.safeParse(parsed);
  if (!checked.success) return undefined;
  const groups: GroupedCost[] = checked.data.groups.map(([start, keys, amount]) => ({ start, keys, amount }));
  return {
    groups,
    accountNames: new Map(),
    units: new Set(checked.data.units),
    estimated: checked.data.estimated,
  };
}
