import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { launchEventPattern } from '../../handlers/contract/launch-events.js';

/** Props of {@link LaunchRoute} (and of any {@link EventRoute}). */
export interface LaunchRouteProps {
  /** The billing bus the events are forwarded to. */
  readonly bus: events.IEventBus;
  /** The alarm function, which prices launches (mails fast-burn estimates, anomalies). */
  readonly handler: lambda.IFunction;
  /** Where undeliverable launches end (the alarm pipeline's watched queue). */
  readonly deadLetterQueue: sqs.IQueue;
  /** @default - 8 EventBridge retries */
  readonly retryAttempts?: number;
}

/** A rule on the billing bus that invokes the alarm function for one event pattern, retried and dead-lettered like the alarms. */
export class EventRoute extends Construct {
  /** The rule on the billing bus. */
  readonly rule: events.Rule;

  constructor(
    scope: Construct,
    id: string,
    props: LaunchRouteProps & { readonly pattern: events.EventPattern; readonly description: string },
  ) {
    super(scope, id);
    const retryAttempts = props.retryAttempts ?? 8;
    if (!Number.isInteger(retryAttempts) || retryAttempts < 0 || retryAttempts > 185)
      throw new Error(`retryAttempts must be an integer from 0 to 185, got ${retryAttempts}`);
    this.rule = new events.Rule(this, 'Rule', {
      eventBus: props.bus,
      description: props.description,
      eventPattern: props.pattern,
    });
    this.rule.addTarget(
      new targets.LambdaFunction(props.handler, { retryAttempts, deadLetterQueue: props.deadLetterQueue }),
    );
  }
}

/**
 * Routes forwarded launches (CloudTrail "AWS API Call via CloudTrail" of the launch calls) from the
 * billing bus to the alarm function, retried and dead-lettered like the alarms.
 */
export class LaunchRoute extends EventRoute {
  constructor(scope: Construct, id: string, props: LaunchRouteProps) {
    const pattern = launchEventPattern();
    super(scope, id, {
      ...props,
      description: 'Forwarded launches (fast-burn estimates) to the alarm Lambda',
      pattern: { source: pattern.source, detailType: pattern['detail-type'], detail: pattern.detail },
    });
  }
}
