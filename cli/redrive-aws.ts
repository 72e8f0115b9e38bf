import { CloudFormationClient, paginateListStackResources } from '@aws-sdk/client-cloudformation';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteMessageCommand, type Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { BILLING_REGION, BILLING_STACK_NAME } from '../handlers/contract/billing.js';
import { destinationEvent } from '../handlers/lib/publisher/destination-event.js';
import { toError } from '../handlers/lib/result.js';
import type { RedriveLine } from './redrive.js';
import type { HandlerAnswer, RunStatus } from './run-lines.js';

/** The clients a redrive on AWS uses. */
export interface RedriveClients {
  readonly cfn: CloudFormationClient;
  readonly sqs: SQSClient;
  readonly lambda: LambdaClient;
}

/** Clients for the billing stack's Region. */
export function redriveClients(): RedriveClients & { close(): void } {
  const region = { region: BILLING_REGION };
  const clients = {
    cfn: new CloudFormationClient(region),
    sqs: new SQSClient(region),
    lambda: new LambdaClient(region),
  };
  return {
    ...clients,
    close: () => {
      for (const c of Object.values(clients)) c.destroy();
    },
  };
}

/**
 * A received message is hidden this long: longer than any of the stack's functions runs (15 min
 * at most), so no other reader takes it while it is redriven; one that fails again reappears then.
 */
export const REDRIVE_VISIBILITY_SECONDS = 900;

/** What a dead-lettered message asks for: which function, with which event. */
export interface Letter {
  readonly functionName: string;
  readonly event: unknown;
}

/**
 * The function and event of one dead-lettered message, or why it is none of ours. Lambda's
 * on-failure destination writes an invocation record (`requestContext.functionArn`,
 * `requestPayload`); an EventBridge target's dead-letter queue keeps the event itself as the body
 * and names the target in the `TARGET_ARN` message attribute; a message the alarm queue gave up on
 * (received too often) is moved as it was sent — the EventBridge event, no attribute — and belongs
 * to the alarm function, which takes it as a bare event.
 */
export function letterOf(
  message: Pick<Message, 'Body' | 'MessageAttributes'>,
  alarmFunction?: string,
): Letter | string {
  let body: unknown;
  try {
    body = JSON.parse(message.Body ?? '');
  } catch {
    return 'the message body is not JSON';
  }
  const record = body as { requestContext?: { functionArn?: unknown }; requestPayload?: unknown };
  if (typeof record?.requestContext?.functionArn === 'string' && 'requestPayload' in record)
    return { functionName: record.requestContext.functionArn, event: record.requestPayload };
  const target = message.MessageAttributes?.TARGET_ARN?.StringValue;
  if (target?.startsWith('arn:aws:lambda:')) return { functionName: target, event: body };
  const envelope = body as { source?: unknown; 'detail-type'?: unknown } | null;
  if (alarmFunction && typeof envelope?.source === 'string' && typeof envelope['detail-type'] === 'string')
    return { functionName: alarmFunction, event: body };
  return 'neither a Lambda invocation record nor an EventBridge event (with a TARGET_ARN, or from the alarm queue)';
}

/**
 * The stack's dead-letter queues (their URLs; never the alarm queue itself, which the alarm
 * function's event source mapping reads), its publisher and its alarm function, from its resources.
 */
async function stackResources(
  cfn: CloudFormationClient,
): Promise<{ queues: string[]; publisher?: string; alarmFunction?: string }> {
  const queues: string[] = [];
  let publisher: string | undefined;
  let alarmFunction: string | undefined;
  for await (const page of paginateListStackResources({ client: cfn }, { StackName: BILLING_STACK_NAME }))
    for (const r of page.StackResourceSummaries ?? []) {
      const id = r.LogicalResourceId ?? '';
      if (r.ResourceType === 'AWS::SQS::Queue' && r.PhysicalResourceId && id.includes('DeadLetters'))
        queues.push(r.PhysicalResourceId);
      if (r.ResourceType === 'AWS::Lambda::Function' && id.startsWith('Publisher'))
        publisher = r.PhysicalResourceId;
      if (r.ResourceType === 'AWS::Lambda::Function' && id.startsWith('AlarmHandler'))
        alarmFunction = r.PhysicalResourceId;
    }
  return { queues, ...(publisher ? { publisher } : {}), ...(alarmFunction ? { alarmFunction } : {}) };
}

