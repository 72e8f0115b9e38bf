import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { WatchedDeadLetterQueue } from './dead-letter-queue.js';

/** Props of {@link AutomationEvents}. */
export interface AutomationEventsProps {
  readonly bus: events.IEventBus;
  /** The function that puts the automation events. */
  readonly publisher: lambda.IFunction;
  /** The functions whose successful answers (success destination on `bus`) carry the events. */
  readonly sources: lambda.IFunction[];
  readonly operatorTopic: sns.ITopic;
}

/**
 * Routes the alarm and report Lambdas' success-destination events that mailed something to the
 * publisher, which puts `Billing Threshold Crossed` / `Billing Threshold Forecast` on the bus.
 * Retries on both hops end in one watched dead-letter queue.
 */
export class AutomationEvents extends Construct {
  constructor(scope: Construct, id: string, props: AutomationEventsProps) {
    super(scope, id);
    const deadLetters = new WatchedDeadLetterQueue(this, 'DeadLetters', {
      operatorTopic: props.operatorTopic,
      purpose: 'An automation event',
    });
    deadLetters.catchFailuresOf(props.publisher);
    new events.Rule(this, 'MailedResults', {
      eventBus: props.bus,
      description: 'Alarm and report results that mailed something, to the automation publisher',
      eventPattern: {
        source: ['lambda'],
        detailType: ['Lambda Function Invocation Result - Success'],
        detail: {
          requestContext: {
            functionArn: events.Match.anyOf(...props.sources.map((f) => events.Match.prefix(f.functionArn))),
          },
          responsePayload: { status: ['sent'] },
        },
      },
      targets: [
        new targets.LambdaFunction(props.publisher, { retryAttempts: 8, deadLetterQueue: deadLetters.queue }),
      ],
    });
    // Alert changes (resolved by an OK transition) ride on answers that mailed nothing (issue 20).
    new events.Rule(this, 'AlertChanges', {
      eventBus: props.bus,
      description: 'Alarm results that changed an alert without mailing, to the automation publisher',
      eventPattern: {
        source: ['lambda'],
        detailType: ['Lambda Function Invocation Result - Success'],
        detail: {
          requestContext: {
            functionArn: events.Match.anyOf(...props.sources.map((f) => events.Match.prefix(f.functionArn))),
          },
          responsePayload: { status: events.Match.anythingBut('sent'), alerts: events.Match.exists() },
        },
      },
      targets: [
        new targets.LambdaFunction(props.publisher, { retryAttempts: 8, deadLetterQueue: deadLetters.queue }),
      ],
    });
  }
}
