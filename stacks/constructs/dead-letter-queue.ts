import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Props of {@link WatchedDeadLetterQueue}. */
export interface WatchedDeadLetterQueueProps {
  /** Topic that tells the operators a message is waiting. */
  readonly operatorTopic: sns.ITopic;
  /** What ends up here, for the alarm description. */
  readonly purpose: string;
}

/** An encrypted SQS dead-letter queue (14 days) with an alarm as soon as one message waits. */
export class WatchedDeadLetterQueue extends Construct {
  /** The queue. */
  readonly queue: sqs.Queue;
  /** The depth alarm. */
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: WatchedDeadLetterQueueProps) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.alarm = this.queue
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) })
      .createAlarm(this, 'Depth', {
        alarmDescription: `${props.purpose} failed after all retries and waits in ${this.queue.node.path}; inspect and redrive it.`,
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    this.alarm.addAlarmAction(new actions.SnsAction(props.operatorTopic));
  }

  /**
   * Lambda's asynchronous invocations of `fn` retry twice, then end here; a successful answer goes
   * to `onSuccessBus` when given (the automation publisher's rule listens there).
   */
  catchFailuresOf(
    fn: lambda.IFunction,
    options: { readonly maxEventAge?: Duration; readonly onSuccessBus?: events.IEventBus } = {},
  ): void {
    fn.configureAsyncInvoke({
      retryAttempts: 2,
      ...(options.maxEventAge ? { maxEventAge: options.maxEventAge } : {}),
      onFailure: new destinations.SqsDestination(this.queue),
      ...(options.onSuccessBus
        ? { onSuccess: new destinations.EventBridgeDestination(options.onSuccessBus) }
        : {}),
    });
  }
}
