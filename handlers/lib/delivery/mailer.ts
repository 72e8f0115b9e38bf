import { createHash } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { pause } from '../deadline.js';
import { toError } from '../result.js';
import type { DeliveryLedger } from '../state/delivery-ledger.js';
import type { BatchRecord } from '../state/delivery-records.js';
import { DeliveryInProgressError } from '../state/table.js';
import { describeError, type OutgoingEmail, sendOnce } from './ses-send.js';

/** SES v2 takes at most 50 recipients per message (To, CC and BCC together). */
export const MAX_RECIPIENTS_PER_MESSAGE = 50;
/** Throttled sends (SES did not accept them) retried within one invocation. */
const THROTTLE_RETRIES = 3;
/** Sends of one batch whose answers were lost, at most, in one invocation; Lambda's retries bring more. */
const UNANSWERED_PER_INVOCATION = 3;
/**
 * How long a send whose answer was lost waits for SES's Send event before it is sent again, on
 * AWS: Lambda retries a failed asynchronous invoke after about one minute, so the first retry
 * finds the window passed. SES publishes its events within seconds, best effort. See DESIGN.md.
 */
export const CONFIRM_WINDOW_MS = 60_000;
/** Longest wait for a Send event inside one invocation (its time is the alarm Lambda's concurrency). */
const CONFIRM_WAIT_MS = 10_000;
/** Time a send needs: SES's connection and request timeouts. A claim's send may land this late. */
const SEND_MS = 5_000;

/** Sending failed; the handler lets it out so Lambda retries and the dead-letter queue keeps the event. */
export class DeliveryError extends Error {
  override readonly name: string = 'DeliveryError';
}

/**
 * A batch's answer was lost and SES's Send event has not come yet, within the confirmation window:
 * the invocation fails so that Lambda's retry settles it (confirmed, or sent again after the window).
 */
export class UnconfirmedSendError extends DeliveryError {
  override readonly name = 'UnconfirmedSendError';
}

export type { OutgoingEmail };

/** What delivering one email through the ledger needs. */
export interface DeliveryContext {
  readonly ledger: DeliveryLedger;
  /** The delivery's key: the event id, the scheduled time, the notice's name. */
  readonly key: string;
  /** The Lambda request id: retries of one invocation share it. */
  readonly owner: string;
  /** How long a claim holds before another invocation may take it over. */
  readonly leaseMs: number;
  readonly logger: Logger;
  /** The clock of leases (the Lambda's, pinned by `simulate --now`). */
  readonly clock: () => number;
  /** Wall-clock time for the confirmation window: SES's events come in real time. @default Date.now */
  readonly wallClock?: () => number;
  /** @default {@link CONFIRM_WINDOW_MS} */
  readonly confirmWindowMs?: number;
  /** Aborts SES calls at the mandatory deadline. */
  readonly signal?: AbortSignal;
  /** Milliseconds left for mandatory work. */
  readonly remainingMs?: () => number;
}

/** What a delivery did: every batch's message id, and the batches sent by an earlier attempt. */
export interface Delivered {
  readonly messageIds: string[];
  /** Batches SES had already accepted before this attempt (a retry or a duplicate). */
  readonly earlier: number;
  /** Owners of those earlier batches. */
  readonly earlierOwners: string[];
}

/**
 * The message tag value of batch `index` of the delivery `key`: a fixed-length hash (SES tag values
 * take only ASCII letters, digits, `_` and `-`, at most 256 characters), the same on every copy.
 */
export function deliveryTag(key: string, index: number): string {
  return createHash('sha256').update(`${key}#${index}`).digest('hex').slice(0, 40);
}

/** Recipients without duplicates (case-insensitive), in first-seen order. */
export function uniqueRecipients(...lists: readonly (readonly string[])[]): string[] {
  const seen = new Map<string, string>();
  for (const address of lists.flat()) {
    const key = address.trim().toLowerCase();
    if (key && !seen.has(key)) seen.set(key, address.trim());
  }
  return [...seen.values()];
}

/** Splits recipients into groups SES accepts in one message. */
export function recipientBatches(recipients: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < recipients.length; i += MAX_RECIPIENTS_PER_MESSAGE) {
    out.push(recipients.slice(i, i + MAX_RECIPIENTS_PER_MESSAGE));
  }
  return out;
}

