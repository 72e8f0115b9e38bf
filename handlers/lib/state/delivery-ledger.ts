import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type PutCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { toError } from '../result.js';

/** How long the ledger keeps what it knows about a delivery. */
const KEEP_SECONDS = 7 * 24 * 3600;

/** The state table did not answer: the caller throws so that Lambda retries. */
export class LedgerUnavailableError extends Error {
  override readonly name = 'LedgerUnavailableError';
}

/** Another invocation is delivering the same event right now: retry later (never a failure notice). */
export class DeliveryInProgressError extends Error {
  override readonly name = 'DeliveryInProgressError';
}

/** What the ledger knows about one delivery (an event, a report run, a notice). */
export interface DeliveryRecord {
  readonly state: 'delivering' | 'done';
  /** The Lambda request that delivers or delivered it: retries of one async invoke share it. */
  readonly owner: string;
  /** Until when the owner holds it (epoch ms). */
  readonly leaseUntil: number;
  /** The outcome, once done. */
  readonly outcome?: DeliveryOutcome;
}

/** The summary kept for replays: what was decided and which messages SES accepted. */
export interface DeliveryOutcome {
  readonly status: 'sent' | 'suppressed' | 'skipped' | 'rejected';
  readonly reason?: string;
  readonly recipients: string[];
  readonly subject?: string;
  readonly messageIds: string[];
}

/** One ≤ 50-recipient batch of an email. */
export interface BatchRecord {
  /** `claimed`: being sent (or the send's fate is unknown); `sent`: SES accepted it; `unsent`: SES refused it. */
  readonly state: 'claimed' | 'sent' | 'unsent';
  readonly owner: string;
  readonly leaseUntil: number;
  /** Sends whose outcome was unknown (timeout, reset, 5xx): at most two copies ever go out. */
  readonly ambiguous: number;
  readonly messageId?: string;
  readonly version: number;
}

/**
 * The delivery ledger in the state table: one record per delivery and one per recipient batch.
 * A batch is claimed (conditional put) before it is sent and marked with SES's message id after,
 * so a retry — Lambda's, EventBridge's, or a duplicate event — skips what SES already accepted.
 */
