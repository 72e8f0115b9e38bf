import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { letterOf, redriveAws } from '../cli/redrive-aws.js';

const cfn = mockClient(CloudFormationClient);
const sqs = mockClient(SQSClient);
const lambda = mockClient(LambdaClient);
const clients = { cfn: new CloudFormationClient({}), sqs: new SQSClient({}), lambda: new LambdaClient({}) };

const ALARM_FN = 'arn:aws:lambda:us-east-1:111122223333:function:BillingAlarmForwarder-AlarmHandler-abc';
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/111122223333/BillingAlarmForwarder-DeadLetters-xyz';
const event = { id: 'e-1', source: 'aws.cloudwatch', detail: { alarmName: 'billing-alarm-critical' } };
/** What Lambda's on-failure destination writes for an asynchronous invocation that failed every attempt. */
const invocationRecord = {
  version: '1.0',
  requestContext: { requestId: 'r-1', functionArn: `${ALARM_FN}:$LATEST`, condition: 'RetriesExhausted' },
  requestPayload: event,
  responseContext: { statusCode: 200, functionError: 'Unhandled' },
};
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe('a dead-lettered message: which function, which event', () => {
  it('reads Lambda’s invocation record and an EventBridge target’s event with its TARGET_ARN', () => {
    expect(letterOf({ Body: JSON.stringify(invocationRecord) })).toEqual({
      functionName: `${ALARM_FN}:$LATEST`,
      event,
    });
    expect(
      letterOf({
        Body: JSON.stringify(event),
        MessageAttributes: { TARGET_ARN: { DataType: 'String', StringValue: ALARM_FN } },
      }),
    ).toEqual({ functionName: ALARM_FN, event });
  });

  it('reads a message the alarm queue gave up on (the event itself, no attribute) as the alarm function’s', () => {
    const alarm = { ...event, 'detail-type': 'CloudWatch Alarm State Change' };

    expect(letterOf({ Body: JSON.stringify(alarm) }, ALARM_FN)).toEqual({
      functionName: ALARM_FN,
      event: alarm,
    });
  });

  it('says why a message is none of ours', () => {
    expect(letterOf({ Body: 'not json' })).toBe('the message body is not JSON');
    expect(letterOf({ Body: JSON.stringify(event) })).toMatch(/neither a Lambda invocation record/);
    // Without the alarm function, or without an EventBridge envelope, a bare body names no function.
    expect(letterOf({ Body: JSON.stringify(event) }, ALARM_FN)).toMatch(/neither a Lambda invocation record/);
  });
});

describe('redrive against AWS', () => {
  beforeEach(() => {
    cfn.reset();
    sqs.reset();
    lambda.reset();
    cfn.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [
        {
          ResourceType: 'AWS::SQS::Queue',
          LogicalResourceId: 'AlarmPipelineDeadLettersQueue1',
          PhysicalResourceId: QUEUE,
          ResourceStatus: 'CREATE_COMPLETE',
          LastUpdatedTimestamp: new Date(),
        },
        {
          // The alarm queue itself: its event source mapping reads it, never the redrive.
          ResourceType: 'AWS::SQS::Queue',
          LogicalResourceId: 'AlarmPipelineQueue1',
          PhysicalResourceId:
            'https://sqs.us-east-1.amazonaws.com/111122223333/BillingAlarmForwarder-Queue-q',
          ResourceStatus: 'CREATE_COMPLETE',
          LastUpdatedTimestamp: new Date(),
        },
        {
          ResourceType: 'AWS::Lambda::Function',
          LogicalResourceId: 'PublisherFunction1',
          PhysicalResourceId: 'BillingAlarmForwarder-Publisher-p',
          ResourceStatus: 'CREATE_COMPLETE',
          LastUpdatedTimestamp: new Date(),
        },
      ],
    });
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({
        Messages: [
          { MessageId: 'm-1', ReceiptHandle: 'h-1', Body: JSON.stringify(invocationRecord) },
          { MessageId: 'm-2', ReceiptHandle: 'h-2', Body: JSON.stringify(invocationRecord) },
          { MessageId: 'm-3', ReceiptHandle: 'h-3', Body: 'garbage' },
        ],
      })
      .resolves({ Messages: [] });
  });

  it('invokes each event synchronously, deletes only what the function answered, keeps failures, hands a sent answer to the publisher', async () => {
    lambda
      .on(InvokeCommand, { FunctionName: `${ALARM_FN}:$LATEST` })
      .resolvesOnce({
        StatusCode: 200,
        Payload: encode({ status: 'sent', recipients: ['a@example.com'], subject: 's', messageIds: ['x'] }),
      } as never)
      .resolvesOnce({
        StatusCode: 200,
        FunctionError: 'Unhandled',
        Payload: encode({ errorType: 'DeliveryError', errorMessage: 'SES did not answer' }),
      } as never);
    lambda
      .on(InvokeCommand, { FunctionName: 'BillingAlarmForwarder-Publisher-p' })
      .resolves({ StatusCode: 202 } as never);

    const lines = await redriveAws(clients, { max: 100 });

    expect(lines).toEqual([
      expect.objectContaining({ event: 'm-1', status: 'sent', recipients: ['a@example.com'], kept: false }),
      expect.objectContaining({
        event: 'm-2',
        status: 'failed',
        reason: 'DeliveryError: SES did not answer',
        kept: true,
      }),
      expect.objectContaining({ event: 'm-3', status: 'skipped', kept: true }),
    ]);
    expect(sqs).toReceiveCommandTimes(DeleteMessageCommand, 1);
    expect(sqs).toReceiveCommandWith(DeleteMessageCommand, { QueueUrl: QUEUE, ReceiptHandle: 'h-1' });
    expect(sqs).toReceiveCommandWith(ReceiveMessageCommand, { QueueUrl: QUEUE, VisibilityTimeout: 900 });
    expect(sqs).not.toReceiveCommandWith(ReceiveMessageCommand, {
      QueueUrl: 'https://sqs.us-east-1.amazonaws.com/111122223333/BillingAlarmForwarder-Queue-q',
    });
    expect(lambda).toReceiveCommandWith(InvokeCommand, {
      FunctionName: `${ALARM_FN}:$LATEST`,
      InvocationType: 'RequestResponse',
    });
    expect(lambda).toReceiveCommandWith(InvokeCommand, {
      FunctionName: 'BillingAlarmForwarder-Publisher-p',
      InvocationType: 'Event',
    });
  });

  it('stops at --max messages', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: encode({ status: 'duplicate' }) } as never);

    const lines = await redriveAws(clients, { max: 1 });

    expect(lines.map((l) => l.status)).toEqual(['duplicate']);
    expect(sqs).toReceiveCommandWith(ReceiveMessageCommand, { MaxNumberOfMessages: 1 });
  });
});
