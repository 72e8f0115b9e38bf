// What the delivery ledger keeps in the state table, as schemas and the types read back through
// them: a delivery's record with its outcome, and a recipient batch's record.

import * as z from 'zod/mini';

const outcomeSchema = z.lazy(() =>
  z.object({
    status: z.enum(['sent', 'suppressed', 'skipped', 'rejected']),
    reason: z.optional(z.string()),
    recipients: z.array(z.string()),
    subject: z.optional(z.string()),
    messageIds: z.array(z.string()),
  }),
);

/** The schema of a delivery record as read back (see {@link DeliveryRecord}). */
export const deliverySchema = z.lazy(() =>
  z.object({
    state: z.enum(['delivering', 'done']),
    owner: z.string(),
    leaseUntil: z.number(),
    outcome: z.optional(outcomeSchema),
    /** A hash of the event delivered (absent in records written before it was kept). */
    fingerprint: z.optional(z.string()),
  }),
);

/** The schema of a batch record as read back (see {@link BatchRecord}). */
export const batchSchema = z.lazy(() =>
  z.object({
    state: z.enum(['claimed', 'unconfirmed', 'sent', 'unsent']),
    owner: z.string(),
    leaseUntil: z.number(),
    /** Sends of this batch whose answer was lost (timeout, reset, 5xx), over every attempt. */
    unanswered: z.optional(z.number()),
    /** Wall-clock time (epoch ms) of the claim, and of the last send whose answer was lost. */
    claimedAt: z.optional(z.number()),
    sentAt: z.optional(z.number()),
    messageId: z.optional(z.string()),
    version: z.number(),
  }),
);

/** The summary kept for replays: what was decided and which messages SES accepted. */
export type DeliveryOutcome = z.infer<typeof outcomeSchema>;

/**
 * What the ledger knows about one delivery (an event, a report run, a notice): `owner` is the
 * Lambda request that delivers or delivered it (retries of one async invoke share it), holding it
 * until `leaseUntil` (epoch ms); `outcome` once done.
 */
export type DeliveryRecord = z.infer<typeof deliverySchema>;

/**
 * One ≤ 50-recipient batch of an email. `claimed`: being sent (a claim whose holder died leaves the
 * send's fate unknown); `unconfirmed`: sent at `sentAt` but SES's answer was lost, waiting for SES's
 * own Send event (see {@link SendEvidence}); `sent`: SES accepted it (its answer or its event said
 * so); `unsent`: SES refused it.
 */
export type BatchRecord = z.infer<typeof batchSchema>;
