import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  ALARM_EVENT_SOURCE,
  ALARM_STATE_CHANGE,
  BILLING_NAMESPACE,
  ESTIMATED_CHARGES,
} from '../../handlers/contract/billing.js';
import {
  ALARM_BATCH_CONCURRENCY,
  ALARM_BATCH_SIZE,
  ALARM_BATCH_WINDOW_SECONDS,
  ALARM_MAX_RECEIVES,
  ALARM_TIMEOUT_SECONDS,
} from '../../handlers/contract/lambda-limits.js';
import { WatchedDeadLetterQueue } from './dead-letter-queue.js';

/** Props of {@link AlarmPipeline}. */
export interface AlarmPipelineProps {
  /** The bus forwarded alarm state changes arrive on. */
  readonly bus: events.IEventBus;
  /** The function that verifies, explains and mails each alarm. */
  readonly handler: lambda.IFunction;
  /** Only alarms whose names start with this are routed. */
  readonly alarmNamePrefix: string;
  /** Topic for the dead-letter alarm. */
  readonly operatorTopic: sns.ITopic;
  /** Where a successful invocation's answer goes (the automation publisher's rule listens there). */
  readonly onSuccessBus?: events.IEventBus;
  /** EventBridge's retries of a delivery to the alarm queue. @default - 8 EventBridge retries */
  readonly retryAttempts?: number;
  /** How long EventBridge and Lambda's asynchronous invokes keep trying an event. @default - 6 hours */
  readonly maxEventAge?: Duration;
}

/**
 * Routes forwarded billing-alarm state changes through the alarm queue to the alarm Lambda, in
 * batches: the event source mapping gathers alarms for {@link ALARM_BATCH_WINDOW_SECONDS} (up to
 * {@link ALARM_BATCH_SIZE}), so a burst's alarms share their Cost Explorer queries, and the
 * function reports the alarms that failed (`ReportBatchItemFailures`) so SQS retries only those.
 * Every hop ends in the same watched dead-letter queue: EventBridge's delivery failures, a message
 * received {@link ALARM_MAX_RECEIVES} times, and (for the function's other, asynchronous events)
 * Lambda's failed invocations.
 */
export class AlarmPipeline extends Construct {
  /** The rule on the billing bus. */
  readonly rule: events.Rule;
  /** The queue between the rule and the function. */
  readonly queue: sqs.Queue;
  /** Where failed deliveries end. */
  readonly deadLetters: WatchedDeadLetterQueue;

  constructor(scope: Construct, id: string, props: AlarmPipelineProps) {
    super(scope, id);
    const retryAttempts = props.retryAttempts ?? 8;
    if (!Number.isInteger(retryAttempts) || retryAttempts < 0 || retryAttempts > 185) {
      throw new Error(`retryAttempts must be an integer from 0 to 185, got ${retryAttempts}`);
    }
    const maxEventAge = props.maxEventAge ?? Duration.hours(6);
    if (maxEventAge.toSeconds() < 60 || maxEventAge.toSeconds() > 86_400) {
      throw new Error(`maxEventAge must be 60 seconds to 24 hours, got ${maxEventAge.toHumanString()}`);
    }
    this.deadLetters = new WatchedDeadLetterQueue(this, 'DeadLetters', {
      operatorTopic: props.operatorTopic,
      purpose: 'A billing-alarm event',
    });
    this.rule = new events.Rule(this, 'Rule', {
      eventBus: props.bus,
      description: 'Forwarded billing-alarm state changes to the alarm Lambda',
      eventPattern: billingAlarmPattern(props.alarmNamePrefix),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS: at least six times the function's timeout, so a batch throttled or retried by Lambda
      // is not received again while it still runs.
      visibilityTimeout: Duration.seconds(6 * ALARM_TIMEOUT_SECONDS),
      deadLetterQueue: { queue: this.deadLetters.queue, maxReceiveCount: ALARM_MAX_RECEIVES },
    });
    // EventBridge retries its deliveries to the queue (the target's queue policy is CDK's grant).
    this.rule.addTarget(
      new targets.SqsQueue(this.queue, {
        retryAttempts,
        maxEventAge,
        deadLetterQueue: this.deadLetters.queue,
      }),
    );
    props.handler.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: ALARM_BATCH_SIZE,
        maxBatchingWindow: Duration.seconds(ALARM_BATCH_WINDOW_SECONDS),
        reportBatchItemFailures: true,
        maxConcurrency: ALARM_BATCH_CONCURRENCY,
      }),
    );
    // The function's asynchronous events (SES's sending events, launches, anomalies) are retried by
    // Lambda and end in the same queue; their answers go to the bus. A batch's answers are handed
    // to the publisher by the function itself (no destination follows an event source mapping).
    this.deadLetters.catchFailuresOf(props.handler, {
      maxEventAge,
      ...(props.onSuccessBus ? { onSuccessBus: props.onSuccessBus } : {}),
    });
  }
}

/** The event pattern of this project's billing-alarm state changes. */
export function billingAlarmPattern(alarmNamePrefix: string): events.EventPattern {
  return {
    source: [ALARM_EVENT_SOURCE],
    detailType: [ALARM_STATE_CHANGE],
    detail: {
      alarmName: events.Match.prefix(alarmNamePrefix),
      // Single-metric billing alarms only: no metric math, no anomaly band (the Lambda checks too).
      configuration: {
        metrics: {
          metricStat: { metric: { namespace: [BILLING_NAMESPACE], name: [ESTIMATED_CHARGES] } },
          expression: events.Match.doesNotExist(),
        },
      },
    },
  };
}
