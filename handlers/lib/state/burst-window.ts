import { randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import type { GroupedCost, PagedCosts } from '../costs/cost-queries.js';
import { pause } from '../deadline.js';
import { expiresAt, isConditionFailure, parseItem, StateTable } from './table.js';

/** A window's length: alarms arriving within 3 s of the first share its Cost Explorer queries. */
export const BURST_WINDOW_MS = 3_000;
/** Accounts a window takes at most: the leader's queries stay a few seconds at 50 services. */
export const BURST_MAX_ACCOUNTS = 25;
/** How long after its window closes a follower waits for the leader's figures before its own query. */
export const FOLLOWER_GRACE_MS = 8_000;
/** A follower looks for its figures this often. */
const POLL_MS = 400;
/** Windows and their figures are kept an hour (TTL), long after anyone reads them. */
const KEEP_SECONDS = 3_600;
/** An item of figures stays far under DynamoDB's 400 KB; a larger one is not written (its follower asks alone). */
const MAX_FIGURES_BYTES = 300_000;
const PREFIX = 'burst#';

/** A place in a window: as its leader (who queries for all) or a follower (who reads the leader's answer). */
export interface WindowPlace {
  readonly role: 'leader' | 'follower';
  readonly window: string;
  /** When the window closes (epoch ms): the leader waits for it, then queries. */
  readonly closesAt: number;
}

/** What a follower found: its account's answer, or why it must ask alone. */
export type WindowAnswer =
  | { readonly ok: true; readonly answer: PagedCosts }
  | { readonly ok: false; readonly reason: string };

const windowSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    state: z.enum(['open', 'closed', 'done', 'failed']),
    leader: z.string(),
    closesAt: z.number(),
    accounts: z.optional(z.set(z.string())),
    reason: z.optional(z.string()),
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
 * Burst windows in the state table (`burst#<slot>`, slot = time ÷ {@link BURST_WINDOW_MS}): the
 * first alarm of a slot creates its window and leads it; others join it (a conditional UpdateItem
 * adds the account while the window is open and has room: the previous slot's, this one's, the
 * next one's). The leader closes the window {@link BURST_WINDOW_MS} after it came (no one joins after), queries for its accounts, and writes each
 * account's answer (`burst#<slot>#<account>`, gzipped) and then the window's state `done` (or
 * `failed` with the reason). A follower polls for its answer until the window is done or failed,
 * or {@link FOLLOWER_GRACE_MS} after it closed; then it asks Cost Explorer alone. The windows share
 * figures only: each alarm still sends its own email through the delivery ledger.
 */
export class BurstWindows {
  private readonly table: StateTable;

  constructor(
    client: DynamoDBClient,
    tableName: string,
    private readonly windowMs = BURST_WINDOW_MS,
    private readonly clock: () => number = Date.now,
    /** Accounts at which the leader closes early: the function's reserved concurrency, when it has one (no more can be running). */
    private readonly fullAt = BURST_MAX_ACCOUNTS,
  ) {
    this.table = new StateTable(client, tableName);
  }

  /**
   * Joins an open window, as leader or follower: the previous slot's while it is open (a window
   * stays open {@link BURST_WINDOW_MS} from its leader's arrival, so it may outlive its slot), else
   * this slot's (created by the first to come), else the next slot's when this one is closed or full.
   */
  async join(accountId: string, signal?: AbortSignal): Promise<WindowPlace | undefined> {
    const me = randomUUID();
    const now = this.clock();
    const slot = Math.floor(now / this.windowMs);
    const tries = [
      { slot: slot - 1, create: false },
      { slot, create: true },
      { slot: slot + 1, create: true },
    ];
    for (const { slot: s, create } of tries) {
      const open = '#state = :open AND size(#accounts) < :max';
      try {
        const out = await this.table.update(
          {
            Key: { id: `${PREFIX}${s}` },
            UpdateExpression:
              'SET #leader = if_not_exists(#leader, :me), #closesAt = if_not_exists(#closesAt, :closes), #state = if_not_exists(#state, :open), #expiration = if_not_exists(#expiration, :exp) ADD #accounts :account',
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
              ':account': new Set([accountId]),
              ':max': BURST_MAX_ACCOUNTS,
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

  /** The leader: waits for the window's end (or for it to be full), closes it, and answers the accounts that joined. */
  async close(place: WindowPlace, signal?: AbortSignal): Promise<string[]> {
    // Until the window's end, or until it holds as many accounts as can run at once.
    for (let wait = place.closesAt - this.clock(); wait > 0; wait = place.closesAt - this.clock()) {
      await pause(Math.min(wait, POLL_MS), signal);
      const window = parseItem(
        windowSchema,
        await this.table.get(place.window, signal).catch(() => undefined),
      );
      if ((window?.accounts?.size ?? 0) >= this.fullAt) break;
    }
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

  /** The leader: every account's answer, then the window `done`. An answer too large is left out (its follower asks alone). */
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
    await this.settle(place, 'done', undefined, signal);
  }

  /** The leader: the window's queries failed; its followers ask alone at once. */
  async fail(place: WindowPlace, reason: string, signal?: AbortSignal): Promise<void> {
    await this.settle(place, 'failed', reason, signal);
  }

  /** A follower: its account's answer once the leader wrote it, or why not (failed, left out, no answer in time). */
  async answerFor(place: WindowPlace, accountId: string, signal?: AbortSignal): Promise<WindowAnswer> {
    const giveUpAt = place.closesAt + FOLLOWER_GRACE_MS;
    const figuresId = `${place.window}#${accountId}`;
    // Nothing can be there before the window closes: no reads until then.
    const untilClosed = place.closesAt - this.clock();
    if (untilClosed > 0) await pause(untilClosed, signal);
    for (;;) {
      // A read that fails (throttled, slow) is tried again at the next poll, until the grace ends.
      const items = await this.table.getMany([place.window, figuresId], signal).catch((err: unknown) => {
        if (signal?.aborted) throw err;
        return [];
      });
      const figures = parseItem(
        figuresSchema,
        items.find((i) => i.id === figuresId),
      );
      if (figures) {
        const answer = answerOf(figures.data);
        return answer ? { ok: true, answer } : { ok: false, reason: 'the window’s answer did not parse' };
      }
      const window = parseItem(
        windowSchema,
        items.find((i) => i.id === place.window),
      );
      if (window?.state === 'failed')
        return { ok: false, reason: `the window’s query failed (${window.reason ?? 'no reason'})` };
      if (window?.state === 'done')
        return { ok: false, reason: 'the window’s answer was too large to share' };
      if (this.clock() >= giveUpAt)
        return { ok: false, reason: 'the window’s leader gave no answer in time' };
      await pause(POLL_MS, signal);
    }
  }

  private async settle(
    place: WindowPlace,
    state: 'done' | 'failed',
    reason: string | undefined,
    signal?: AbortSignal,
  ): Promise<void> {
    await this.table.update(
      {
        Key: { id: place.window },
        UpdateExpression: reason ? 'SET #state = :state, #reason = :reason' : 'SET #state = :state',
        ExpressionAttributeNames: { '#state': 'state', ...(reason ? { '#reason': 'reason' } : {}) },
        ExpressionAttributeValues: {
          ':state': state,
          ...(reason ? { ':reason': reason.slice(0, 256) } : {}),
        },
      },
      signal,
    );
  }
}

/** An answer as stored: groups as `[start, keys, amount]`, names dropped (the alarm's query names no account). */
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
