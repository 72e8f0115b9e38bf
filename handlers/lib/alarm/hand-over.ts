import type { Logger } from '@aws-lambda-powertools/logger';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { once } from '../once.js';
import { destinationEvent } from '../publisher/destination-event.js';
import { toError } from '../result.js';
import { clientTimeouts } from '../runtime/runtime.js';
import type { BatchItem } from './alarm-batch.js';

/** Hands a batch's answers to the publisher. */
export type HandOver = (
  functionArn: string,
  items: readonly BatchItem[],
  signal: AbortSignal,
) => Promise<void>;

/** Whether an answer carries something for the publisher: a mailed alarm, or an alert change (the rules' two patterns). */
export function forPublisher(item: BatchItem): boolean {
  return item.result !== undefined && (item.result.status === 'sent' || item.result.alerts !== undefined);
}

/**
 * The answers of a batch that mailed something (or changed an alert), handed to the publisher as
 * Lambda's success destination would put them on the bus (an invocation from SQS has no
 * destination): one asynchronous invoke each, in the destination's shape; Lambda retries the
 * publisher's failures and ends them in its dead-letter queue. An invoke that fails is logged, not
 * thrown: the alarm was mailed, and its message retried would only answer `duplicate`
 * (which the publisher never gets), while the email would not be sent twice anyway.
 */
export function publisherHandOver(publisher: string, logger: Logger): HandOver {
  // The publisher runs in the function's own Region.
  // Made at the first batch: the function's other events (launches, SES's) never hand over.
  const client = once(() => new LambdaClient({ maxAttempts: 3, ...clientTimeouts(1_000, 3_000) }));
  return async (functionArn, items, signal) => {
    await Promise.all(
      items.filter(forPublisher).map((item) =>
        client()
          .send(
            new InvokeCommand({
              FunctionName: publisher,
              InvocationType: 'Event',
              Payload: new TextEncoder().encode(
                JSON.stringify(destinationEvent(functionArn, item.event, item.result)),
              ),
            }),
            { abortSignal: signal },
          )
          .catch((err: unknown) => {
            logger.error('answer not handed to the publisher: no automation event or chat for it', {
              messageId: item.messageId,
              error: toError(err),
            });
          }),
      ),
    );
  };
}
