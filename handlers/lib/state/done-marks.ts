import { DeliveryInProgressError, expiresAt, isConditionFailure, type StateTable } from './table.js';

/**
 * "Done" marks in the state table (`mark#<key>`, with `claim#<key>` for claimed sends): work that
 * is done once and then remembered for a while — chat posts, automation events, a month's pace
 * notice — apart from the delivery records of emails.
 */
export class DoneMarks {
  constructor(private readonly table: StateTable) {}

  /**
   * Does `work` unless `key` is marked done, then marks it for `keepSeconds` (chat channels, the
   * automation events, a month's pace notice). No lease: the work's own sends are idempotent or
   * claimed (an email's batches), so a retry that re-runs it repeats nothing SES accepted.
   */
  async onceMarked(
    key: string,
    options: { readonly now: () => number; readonly keepSeconds: number; readonly signal?: AbortSignal },
    work: () => Promise<boolean | undefined>,
  ): Promise<'done' | 'already' | 'skipped'> {
    if (await this.isMarked(key, options.signal)) return 'already';
    // The work may decline (false): nothing is marked, a later run may do it.
    if ((await work()) === false) return 'skipped';
    // Set after the work, so a crash in between re-finds the sent batch instead.
    await this.markKey(key, options);
    return 'done';
  }

  /**
   * Does `work` once per `key` for sends that carry no idempotency key of their own (a webhook
   * post): unless marked done, the send is claimed first with a lease (a concurrent duplicate finds
   * the claim and throws {@link DeliveryInProgressError}, posting nothing; Lambda retries it and
   * it then finds the mark); a failed attempt releases the claim for a retry, at most `maxAttempts`
   * attempts in all (a webhook that accepted and then failed may post twice: `onRetry` logs it).
   */
  async onceClaimed(
    key: string,
    options: {
      readonly now: () => number;
      readonly keepSeconds: number;
      readonly leaseMs: number;
      readonly maxAttempts: number;
      readonly signal?: AbortSignal;
      readonly onRetry?: (attempt: number) => void;
    },
    work: () => Promise<void>,
  ): Promise<'done' | 'already'> {
    if (await this.isMarked(key, options.signal)) return 'already';
    const now = options.now();
    let attempt: number;
    try {
      const out = await this.table.update(
        {
          Key: { id: `claim#${key}` },
          UpdateExpression: 'SET leaseUntil = :until, expiration = :expiration ADD attempts :one',
          ConditionExpression: 'attribute_not_exists(id) OR leaseUntil < :now',
          ExpressionAttributeValues: {
            ':until': now + options.leaseMs,
            ':expiration': expiresAt(now, options.keepSeconds),
            ':one': 1,
            ':now': now,
          },
          ReturnValues: 'ALL_NEW',
        },
        options.signal,
      );
      const kept = out.Attributes?.attempts;
      attempt = typeof kept === 'number' ? kept : 1;
    } catch (err) {
      if (isConditionFailure(err))
        throw new DeliveryInProgressError(`${key} is being sent by another invocation`);
      throw err;
    }
    if (attempt > options.maxAttempts)
      throw new Error(
        `${key}: gave up after ${options.maxAttempts} attempts (no idempotency key to send again safely)`,
      );
    if (attempt > 1) options.onRetry?.(attempt);
    try {
      await work();
    } catch (err) {
      // Released for a retry; the attempt stays counted.
      await this.table
        .update(
          {
            Key: { id: `claim#${key}` },
            UpdateExpression: 'SET leaseUntil = :zero',
            ExpressionAttributeValues: { ':zero': 0 },
          },
          options.signal,
        )
        .catch(() => undefined);
      throw err;
    }
    await this.markKey(key, options);
    return 'done';
  }

  /** Whether `key` was marked done (and the mark has not expired). */
  private async isMarked(key: string, signal?: AbortSignal): Promise<boolean> {
    return (await this.table.get(`mark#${key}`, signal, { ConsistentRead: true })) !== undefined;
  }

  /** Marks `key` done for `keepSeconds`. */
  private async markKey(
    key: string,
    options: { readonly now: () => number; readonly keepSeconds: number; readonly signal?: AbortSignal },
  ): Promise<void> {
    await this.table.put(
      {
        Item: {
          id: `mark#${key}`,
          markedAt: options.now(),
          expiration: expiresAt(options.now(), options.keepSeconds),
        },
      },
      options.signal,
    );
  }
}
