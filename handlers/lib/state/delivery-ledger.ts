import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import { toError } from '../result.js';
import { DoneMarks } from './done-marks.js';
import {
  DeliveryInProgressError,
  expiresAt,
  LedgerUnavailableError,
  parseItem,
  StateTable,
} from './table.js';

/** How long the ledger keeps what it knows about a delivery. */
const KEEP_SECONDS = 7 * 24 * 3600;

/** Another invocation is delivering the same event right now: retry later (never a failure notice). */
export { DeliveryInProgressError };

const outcomeSchema = z.object({
  status: z.enum(['sent', 'suppressed', 'skipped', 'rejected']),
  reason: z.optional(z.string()),
  recipients: z.array(z.string()),
  subject: z.optional(z.string()),
  messageIds: z.array(z.string()),
});

const deliverySchema = z.object({
  state: z.enum(['delivering', 'done']),
  owner: z.string(),
  leaseUntil: z.number(),
  outcome: z.optional(outcomeSchema),
});

const batchSchema = z.object({
  state: z.enum(['claimed', 'sent', 'unsent']),
  owner: z.string(),
  leaseUntil: z.number(),
  ambiguous: z.number(),
  messageId: z.optional(z.string()),
  version: z.number(),
});

/** The summary kept for replays: what was decided and which messages SES accepted. */
export type DeliveryOutcome = z.infer<typeof outcomeSchema>;

/**
 * What the ledger knows about one delivery (an event, a report run, a notice): `owner` is the
 * Lambda request that delivers or delivered it (retries of one async invoke share it), holding it
 * until `leaseUntil` (epoch ms); `outcome` once done.
 */
export type DeliveryRecord = z.infer<typeof deliverySchema>;

/**
 * One ≤ 50-recipient batch of an email. `claimed`: being sent (or the send's fate is unknown);
 * `sent`: SES accepted it; `unsent`: SES refused it. `ambiguous` counts sends whose outcome was
 * unknown (timeout, reset, 5xx): at most two copies ever go out.
 */
export type BatchRecord = z.infer<typeof batchSchema>;

/** Who delivers once, until when, on which clock and deadline. */
export interface OnceOptions {
  /** The Lambda request id: retries of one invocation share it. */
  readonly owner: string;
  /** How long the delivery is held before another invocation may take it over. */
  readonly leaseMs: number;
  /** The injected clock (epoch ms). */
  readonly now: () => number;
  readonly signal?: AbortSignal;
  /** A failure to record the outcome after the work: logged, never thrown (the work is done). */
  readonly unrecorded: (err: Error) => void;
}

/** What {@link DeliveryLedger.once} ended in: this invocation's work, or the first delivery's outcome. */
export type Once<T> =
  | { readonly replayed: false; readonly value: T }
  | { readonly replayed: true; readonly outcome: DeliveryOutcome; readonly owner: string };

/**
 * The delivery ledger in the state table: one record per delivery and one per recipient batch.
 * A batch is claimed (conditional put) before it is sent and marked with SES's message id after,
 * so a retry — Lambda's, EventBridge's, or a duplicate event — skips what SES already accepted.
 */
