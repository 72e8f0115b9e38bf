import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { launchEventPattern } from '../../handlers/contract/launch-events.js';

/** Props of {@link LaunchRoute}. */
export interface LaunchRouteProps {
  /** The billing bus members forward their launches to. */
  readonly bus: events.IEventBus;
  /** The alarm function, which prices launches and mails fast-burn estimates. */
  readonly handler: lambda.IFunction;
  /** Where undeliverable launches end (the alarm pipeline's watched queue). */
  readonly deadLetterQueue: sqs.IQueue;
  /** @default - 8 EventBridge retries */
  readonly retryAttempts?: number;
}

/**
 * Routes forwarded launches (CloudTrail "AWS API Call via CloudTrail" of the launch calls) from the
 * billing bus to the alarm function, retried and dead-lettered like the alarms.
 */
export class LaunchRoute extends Construct {
  /** The rule on the billing bus. */
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: LaunchRouteProps) {
    super(scope, id);
    const retryAttempts = props.retryAttempts ?? 8;
    if (!Number.isInteger(retryAttempts) || retryAttempts < 0 || retryAttempts > 185)
      throw new Error(`retryAttempts must be an integer from 0 to 185, got ${retryAttempts}`);
    const pattern = launchEventPattern();
    this.rule = new events.Rule(this, 'Rule', {
      eventBus: props.bus,
      description: 'Forwarded launches (fast-burn estimates) to the alarm Lambda',
      eventPattern: {
        source: pattern.source,
        detailType: pattern['detail-type'],
        detail: pattern.detail,
      },
    });
    this.rule.addTarget(
      new targets.LambdaFunction(props.handler, { retryAttempts, deadLetterQueue: props.deadLetterQueue }),
    );
  }
}
