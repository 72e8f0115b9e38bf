import { App, Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { BillingAccountStack } from '../stacks/billing-account-stack.js';
import { AlarmPipeline } from '../stacks/constructs/alarm-pipeline.js';
import { BillingBus } from '../stacks/constructs/billing-bus.js';
import { ReportSchedule } from '../stacks/constructs/report-schedule.js';
import { exampleConfig } from './helpers/config.js';

/** A scratch stack with a function, a bus and a topic to hang a construct under test on. */
function scratch() {
  const stack = new Stack(new App(), 'Scratch', { env: { account: '100000000001', region: 'us-east-1' } });
  const handler = lambda.Function.fromFunctionArn(
    stack,
    'Fn',
    'arn:aws:lambda:us-east-1:100000000001:function:handler',
  );
  const bus = new events.EventBus(stack, 'Bus');
  const operatorTopic = new sns.Topic(stack, 'Topic');
  const queue = new sqs.Queue(stack, 'Queue');
  return { stack, handler, bus, operatorTopic, queue };
}

describe('construct validation (each message names the bad value and what is allowed)', () => {
  it('BillingBus refuses an organisation id of the wrong shape', () => {
    const { stack } = scratch();

    expect(() => new BillingBus(stack, 'B', { organizationId: 'org-123' })).toThrow(
      /^organizationId must look like "o-a1b2c3d4e5", got "org-123"$/,
    );
  });

  it.each([
    [
      'retries outside EventBridge’s 0–185',
      { retryAttempts: 186 },
      /^retryAttempts must be an integer from 0 to 185, got 186$/,
    ],
    [
      'a maximum event age outside 60 seconds to 24 hours',
      { maxEventAge: Duration.seconds(30) },
      /^maxEventAge must be 60 seconds to 24 hours, got 30 seconds$/,
    ],
  ])('AlarmPipeline refuses %s', (_what, bad, message) => {
    const { stack, handler, bus, operatorTopic } = scratch();

    expect(
      () =>
        new AlarmPipeline(stack, 'P', {
          bus,
          handler,
          operatorTopic,
          alarmNamePrefix: 'billing-alarm-',
          ...bad,
        }),
    ).toThrow(message);
  });

  it('ReportSchedule refuses no times and a time that is not HH:MM', () => {
    const { stack, handler, queue } = scratch();
    const props = { handler, timeZone: 'Asia/Seoul', deadLetterQueue: queue };

    expect(() => new ReportSchedule(stack, 'S1', { ...props, times: [] })).toThrow(
      /^times must list at least one "HH:MM"$/,
    );
    expect(() => new ReportSchedule(stack, 'S2', { ...props, times: ['24:00'] })).toThrow(
      /^times must be "HH:MM" \(24 h\), got "24:00"$/,
    );
  });

  it('BillingAccountStack refuses any Region but us-east-1', () => {
    expect(
      () =>
        new BillingAccountStack(new App(), 'Billing', {
          env: { account: '100000000001', region: 'eu-west-1' },
          config: exampleConfig(),
          runtimeConfigPath: 'unused.json',
          memberTemplateBody: '{}',
        }),
    ).toThrow(/^the billing stack must deploy to us-east-1 \(billing metrics live there\), got eu-west-1$/);
  });
});
