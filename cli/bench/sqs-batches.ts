import { randomUUID } from 'node:crypto';

/** How Lambda's event source mapping gathers a queue's messages into batches. */
export interface BatchingModel {
  /** The batching window (`MaximumBatchingWindowInSeconds`), in ms. */
  readonly windowMs: number;
  /** `BatchSize`. */
  readonly batchSize: number;
  /**
   * Pollers gathering batches side by side. AWS starts with five for a standard queue (and may
   * go down to two when traffic is low); how it spreads messages over them is not documented:
   * here each message goes to the next poller in turn, which splits a burst the most.
   */
  readonly pollers: number;
}

/** A batch as the event source mapping would invoke the function with it: when, and which messages. */
export interface QueuedBatch {
  /** Milliseconds after the first message's arrival. */
  readonly at: number;
  readonly poller: number;
  /** Indexes of the messages in arrival order. */
  readonly messages: readonly number[];
}

/**
 * The batches of messages arriving at `arrivals` (ms after the first): a poller's batch opens at
 * its first message and is invoked at the end of the window or as soon as it holds `batchSize`.
 */
export function batchesOf(arrivals: readonly number[], model: BatchingModel): QueuedBatch[] {
  const batches: QueuedBatch[] = [];
  const open = new Map<number, { opened: number; messages: number[] }>();
  arrivals.forEach((t, i) => {
    const poller = i % model.pollers;
    let batch = open.get(poller);
    if (batch && t >= batch.opened + model.windowMs) {
      batches.push({ at: batch.opened + model.windowMs, poller, messages: batch.messages });
      batch = undefined;
    }
    batch ??= { opened: t, messages: [] };
    batch.messages.push(i);
    if (batch.messages.length >= model.batchSize) {
      batches.push({ at: t, poller, messages: batch.messages });
      open.delete(poller);
    } else open.set(poller, batch);
  });
  for (const [poller, batch] of open)
    batches.push({ at: batch.opened + model.windowMs, poller, messages: batch.messages });
  return batches.sort((a, b) => a.at - b.at);
}

/** The event Lambda hands the function for a batch of SQS messages (the record fields AWS documents). */
export function sqsBatchEvent(bodies: readonly unknown[], queueArn: string) {
  const now = String(Date.now());
  return {
    Records: bodies.map((body) => ({
      messageId: randomUUID(),
      receiptHandle: randomUUID(),
      body: JSON.stringify(body),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: now,
        SenderId: 'AIDAEVENTBRIDGE',
        ApproximateFirstReceiveTimestamp: now,
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: 'us-east-1',
    })),
  };
}