export class DeliveryLedger {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    private readonly signal?: () => AbortSignal | undefined,
  ) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  /** The delivery's record, if any. */
  async delivery(key: string): Promise<DeliveryRecord | undefined> {
    return (await this.get(`delivery#${key}`)) as DeliveryRecord | undefined;
  }

  /**
   * Takes the delivery for `owner` (a new one, one whose holder's lease ran out, or the owner's own
   * from an earlier attempt). Throws {@link DeliveryInProgressError} while another holder's lease runs.
   */
  async begin(key: string, owner: string, leaseMs: number, now: number): Promise<void> {
    try {
      await this.put({
        TableName: this.tableName,
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
      });
    } catch (err) {
      if (isConditionFailure(err)) {
        throw new DeliveryInProgressError(
          `delivery ${key} is being handled by another invocation; retry later`,
        );
      }
      throw err;
    }
  }

  /** Records the outcome; replays then return it. A failure here is the caller's to log, not to throw. */
  async finish(key: string, owner: string, outcome: DeliveryOutcome, now: number): Promise<void> {
    await this.put({
      TableName: this.tableName,
      Item: { id: `delivery#${key}`, state: 'done', owner, leaseUntil: now, outcome, expiration: ttl(now) },
    });
  }

  /** A batch's record, if any. */
  async batch(key: string, index: number): Promise<BatchRecord | undefined> {
    return (await this.get(`delivery#${key}#${index}`)) as BatchRecord | undefined;
  }

  /**
   * Claims a batch for sending, on top of what was read (`prior`): only one claimer wins, and a
   * claim changed since it was read fails with {@link DeliveryInProgressError}.
   */
  async claim(
    key: string,
    index: number,
    owner: string,
    leaseMs: number,
    ambiguous: number,
    prior: BatchRecord | undefined,
    now: number,
  ): Promise<BatchRecord> {
    const record: BatchRecord = {
      state: 'claimed',
      owner,
      leaseUntil: now + leaseMs,
      ambiguous,
      version: (prior?.version ?? 0) + 1,
    };
    try {
      await this.put({
        TableName: this.tableName,
        Item: { id: `delivery#${key}#${index}`, ...record, expiration: ttl(now) },
        ConditionExpression: prior ? 'version = :version' : 'attribute_not_exists(id)',
        ...(prior ? { ExpressionAttributeValues: { ':version': prior.version } } : {}),
      });
    } catch (err) {
      if (isConditionFailure(err)) {
        throw new DeliveryInProgressError(`batch ${index} of ${key} was claimed by another invocation`);
      }
      throw err;
    }
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
  ): Promise<void> {
    await this.put({
      TableName: this.tableName,
      Item: {
        id: `delivery#${key}#${index}`,
        ...claimed,
        ...change,
        leaseUntil: change.state === 'claimed' ? claimed.leaseUntil : now,
        version: claimed.version + 1,
        expiration: ttl(now),
      },
    });
  }

  /** Claims `key` once (a notice, a digest): true for the first caller only. */
  async claimOnce(key: string, now: number): Promise<boolean> {
    try {
      await this.put({
        TableName: this.tableName,
        Item: { id: `once#${key}`, claimedAt: now, expiration: ttl(now) },
        ConditionExpression: 'attribute_not_exists(id)',
      });
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /** Whether `key` was marked done (e.g. a month's pace notice), for as long as its mark is kept. */
  async isDone(key: string): Promise<boolean> {
    return (await this.get(`mark#${key}`)) !== undefined;
  }

  /**
   * Marks `key` done for `keepSeconds` (longer than the delivery records' week: a pace notice is
   * once per month). Set after the delivery, so a crash in between re-finds the sent batch instead.
   */
  async markDone(key: string, now: number, keepSeconds: number): Promise<void> {
    await this.put({
      TableName: this.tableName,
      Item: { id: `mark#${key}`, markedAt: now, expiration: Math.floor(now / 1000) + keepSeconds },
    });
  }

  /** Adds `member` to a string set and returns the set's new size, if the condition holds. */
  async addToSet(
    id: string,
    attribute: string,
    member: string,
    now: number,
    cap?: number,
  ): Promise<number | undefined> {
    try {
      const out = await this.update({
        TableName: this.tableName,
        Key: { id },
        UpdateExpression: 'ADD #set :member SET expiration = :expiration',
        ...(cap !== undefined
          ? { ConditionExpression: 'attribute_not_exists(#set) OR size(#set) < :cap OR contains(#set, :one)' }
          : {}),
        ExpressionAttributeNames: { '#set': attribute },
        ExpressionAttributeValues: {
          ':member': new Set([member]),
          ':expiration': ttl(now),
          ...(cap !== undefined ? { ':cap': cap, ':one': member } : {}),
        },
        ReturnValues: 'ALL_NEW',
      });
      const set = out.Attributes?.[attribute] as Set<string> | undefined;
      return set?.size ?? 0;
    } catch (err) {
      if (cap !== undefined && isConditionFailure(err)) return undefined;
      throw err;
    }
  }

  private async get(id: string): Promise<Record<string, unknown> | undefined> {
    const out = await this.guard(
      this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: { id }, ConsistentRead: true }),
        this.options(),
      ),
    );
    return out.Item;
  }

  private put(input: PutCommandInput) {
    return this.guard(this.doc.send(new PutCommand(input), this.options()));
  }

  private update(input: UpdateCommandInput) {
    return this.guard(this.doc.send(new UpdateCommand(input), this.options()));
  }

  /** Every ledger call carries the caller's deadline. */
  private options(): { abortSignal?: AbortSignal } {
    const signal = this.signal?.();
    return signal ? { abortSignal: signal } : {};
  }

  /** A failed call names the table; a refused condition stays what it is, for the caller to read. */
  private async guard<T>(call: Promise<T>): Promise<T> {
    try {
      return await call;
    } catch (err) {
      if (isConditionFailure(err)) throw err;
      throw new LedgerUnavailableError(`the state table did not answer: ${describe(err)}`, { cause: err });
    }
  }
}

/** The TTL of a ledger item written at `now` (epoch ms). */
function ttl(now: number): number {
  return Math.floor(now / 1000) + KEEP_SECONDS;
}

/** Whether DynamoDB refused a conditional write. */
export function isConditionFailure(err: unknown): boolean {
  return (
    err instanceof ConditionalCheckFailedException || toError(err).name === 'ConditionalCheckFailedException'
  );
}

function describe(err: unknown): string {
  const e = toError(err);
  return `${e.name}${e.message ? `: ${e.message.split('\n')[0]}` : ''}`;
}
