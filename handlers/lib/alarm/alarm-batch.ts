import * as z from 'zod/mini';
import { toError } from '../result.js';
import type { NotifyResult } from './alarm-deps.js';
import { BatchWindow, type WindowMember, type WindowQuery } from './batch-window.js';

// Built on first use, like the alarm path's other schemas (DESIGN.md, "Cold start").
const sqsBatchSchema = z.lazy(() =>
  z.object({
    Records: z.array(
      z.object({ messageId: z.string(), body: z.string(), eventSource: z.literal('aws:sqs') }),
    ),
  }),
);

/** A batch of SQS messages as Lambda's event source mapping hands it (the fields the alarm path reads). */
export type SqsBatch = z.infer<typeof sqsBatchSchema>;

/** Whether the invocation is a batch from the alarm queue (else a bare EventBridge event). */
export function isSqsBatch(event: unknown): event is SqsBatch {
  const parsed = sqsBatchSchema.safeParse(event);
  return parsed.success && parsed.data.Records.length > 0;
}

/** The answer Lambda reads with `ReportBatchItemFailures`: only these messages go back to the queue. */
export interface BatchResponse {
  readonly batchItemFailures: { readonly itemIdentifier: string }[];
}

/** One message's outcome: its event and the alarm's answer, or why it failed. */
export interface BatchItem {
  readonly messageId: string;
  readonly event: unknown;
  readonly result?: NotifyResult;
  readonly error?: string;
}

/** Runs one alarm of the batch: its event, its share of the window, its message id (its owner in the ledger). */
export type NotifyOne = (event: unknown, figures: WindowMember, messageId: string) => Promise<NotifyResult>;

/** The message's EventBridge event; a body that is not JSON is passed on as text (and rejected as no alarm). */
function eventOf(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

/** What makes two messages the same delivery: the event's id (EventBridge delivers at least once), else the message. */
function deliveryOf(event: unknown, messageId: string): string {
  const id = (event as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? `event#${id}` : `message#${messageId}`;
}

/**
 * A batch of alarms from the alarm queue: every alarm runs at once through its own ledger entry,
 * noise control and emails (`notify`, with its message id as its owner: SQS keeps it across the
 * message's receives, as Lambda kept the request id across its retries), and they share one
 * {@link BatchWindow} of Cost Explorer queries. Messages carrying the same event run one after
 * another, so the second finds the first's delivery done (`duplicate`) instead of its lease. An
 * alarm that throws is reported in `batchItemFailures` (SQS makes it visible again after the
 * visibility timeout, then the dead-letter queue); the others are deleted by Lambda.
 */
export async function notifyBatch(
  batch: SqsBatch,
  notify: NotifyOne,
  query: WindowQuery,
  logger: { error(message: string, detail: Record<string, unknown>): void },
): Promise<{ response: BatchResponse; items: BatchItem[] }> {
  const messages = batch.Records.map((r) => {
    const event = eventOf(r.body);
    return { messageId: r.messageId, event, delivery: deliveryOf(event, r.messageId) };
  });
  const chains = new Map<string, typeof messages>();
  for (const m of messages) chains.set(m.delivery, [...(chains.get(m.delivery) ?? []), m]);
  // The window waits for the first message of each delivery; the others come after it closed.
  const window = new BatchWindow(
    [...chains.values()].flatMap((chain) => (chain[0] ? [chain[0].messageId] : [])),
    query,
  );
  const run = async (m: (typeof messages)[number]): Promise<BatchItem> => {
    const member = window.member(m.messageId);
    try {
      return { messageId: m.messageId, event: m.event, result: await notify(m.event, member, m.messageId) };
    } catch (err) {
      const error = toError(err);
      logger.error('alarm of the batch failed; its message goes back to the queue', {
        messageId: m.messageId,
        error,
      });
      return { messageId: m.messageId, event: m.event, error: `${error.name}: ${error.message}` };
    } finally {
      member.leave();
    }
  };
  const done = await Promise.all(
    [...chains.values()].map(async (chain) => {
      const out: BatchItem[] = [];
      for (const m of chain) out.push(await run(m));
      return out;
    }),
  );
  const byId = new Map(done.flat().map((item) => [item.messageId, item]));
  const items = messages.flatMap((m) => byId.get(m.messageId) ?? []);
  return {
    response: {
      batchItemFailures: items
        .filter((i) => i.error !== undefined)
        .map((i) => ({ itemIdentifier: i.messageId })),
    },
    items,
  };
}
