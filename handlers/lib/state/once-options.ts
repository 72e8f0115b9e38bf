// What the delivery ledger's `once` is told (who delivers, the lease, the clock, the payload's
// fingerprint) and what it ends in: this invocation's work, or the first delivery's outcome.

import type { DeliveryOutcome } from './delivery-records.js';

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
  /**
   * A hash of what is delivered (the event's payload). A delivery of the same key with another
   * fingerprint is not a replay: it is delivered under `<key>#<fingerprint>` and `conflict` is told.
   */
  readonly fingerprint?: string;
  /** Told the earlier delivery's fingerprint when the key was delivered before with another payload. */
  readonly conflict?: (earlierFingerprint: string) => Promise<void>;
}

/** What {@link DeliveryLedger.once} ended in: this invocation's work, or the first delivery's outcome. */
export type Once<T> =
  | { readonly replayed: false; readonly value: T }
  | { readonly replayed: true; readonly outcome: DeliveryOutcome; readonly owner: string };
