import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import {
  ALARM_EVENT_SOURCE,
  ALARM_STATE_CHANGE,
  BILLING_NAMESPACE,
  ESTIMATED_CHARGES,
} from '../../handlers/contract/billing.js';
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
  /** @default - 8 EventBridge retries */
  readonly retryAttempts?: number;
  /** @default - 6 hours */
  readonly maxEventAge?: Duration;
}

/**
 * Routes forwarded billing-alarm state changes to the alarm Lambda. Both hops retry and both end in
 * the same watched dead-letter queue: EventBridge for delivery failures, Lambda for function errors.
 */
export class AlarmPipeline extends Construct {
  /** The rule on the billing bus. */
  readonly rule: events.Rule;
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
    // Function errors are retried by Lambda's async invoke, not by EventBridge; both end in one queue.
    this.deadLetters.catchFailuresOf(props.handler, {
      maxEventAge,
      ...(props.onSuccessBus ? { onSuccessBus: props.onSuccessBus } : {}),
    });
    this.rule.addTarget(
      new targets.LambdaFunction(props.handler, {
        retryAttempts,
        maxEventAge,
        deadLetterQueue: this.deadLetters.queue,
      }),
    );
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
