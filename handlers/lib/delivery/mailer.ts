import type { Logger } from '@aws-lambda-powertools/logger';
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { pause } from '../deadline.js';
import { singleLine } from '../email/format.js';
import { toError } from '../result.js';
import { type BatchRecord, DeliveryInProgressError, type DeliveryLedger } from '../state/delivery-ledger.js';
import { fieldsOf } from '../unknown-values.js';

/** SES v2 takes at most 50 recipients per message (To, CC and BCC together). */
export const MAX_RECIPIENTS_PER_MESSAGE = 50;
/** Copies of one batch that may go out when SES's answer was lost: the first send and one retry. */
export const MAX_COPIES = 2;
/** Throttled sends (SES did not accept them) retried within one invocation. */
const THROTTLE_RETRIES = 3;

/** Sending failed; the handler lets it out so Lambda retries and the dead-letter queue keeps the event. */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
}

/** One email to send. */
export interface OutgoingEmail {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly configurationSetName?: string;
  /** Tags for SES event publishing (bounces, complaints) by kind of email. */
  readonly tags?: Readonly<Record<string, string>>;
}

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
  readonly clock: () => number;
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

/** How SES answered one SendEmail. */
type SendOutcome =
  | { kind: 'accepted'; messageId: string }
  | { kind: 'throttled' | 'refused' | 'unknown'; error: Error };

/**
 * Sends one email as one SES message per ≤ 50 recipients, exactly once per batch (its own
 * claim/send/mark sequence per batch, not the ledger's `once`: a batch is claimed on a version,
 * may be re-sent once when SES's answer was lost, and counts those copies): each batch is
 * claimed in the ledger before it is sent and marked with SES's message id after, so a retry skips
 * what SES accepted. SendEmail is never re-sent blindly: throttling (not accepted) is retried;
 * an answer lost to a timeout, a reset or a 5xx (SES may have accepted) is retried at most once
 * and logged as a possible duplicate — at most {@link MAX_COPIES} copies ever go out.
 */
export async function deliverEmail(
  ses: SESv2Client,
  email: OutgoingEmail,
  ctx: DeliveryContext,
): Promise<Delivered> {
  if (email.to.length === 0) throw new DeliveryError('no recipients: configure email.centralRecipients');
  const messageIds: string[] = [];
  const earlierOwners: string[] = [];
  const batches = recipientBatches(email.to);
  for (const [index, batch] of batches.entries()) {
    const prior = await ctx.ledger.batch(ctx.key, index, ctx.signal);
    if (prior?.state === 'sent' && prior.messageId) {
      messageIds.push(prior.messageId);
      earlierOwners.push(prior.owner);
      continue;
    }
    let ambiguous = prior?.ambiguous ?? 0;
    if (prior?.state === 'claimed') {
      if (prior.owner !== ctx.owner && prior.leaseUntil > ctx.clock()) {
        throw new DeliveryInProgressError(`batch ${index} of ${ctx.key} is being sent by another invocation`);
      }
      // A send whose answer was never recorded (the invocation died or timed out): SES may have it.
      ambiguous += 1;
      ctx.logger.warn('possible duplicate: resending a batch whose earlier send has no recorded answer', {
        key: ctx.key,
        batch: index,
      });
    }
    messageIds.push(await sendBatch(ses, email, batch, index, ambiguous, prior, ctx));
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
    const outcome = await sendOnce(ses, email, batch, signal);
    if (outcome.kind !== 'accepted')
      throw new DeliveryError(`SES did not take the notice: ${describe(outcome.error)}`);
    ids.push(outcome.messageId);
  }
  return ids;
}

