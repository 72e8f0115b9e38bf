import type { PagedCosts } from '../costs/cost-queries.js';
import type { SharedFigures } from './burst-figures.js';

/** The shared queries of a batch: every joined account's answer (`costs/window-figures.ts` `getWindowCosts`). */
export type WindowQuery = (accountIds: readonly string[]) => Promise<ReadonlyMap<string, PagedCosts>>;

/**
 * How long the window waits, from the first account that joins, for the batch's other alarms to
 * join or finish without figures (a replay, a suppressed or rejected alarm never joins): past it the
 * queries start with the accounts that joined, and later alarms ask alone.
 */
export const BATCH_JOIN_WAIT_MS = 5_000;

/** One alarm's place in the window: its share of the figures, and its word that it needs none. */
export interface WindowMember extends SharedFigures {
  /** The alarm finished (or failed) without joining; a no-op once it joined. */
  leave(): void;
}

/**
 * The Cost Explorer queries of one batch of alarms, made once for every account that needs figures
 * (SQS hands the alarm function a batch; each alarm runs through its own ledger entry and noise
 * control at the same time). The window closes when each of the batch's alarms has either joined
 * (asked for its account's figures) or left (finished without asking), or
 * {@link BATCH_JOIN_WAIT_MS} after the first joined; then it queries once for all the accounts that
 * joined and hands each alarm its own account's answer. An account alone in its window asks alone
 * (its one request is cheaper than the window's two); an alarm that comes after the window closed
 * asks alone; when the shared queries fail, every alarm that joined gets the failure (its email
 * says the figures are missing, as an alarm's own failed request would).
 */
export class BatchWindow {
  private readonly waiting: Set<string>;
  private readonly accounts = new Set<string>();
  private started = false;
  private timer: NodeJS.Timeout | undefined;
  private start!: (accounts: readonly string[]) => void;
  /** The answers, once the window closed and its queries came back (undefined: ask alone). */
  private readonly answers: Promise<ReadonlyMap<string, PagedCosts> | undefined>;

  constructor(
    /** The alarms the window waits for (each item's id). */
    members: Iterable<string>,
    query: WindowQuery,
    private readonly joinWaitMs = BATCH_JOIN_WAIT_MS,
  ) {
    this.waiting = new Set(members);
    const closed = new Promise<readonly string[]>((resolve) => {
      this.start = resolve;
    });
    this.answers = closed.then((accounts) => (accounts.length > 1 ? query(accounts) : undefined));
    // Nobody may be waiting when the queries fail (every alarm gave up): not an unhandled rejection.
    this.answers.catch(() => undefined);
  }

  /** The place of the alarm with this id (a duplicate of another item waits for none). */
  member(id: string): WindowMember {
    return {
      answerFor: async (accountId, signal) => {
        if (this.started) return undefined;
        this.accounts.add(accountId);
        this.arrived(id);
        this.timer ??= setTimeout(() => this.close(), this.joinWaitMs);
        signal.throwIfAborted();
        const aborted = new Promise<never>((_, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
        );
        aborted.catch(() => undefined);
        const answers = await Promise.race([this.answers, aborted]);
        return answers?.get(accountId);
      },
      leave: () => this.arrived(id),
    };
  }

  private arrived(id: string): void {
    this.waiting.delete(id);
    if (this.waiting.size === 0 && this.accounts.size > 0) this.close();
  }

  private close(): void {
    if (this.started) return;
    this.started = true;
    clearTimeout(this.timer);
    this.start([...this.accounts].sort());
  }
}
