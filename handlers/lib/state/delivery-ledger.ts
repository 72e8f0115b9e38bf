import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { toError } from '../result.js';
import { deliveryItem, type Holder, holderOf, ttl } from './delivery-items.js';
import {
  type BatchRecord,
  batchSchema,
  type DeliveryOutcome,
  type DeliveryRecord,
  deliverySchema,
} from './delivery-records.js';
import { DoneMarks } from './done-marks.js';
import type { Once, OnceOptions } from './once-options.js';
import { SendEvidence, type SendEvidenceRecord } from './send-evidence.js';
import { DeliveryInProgressError, LedgerUnavailableError, parseItem, StateTable } from './table.js';

/**
 * The delivery ledger in the state table: one record per delivery and one per recipient batch.
 * A batch is claimed (conditional put) before it is sent and marked with SES's message id after,
 * so a retry — Lambda's, EventBridge's, or a duplicate event — skips what SES already accepted.
 */
export class DeliveryLedger {
  private readonly table: StateTable;
  private readonly marks: DoneMarks;
  private readonly evidence: SendEvidence;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new StateTable(
      client,
      tableName,
      (err) => new LedgerUnavailableError(`the state table did not answer: ${describe(err)}`, { cause: err }),
    );
    this.marks = new DoneMarks(this.table);
    this.evidence = new SendEvidence(this.table);
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
    const { fingerprint } = options;
    if (fingerprint && earlier?.fingerprint && earlier.fingerprint !== fingerprint) {
      // The same id with another payload: another event, told apart, delivered on its own key.
      await options.conflict?.(earlier.fingerprint);
      const { conflict: _told, ...rest } = options;
      return this.once(`${key}#${fingerprint}`, rest, work);
    }
    if (earlier?.state === 'done' && earlier.outcome)
      return { replayed: true, outcome: earlier.outcome, owner: earlier.owner };
    const at = { owner: options.owner, ...(fingerprint ? { fingerprint } : {}) };
    await this.begin(key, at, options.leaseMs, options.now(), options.signal);
    let done: Awaited<ReturnType<typeof work>>;
    try {
      done = await work();
    } catch (err) {
      // This invocation ends here: a redrive (another request id) need not wait for the lease.
      await this.release(key, options.owner, options.now(), options.signal).catch(() => undefined);
      throw err;
    }
    const { outcome, value } = done;
    await this.finish(key, at, outcome, options.now(), options.signal).catch((err: unknown) =>
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
  async begin(key: string, by: Holder, leaseMs: number, now: number, signal?: AbortSignal): Promise<void> {
    const { owner } = holderOf(by);
    const taken = await this.table.conditionally(
      this.table.put(
        {
          Item: deliveryItem(key, by, now, { state: 'delivering', leaseUntil: now + leaseMs }),
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

  /** Gives up `owner`'s hold on an unfinished delivery (its invocation failed), so another may take it now. */
  async release(key: string, owner: string, now: number, signal?: AbortSignal): Promise<void> {
    await this.table.conditionally(
      this.table.update(
        {
          Key: { id: `delivery#${key}` },
          UpdateExpression: 'SET leaseUntil = :gone',
          ConditionExpression: '#state = :delivering AND #owner = :owner',
          ExpressionAttributeNames: { '#state': 'state', '#owner': 'owner' },
          ExpressionAttributeValues: { ':gone': now - 1, ':delivering': 'delivering', ':owner': owner },
        },
        signal,
      ),
    );
  }

  /** What SES's sending events said about the batch tagged `tag` (see {@link SendEvidence}). */
  sendEvidence(tag: string, signal?: AbortSignal): Promise<SendEvidenceRecord | undefined> {
    return this.evidence.of(tag, signal);
  }

  /** Records the outcome; replays then return it. A failure here is the caller's to log, not to throw. */
  async finish(
    key: string,
    by: Holder,
    outcome: DeliveryOutcome,
    now: number,
    signal?: AbortSignal,
  ): Promise<void> {
    await this.table.put(
      { Item: deliveryItem(key, by, now, { state: 'done', leaseUntil: now, outcome }) },
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
    claim: { owner: string; leaseMs: number; claimedAt: number; prior: BatchRecord | undefined },
    now: number,
    signal?: AbortSignal,
  ): Promise<BatchRecord> {
    const { prior } = claim;
    const record: BatchRecord = {
      state: 'claimed',
      owner: claim.owner,
      leaseUntil: now + claim.leaseMs,
      claimedAt: claim.claimedAt,
      ...(prior?.unanswered ? { unanswered: prior.unanswered } : {}),
      ...(prior?.sentAt ? { sentAt: prior.sentAt } : {}),
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

  /**
   * Marks a batch after a send (or its settling): SES accepted it (with its message id), refused
   * it, or its answer was lost at `sentAt` (`unconfirmed`). Returns the record as written.
   */
  async mark(
    key: string,
    index: number,
    claimed: BatchRecord,
    change:
      | { state: 'sent'; messageId: string }
      | { state: 'unsent' }
      | { state: 'unconfirmed'; sentAt: number; unanswered: number },
    now: number,
    signal?: AbortSignal,
  ): Promise<BatchRecord> {
    const record: BatchRecord = { ...claimed, ...change, leaseUntil: now, version: claimed.version + 1 };
    await this.table.put(
      { Item: { id: `delivery#${key}#${index}`, ...record, expiration: ttl(now) } },
      signal,
    );
    return record;
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

function describe(err: unknown): string {
  const e = toError(err);
  return `${e.name}${e.message ? `: ${e.message.split('\n')[0]}` : ''}`;
}