async function sendBatch(
  ses: SESv2Client,
  email: OutgoingEmail,
  batch: string[],
  index: number,
  ambiguousSoFar: number,
  prior: BatchRecord | undefined,
  ctx: DeliveryContext,
): Promise<string> {
  let ambiguous = ambiguousSoFar;
  if (ambiguous >= MAX_COPIES) {
    throw new DeliveryError(
      `batch ${index + 1} (${batch.length} recipients): SES may already have accepted it ${ambiguous} times without answering; not sent again`,
    );
  }
  const claimed = await ctx.ledger.claim(
    ctx.key,
    index,
    { owner: ctx.owner, leaseMs: ctx.leaseMs, ambiguous, prior },
    ctx.clock(),
    ctx.signal,
  );
  for (let throttled = 0; ; ) {
    const outcome = await sendOnce(ses, email, batch, ctx.signal);
    if (outcome.kind === 'accepted') {
      await ctx.ledger
        .mark(
          ctx.key,
          index,
          claimed,
          { state: 'sent', messageId: outcome.messageId },
          ctx.clock(),
          ctx.signal,
        )
        .catch((err: unknown) =>
          // SES has it: never throw now, or a retry would send it again.
          ctx.logger.error('SES accepted the batch but the ledger could not record it', {
            key: ctx.key,
            batch: index,
            messageId: outcome.messageId,
            error: toError(err),
          }),
        );
      return outcome.messageId;
    }
    if (outcome.kind === 'throttled' && throttled < THROTTLE_RETRIES) {
      throttled += 1;
      await pause(200 * 2 ** throttled, ctx.signal);
      continue;
    }
    if (outcome.kind === 'unknown') {
      ambiguous += 1;
      await ctx.ledger
        .mark(ctx.key, index, claimed, { state: 'claimed', ambiguous }, ctx.clock(), ctx.signal)
        .catch((err: unknown) =>
          ctx.logger.warn('could not record an unknown send outcome', { error: toError(err) }),
        );
      const timeLeft = ctx.remainingMs?.() ?? Number.POSITIVE_INFINITY;
      if (ambiguous < MAX_COPIES && timeLeft > 6_000) {
        ctx.logger.warn('possible duplicate: SES did not answer; sending the batch once more', {
          key: ctx.key,
          batch: index,
          error: outcome.error,
        });
        continue;
      }
      throw new DeliveryError(
        `SES did not answer for batch ${index + 1} (${batch.length} recipients): ${describe(outcome.error)}`,
        { cause: outcome.error },
      );
    }
    await ctx.ledger
      .mark(ctx.key, index, claimed, { state: 'unsent' }, ctx.clock(), ctx.signal)
      .catch((err: unknown) => ctx.logger.warn('could not record a refused send', { error: toError(err) }));
    throw new DeliveryError(
      `SES refused batch ${index + 1} (${batch.length} recipients): ${describe(outcome.error)}`,
      { cause: outcome.error },
    );
  }
}

async function sendOnce(
  ses: SESv2Client,
  email: OutgoingEmail,
  batch: string[],
  signal: AbortSignal | undefined,
): Promise<SendOutcome> {
  try {
    const out = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: email.from,
        Destination: { ToAddresses: batch },
        Content: {
          Simple: {
            // Subjects are headers: one line, no control, format or bidi characters.
            Subject: { Data: singleLine(email.subject, 250), Charset: 'UTF-8' },
            Body: {
              Html: { Data: email.html, Charset: 'UTF-8' },
              Text: { Data: email.text, Charset: 'UTF-8' },
            },
          },
        },
        ...(email.configurationSetName ? { ConfigurationSetName: email.configurationSetName } : {}),
        ...(email.tags
          ? { EmailTags: Object.entries(email.tags).map(([Name, Value]) => ({ Name, Value })) }
          : {}),
      }),
      signal ? { abortSignal: signal } : {},
    );
    if (!out.MessageId) return { kind: 'unknown', error: new Error('SES answered without a MessageId') };
    return { kind: 'accepted', messageId: out.MessageId };
  } catch (thrown) {
    const error = toError(thrown);
    const code = fieldsOf(fieldsOf(thrown).$metadata).httpStatusCode;
    const status = typeof code === 'number' ? code : undefined;
    if (status === 429 || /TooManyRequests|Throttl/.test(error.name)) return { kind: 'throttled', error };
    // A 4xx is SES refusing the message: nothing was accepted. Anything else may have been.
    if (status !== undefined && status >= 400 && status < 500) return { kind: 'refused', error };
    return { kind: 'unknown', error };
  }
}

function describe(err: Error): string {
  return `${err.name}${err.message ? `: ${err.message.split('\n')[0]}` : ''}`;
}