export class DeliveryLedger {
  private readonly table: StateTable;
  private readonly marks: DoneMarks;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new StateTable(
      client,
      tableName,
      (err) => new LedgerUnavailableError(`the state table did not answer: ${describe(err)}`, { cause: err }),
    );
    this.marks = new DoneMarks(this.table);
  }

  /**
   * Does `work` once per `key`: a delivery already done returns its first outcome (a replay); else
   * the delivery is taken for `owner` with a lease (another holder's unexpired lease throws
   * {@link DeliveryInProgressError}), the work runs, and its outcome is recorded for later replays.
   * The shape of Powertools' `makeIdempotent` (check, in progress, record), with the owner's own
   * retries allowed through: see "Exactly one email per recipient" in DESIGN.md.
   */
  async once<T>(
    key: string,
    options: OnceOptions,
    work: () => Promise<{ readonly outcome: DeliveryOutcome; readonly value: T }>,
  ): Promise<Once<T>> {
    const earlier = await this.delivery(key, options.signal);
    if (earlier?.state === 'done' && earlier.outcome)
      return { replayed: true, outcome: earlier.outcome, owner: earlier.owner };
    await this.begin(key, options.owner, options.leaseMs, options.now(), options.signal);
    const { outcome, value } = await work();
    await this.finish(key, options.owner, outcome, options.now(), options.signal).catch((err: unknown) =>
      options.unrecorded(toError(err)),
    );
    return { replayed: false, value };
  }

  /** @see DoneMarks.onceMarked */
  onceMarked(...args: Parameters<DoneMarks['onceMarked']>): ReturnType<DoneMarks['onceMarked']> {
    return this.marks.onceMarked(...args);
  }

  /** @see DoneMarks.onceClaimed */
  onceClaimed(...args: Parameters<DoneMarks['onceClaimed']>): ReturnType<DoneMarks['onceClaimed']> {
    return this.marks.onceClaimed(...args);
  }

  /** The delivery's record, if any. */
  async delivery(key: string, signal?: AbortSignal): Promise<DeliveryRecord | undefined> {
    return parseItem(
      deliverySchema,
      await this.table.get(`delivery#${key}`, signal, { ConsistentRead: true }),
    );
  }

  /**
   * Takes the delivery for `owner` (a new one, one whose holder's lease ran out, or the owner's own
   * from an earlier attempt). Throws {@link DeliveryInProgressError} while another holder's lease runs.
   */
  async begin(key: string, owner: string, leaseMs: number, now: number, signal?: AbortSignal): Promise<void> {
    const taken = await this.table.conditionally(
      this.table.put(
        {
          Item: {
            id: `delivery#${key}`,
            state: 'delivering',
            owner,
            leaseUntil: now + leaseMs,
            expiration: ttl(now),
          },
          ConditionExpression:
            'attribute_not_exists(id) OR (#state = :delivering AND (#owner = :owner OR leaseUntil < :now))',
          ExpressionAttributeNames: { '#state': 'state', '#owner': 'owner' },
          ExpressionAttributeValues: { ':delivering': 'delivering', ':owner': owner, ':now': now },
        },
        signal,
      ),
    );
    if (!taken)
      throw new DeliveryInProgressError(
        `delivery ${key} is being handled by another invocation; retry later`,
      );
  }

  /** Records the outcome; replays then return it. A failure here is the caller's to log, not to throw. */
  async finish(
    key: string,
    owner: string,
    outcome: DeliveryOutcome,
    now: number,
    signal?: AbortSignal,
  ): Promise<void> {
    await this.table.put(
      {
        Item: { id: `delivery#${key}`, state: 'done', owner, leaseUntil: now, outcome, expiration: ttl(now) },
      },
      signal,
    );
  }

  /** A batch's record, if any. */
  async batch(key: string, index: number, signal?: AbortSignal): Promise<BatchRecord | undefined> {
    return parseItem(
      batchSchema,
      await this.table.get(`delivery#${key}#${index}`, signal, { ConsistentRead: true }),
    );
  }

  /**
   * Claims a batch for sending, on top of what was read (`prior`): only one claimer wins, and a
   * claim changed since it was read fails with {@link DeliveryInProgressError}.
   */
  async claim(
    key: string,
    index: number,
    claim: { owner: string; leaseMs: number; ambiguous: number; prior: BatchRecord | undefined },
    now: number,
    signal?: AbortSignal,
  ): Promise<BatchRecord> {
    const { prior } = claim;
    const record: BatchRecord = {
      state: 'claimed',
      owner: claim.owner,
      leaseUntil: now + claim.leaseMs,
      ambiguous: claim.ambiguous,
      version: (prior?.version ?? 0) + 1,
    };
    const claimed = await this.table.conditionally(
      this.table.put(
        {
          Item: { id: `delivery#${key}#${index}`, ...record, expiration: ttl(now) },
          ConditionExpression: prior ? 'version = :version' : 'attribute_not_exists(id)',
          ...(prior ? { ExpressionAttributeValues: { ':version': prior.version } } : {}),
        },
        signal,
      ),
    );
    if (!claimed)
      throw new DeliveryInProgressError(`batch ${index} of ${key} was claimed by another invocation`);
    return record;
  }

  /** Marks a claimed batch: SES accepted it (with its message id), refused it, or its fate is unknown. */
  async mark(
    key: string,
    index: number,
    claimed: BatchRecord,
    change:
      | { state: 'sent'; messageId: string }
      | { state: 'unsent' }
      | { state: 'claimed'; ambiguous: number },
    now: number,
    signal?: AbortSignal,
  ): Promise<void> {
    await this.table.put(
      {
        Item: {
          id: `delivery#${key}#${index}`,
          ...claimed,
          ...change,
          leaseUntil: change.state === 'claimed' ? claimed.leaseUntil : now,
          version: claimed.version + 1,
          expiration: ttl(now),
        },
      },
      signal,
    );
  }

  /**
   * Claims `key` once (the report's failure notice): true for the first caller only. Unlike
   * {@link once} nothing is recorded after: the notice is best effort and never replayed.
   */
  async claimOnce(key: string, now: number, signal?: AbortSignal): Promise<boolean> {
    return this.table.conditionally(
      this.table.put(
        {
          Item: { id: `once#${key}`, claimedAt: now, expiration: ttl(now) },
          ConditionExpression: 'attribute_not_exists(id)',
        },
        signal,
      ),
    );
  }
}

/** The TTL of a ledger item written at `now` (epoch ms). */
function ttl(now: number): number {
  return expiresAt(now, KEEP_SECONDS);
}

function describe(err: unknown): string {
  const e = toError(err);
  return `${e.name}${e.message ? `: ${e.message.split('\n')[0]}` : ''}`;
}