/** Options of {@link redriveAws}. */
export interface RedriveAwsOptions {
  /** At most this many messages in all. */
  readonly max: number;
  readonly onLine?: (line: RedriveLine) => void;
}

/**
 * `redrive` against AWS: each message of the billing stack's dead-letter queues is invoked again,
 * synchronously, on the function that failed it, so that its true outcome is known and printed
 * (the ledger sends only what is still owed). A message leaves its queue only when the function
 * answered; one that fails again, or is none of ours, stays (visible again after
 * {@link REDRIVE_VISIBILITY_SECONDS}). Lambda's success destination follows only asynchronous
 * invocations, so a redriven answer that mailed something is handed to the publisher here, as the
 * destination would (its own claim keeps chat to one post).
 */
export async function redriveAws(
  clients: RedriveClients,
  options: RedriveAwsOptions,
): Promise<RedriveLine[]> {
  const { queues, publisher, alarmFunction } = await stackResources(clients.cfn);
  const lines: RedriveLine[] = [];
  const emit = (line: RedriveLine) => {
    lines.push(line);
    options.onLine?.(line);
  };
  for (const queue of queues) {
    while (lines.length < options.max) {
      const received = await clients.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queue,
          MaxNumberOfMessages: Math.min(10, options.max - lines.length),
          VisibilityTimeout: REDRIVE_VISIBILITY_SECONDS,
          WaitTimeSeconds: 0,
          MessageAttributeNames: ['All'],
        }),
      );
      // SQS returns at most MaxNumberOfMessages; never more than --max, whatever answers.
      const messages = (received.Messages ?? []).slice(0, options.max - lines.length);
      if (messages.length === 0) break;
      for (const message of messages)
        emit(await redriveOne(clients, queue, message, { publisher, alarmFunction }));
    }
  }
  return lines;
}

async function redriveOne(
  clients: RedriveClients,
  queue: string,
  message: Message,
  { publisher, alarmFunction }: { publisher?: string | undefined; alarmFunction?: string | undefined },
): Promise<RedriveLine> {
  const event = message.MessageId ?? '?';
  const base = { event, recipients: [], files: [], costExplorerRequests: 0 };
  const letter = letterOf(message, alarmFunction);
  if (typeof letter === 'string') return { ...base, status: 'skipped', reason: letter, kept: true };
  let answer: HandlerAnswer;
  try {
    const invoked = await clients.lambda.send(
      new InvokeCommand({
        FunctionName: letter.functionName,
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(JSON.stringify(letter.event)),
      }),
    );
    const payload = invoked.Payload ? new TextDecoder().decode(invoked.Payload) : '{}';
    if (invoked.FunctionError) {
      const error = JSON.parse(payload) as { errorType?: string; errorMessage?: string };
      return {
        ...base,
        status: 'failed',
        reason: `${error.errorType ?? invoked.FunctionError}: ${error.errorMessage ?? ''}`.trim(),
        kept: true,
      };
    }
    answer = (JSON.parse(payload) ?? {}) as HandlerAnswer;
  } catch (err) {
    return { ...base, status: 'failed', reason: toError(err).message.split('\n')[0] ?? 'failed', kept: true };
  }
  let publisherFailed: string | undefined;
  if (publisher && answer.status === 'sent' && !letter.functionName.includes(publisher)) {
    await clients.lambda
      .send(
        new InvokeCommand({
          FunctionName: publisher,
          InvocationType: 'Event',
          Payload: new TextEncoder().encode(
            JSON.stringify(destinationEvent(letter.functionName, letter.event, answer)),
          ),
        }),
      )
      .catch((err: unknown) => {
        publisherFailed = toError(err).message.split('\n')[0];
      });
  }
  await clients.sqs.send(new DeleteMessageCommand({ QueueUrl: queue, ReceiptHandle: message.ReceiptHandle }));
  const status: RunStatus = answer.status ?? 'sent';
  return {
    ...base,
    status,
    ...(answer.reason ? { reason: answer.reason } : {}),
    recipients: answer.recipients ?? [],
    ...(answer.subject ? { subject: answer.subject } : {}),
    ...(answer.messageIds?.length ? { messageIds: answer.messageIds } : {}),
    ...(publisherFailed ? { publisherFailed } : {}),
    kept: false,
  };
}