/**
 * Sends one email as one SES message per ≤ 50 recipients, exactly once per batch (its own
 * claim/send/mark sequence per batch, not the ledger's `once`): each batch is claimed in the ledger
 * before it is sent, carries its delivery tag ({@link deliveryTag}), and is marked with SES's message
 * id after, so a retry skips what SES accepted. SendEmail is never re-sent blindly: throttling (not
 * accepted) is retried with backoff; a refusal (4xx) fails the invocation for Lambda's retry; an
 * answer lost to a timeout, a reset or a 5xx (SES may have accepted) leaves the batch
 * `unconfirmed`: SES's own Send event, recorded under the tag, confirms it, and only when the
 * confirmation window passes without one is it sent again.
 */
export async function deliverEmail(
  ses: SESv2Client,
  email: OutgoingEmail,
  ctx: DeliveryContext,
): Promise<Delivered> {
  if (email.to.length === 0) throw new DeliveryError('no recipients: configure email.centralRecipients');
  const messageIds: string[] = [];
  const earlierOwners: string[] = [];
  for (const [index, batch] of recipientBatches(email.to).entries()) {
    const prior = await ctx.ledger.batch(ctx.key, index, ctx.signal);
    if (prior?.state === 'sent' && prior.messageId) {
      messageIds.push(prior.messageId);
      earlierOwners.push(prior.owner);
      continue;
    }
    if (prior?.state === 'claimed' && prior.owner !== ctx.owner && prior.leaseUntil > ctx.clock()) {
      throw new DeliveryInProgressError(`batch ${index} of ${ctx.key} is being sent by another invocation`);
    }
    if (prior?.state === 'claimed' || prior?.state === 'unconfirmed') {
      // Sent before without an answer (or the invocation died holding the claim): SES may have it.
      const sentAt = prior.state === 'unconfirmed' ? (prior.sentAt ?? 0) : (prior.claimedAt ?? 0) + SEND_MS;
      const confirmed = await awaitConfirmation(index, batch.length, sentAt, ctx);
      if (confirmed) {
        messageIds.push(await markConfirmed(index, prior, confirmed, ctx));
        earlierOwners.push(prior.owner);
        continue;
      }
    }
    messageIds.push(await sendBatch(ses, email, batch, index, prior, ctx));
  }
  return { messageIds, earlier: earlierOwners.length, earlierOwners };
}

/**
 * Sends an email without the ledger, one attempt per batch: only for the operators' notices when
 * the state table itself is down (their once-only rule falls back to the warm Lambda's memory).
 */
export async function sendWithoutLedger(
  ses: SESv2Client,
  email: OutgoingEmail,
  signal?: AbortSignal,
): Promise<string[]> {
  const ids: string[] = [];
  for (const batch of recipientBatches(email.to)) {
    const outcome = await sendOnce(ses, email, batch, undefined, signal);
    if (outcome.kind !== 'accepted')
      throw new DeliveryError(`SES did not take the notice: ${describeError(outcome.error)}`);
    ids.push(outcome.messageId);
  }
  return ids;
}

