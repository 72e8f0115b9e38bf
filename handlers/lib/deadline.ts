/** What a Lambda context tells about time. */
export interface TimeLeft {
  getRemainingTimeInMillis(): number;
}

/** Time the mandatory work (the ledger, SES) keeps for itself out of the invocation. */
export const DELIVERY_RESERVE_MS = 12_000;
/** Stop everything this long before Lambda would, so a hang throws and the retry can happen. */
export const SAFETY_MS = 1_500;

/** The two deadlines of an invocation, as abort signals for SDK calls. */
export interface Deadlines {
  /** For best-effort work (Cost Explorer, Organizations, the cache): it leaves the reserve for delivery. */
  readonly bestEffort: AbortSignal;
  /** For mandatory work: just before Lambda's own timeout. */
  readonly mandatory: AbortSignal;
  /** Milliseconds left before the mandatory deadline. */
  remainingMs(): number;
}

/**
 * The deadlines of an invocation from `context.getRemainingTimeInMillis()`: best-effort work must
 * end {@link DELIVERY_RESERVE_MS} before the end, so the email still goes out with the missing
 * details named; mandatory work ends {@link SAFETY_MS} before it, so that a hang throws in time.
 */
export function deadlinesFrom(context: TimeLeft | undefined, reserveMs = DELIVERY_RESERVE_MS): Deadlines {
  const remaining = context?.getRemainingTimeInMillis() ?? 15 * 60_000;
  const start = Date.now();
  const mandatoryMs = Math.max(0, remaining - SAFETY_MS);
  return {
    bestEffort: AbortSignal.timeout(Math.max(0, remaining - reserveMs)),
    mandatory: AbortSignal.timeout(mandatoryMs),
    remainingMs: () => Math.max(0, mandatoryMs - (Date.now() - start)),
  };
}

/** Waits `ms`, or rejects as soon as `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

/** Rounds of retrying what DynamoDB left unprocessed (throttling) before giving up. */
export const UNPROCESSED_ROUNDS = 6;

/**
 * Sends `first` through `send`, then what it answered as unprocessed again after a backoff
 * (100 ms, 200 ms, …), until nothing is left; after {@link UNPROCESSED_ROUNDS} rounds throws
 * `giveUp(left)`. The shape of DynamoDB's batch calls (unprocessed keys or items come back).
 */
export async function untilProcessed<T>(
  first: T[],
  giveUp: (left: number) => Error,
  signal: AbortSignal | undefined,
  send: (pending: T[]) => Promise<T[]>,
): Promise<void> {
  let pending = first;
  for (let round = 0; pending.length > 0; round++) {
    if (round >= UNPROCESSED_ROUNDS) throw giveUp(pending.length);
    if (round > 0) await pause(50 * 2 ** round, signal);
    pending = await send(pending);
  }
}
