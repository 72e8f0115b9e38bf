import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as ses from 'aws-cdk-lib/aws-ses';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SENDING_EVENTS_PATTERN } from '../../handlers/contract/sending-events.js';

/** Props of {@link SendingEvents}. */
export interface SendingEventsProps {
  /** The configuration set every email goes through. */
  readonly configurationSet: ses.ConfigurationSet;
  /** The function that records the events in the ledger (the alarm function). */
  readonly handler: lambda.IFunction;
  /** Where events EventBridge could not deliver end (the alarm function's dead-letter queue). */
  readonly deadLetterQueue: sqs.IQueue;
  /** @default - 8 EventBridge retries */
  readonly retryAttempts?: number;
}

/**
 * SES's own word on every message: the configuration set publishes its sending events (Send,
 * Delivery, Bounce, Complaint, Reject, RenderingFailure) to the account's default bus, the only bus
 * SES may target, and a rule there hands the events of this tool's mail (those carrying the
 * delivery tag) to the alarm function, which records them in the ledger. A Send event settles a
 * batch whose answer was lost; bounces and complaints are kept per recipient for the operators.
 */
export class SendingEvents extends Construct {
  /** The rule on the default bus. */
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: SendingEventsProps) {
    super(scope, id);
    const retryAttempts = props.retryAttempts ?? 8;
    if (!Number.isInteger(retryAttempts) || retryAttempts < 0 || retryAttempts > 185) {
      throw new Error(`retryAttempts must be an integer from 0 to 185, got ${retryAttempts}`);
    }
    const defaultBus = events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    props.configurationSet.addEventDestination('ToDefaultBus', {
      destination: ses.EventDestination.eventBus(defaultBus),
      events: [
        ses.EmailSendingEvent.SEND,
        ses.EmailSendingEvent.DELIVERY,
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.COMPLAINT,
        ses.EmailSendingEvent.REJECT,
        ses.EmailSendingEvent.RENDERING_FAILURE,
      ],
    });
    this.rule = new events.Rule(this, 'Rule', {
      eventBus: defaultBus,
      description: 'SES sending events of billing-alarm mail (delivery tag) to the delivery ledger',
      eventPattern: {
        source: [...SENDING_EVENTS_PATTERN.source],
        detailType: [...SENDING_EVENTS_PATTERN['detail-type']],
        detail: { mail: { tags: { [SENDING_EVENTS_PATTERN.tag]: events.Match.exists() } } },
      },
    });
    this.rule.addTarget(
      new targets.LambdaFunction(props.handler, {
        retryAttempts,
        // A Send event older than this settles nothing: the batch has been resent after its window.
        maxEventAge: Duration.hours(6),
        deadLetterQueue: props.deadLetterQueue,
      }),
    );
  }
}