/** Sends a batch that is owed (never sent, refused, or unconfirmed past its window) until SES answers. */
async function sendBatch(
  ses: SESv2Client,
  email: OutgoingEmail,
  batch: string[],
  index: number,
  prior: BatchRecord | undefined,
  ctx: DeliveryContext,
): Promise<string> {
  const wall = ctx.wallClock ?? Date.now;
  const tag = deliveryTag(ctx.key, index);
  let record = prior;
  let unanswered = prior?.unanswered ?? 0;
  for (let throttled = 0, lost = 0; ; ) {
    const claimed = await ctx.ledger.claim(
      ctx.key,
      index,
      { owner: ctx.owner, leaseMs: ctx.leaseMs, claimedAt: wall(), prior: record },
      ctx.clock(),
      ctx.signal,
    );
    record = claimed;
    const outcome = await sendOnce(ses, email, batch, tag, ctx.signal);
    if (outcome.kind === 'accepted') return markSent(index, claimed, outcome.messageId, ctx);
    if (outcome.kind === 'throttled' && throttled < THROTTLE_RETRIES) {
      throttled += 1;
      await pause(200 * 2 ** throttled, ctx.signal);
      continue;
    }
    if (outcome.kind === 'refused' || outcome.kind === 'throttled') {
      await ctx.ledger
        .mark(ctx.key, index, claimed, { state: 'unsent' }, ctx.clock(), ctx.signal)
        .catch((err: unknown) => ctx.logger.warn('could not record a refused send', { error: toError(err) }));
      throw new DeliveryError(
        `SES refused batch ${index + 1} (${batch.length} recipients): ${describeError(outcome.error)}`,
        { cause: outcome.error },
      );
    }
    // No answer (timeout, reset, 5xx): SES may have accepted it. Its Send event will tell.
    unanswered += 1;
    lost += 1;
    const sentAt = wall();
    record = await ctx.ledger
      .mark(ctx.key, index, claimed, { state: 'unconfirmed', sentAt, unanswered }, ctx.clock(), ctx.signal)
      .catch((err: unknown) => {
        ctx.logger.warn('could not record a send without an answer', { error: toError(err) });
        return claimed;
      });
    ctx.logger.warn('SES did not answer: waiting for its Send event before sending again', {
      key: ctx.key,
      batch: index,
      tag,
      error: outcome.error,
    });
    const confirmed = await awaitConfirmation(index, batch.length, sentAt, ctx, outcome.error);
    if (confirmed) return markConfirmed(index, record, confirmed, ctx);
    const timeLeft = ctx.remainingMs?.() ?? Number.POSITIVE_INFINITY;
    if (lost >= UNANSWERED_PER_INVOCATION || timeLeft < SEND_MS + 1_000) {
      throw new DeliveryError(
        `SES did not answer for batch ${index + 1} (${batch.length} recipients): ${describeError(outcome.error)}; no Send event came within the confirmation window, ${unanswered} send(s) without an answer so far`,
        { cause: outcome.error },
      );
    }
    ctx.logger.warn('no Send event within the confirmation window: sending the batch again', {
      key: ctx.key,
      batch: index,
      tag,
    });
  }
}

/**
 * Waits for SES's own evidence that it accepted the batch sent at `sentAt` (wall clock): its
 * message id once an event arrived; `undefined` once the confirmation window passed without one
 * (the batch is owed). Waits inside this invocation at most {@link CONFIRM_WAIT_MS}, and only while
 * a send still fits before the deadline; past that it throws {@link UnconfirmedSendError} so that
 * Lambda's retry settles it.
 */
async function awaitConfirmation(
  index: number,
  recipients: number,
  sentAt: number,
  ctx: DeliveryContext,
  lastError?: Error,
): Promise<string | undefined> {
  const wall = ctx.wallClock ?? Date.now;
  const tag = deliveryTag(ctx.key, index);
  const windowEnd = sentAt + (ctx.confirmWindowMs ?? CONFIRM_WINDOW_MS);
  const timeLeft = ctx.remainingMs?.() ?? Number.POSITIVE_INFINITY;
  const waitEnd = Math.min(windowEnd, wall() + CONFIRM_WAIT_MS, wall() + timeLeft - SEND_MS - 1_000);
  for (let delay = 50; ; delay = Math.min(delay * 2, 2_000)) {
    const evidence = await ctx.ledger.sendEvidence(tag, ctx.signal);
    const messageId = evidence?.messageIds[0];
    if (messageId) return messageId;
    if (wall() >= windowEnd) return undefined;
    const left = waitEnd - wall();
    if (left <= 0) {
      throw new UnconfirmedSendError(
        `SES did not answer for batch ${index + 1} (${recipients} recipients)${lastError ? `: ${describeError(lastError)}` : ''}; waiting for its Send event until ${new Date(windowEnd).toISOString()} before sending it again`,
        ...(lastError ? [{ cause: lastError }] : []),
      );
    }
    await pause(Math.min(delay, left), ctx.signal);
  }
}

/** Records SES's answer: after SES accepted, nothing throws (a retry would send it again). */
async function markSent(index: number, claimed: BatchRecord, messageId: string, ctx: DeliveryContext) {
  await ctx.ledger
    .mark(ctx.key, index, claimed, { state: 'sent', messageId }, ctx.clock(), ctx.signal)
    .catch((err: unknown) =>
      ctx.logger.error('SES accepted the batch but the ledger could not record it', {
        key: ctx.key,
        batch: index,
        messageId,
        error: toError(err),
      }),
    );
  return messageId;
}

/** A batch whose answer was lost, confirmed by SES's own event: marked sent with that message id. */
async function markConfirmed(index: number, record: BatchRecord, messageId: string, ctx: DeliveryContext) {
  ctx.logger.info('SES confirmed a batch whose answer was lost (its Send event): not sent again', {
    key: ctx.key,
    batch: index,
    messageId,
  });
  return markSent(index, record, messageId, ctx);
}
