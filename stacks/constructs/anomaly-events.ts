import * as ce from 'aws-cdk-lib/aws-ce';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { anomalyEventPattern } from '../../handlers/contract/anomaly-events.js';
import type { AnomaliesConfig } from '../../handlers/contract/config/anomalies.js';
import { forwardRole } from './forward-role.js';
import { EventRoute } from './launch-route.js';

/** Props of {@link AnomalyEvents}. */
export interface AnomalyEventsProps {
  /** The billing bus the anomalies are forwarded to. */
  readonly bus: events.IEventBus;
  /** The alarm function, which mails anomalies like alarms. */
  readonly handler: lambda.IFunction;
  /** Where undeliverable anomalies end (the alarm pipeline's watched queue). */
  readonly deadLetterQueue: sqs.IQueue;
  /** The `anomalies:` section: `create` deploys a monitor and an IMMEDIATE subscription. */
  readonly anomalies: AnomaliesConfig;
}

/** A CE `Expression` (JSON) for the total impact at or above an amount (and a percentage, when given). */
export function thresholdExpression(minImpact: number, minImpactPercent?: number): string {
  const at = (key: string, value: number) => ({
    Dimensions: { Key: key, MatchOptions: ['GREATER_THAN_OR_EQUAL'], Values: [String(value)] },
  });
  const absolute = at('ANOMALY_TOTAL_IMPACT_ABSOLUTE', minImpact);
  return JSON.stringify(
    minImpactPercent === undefined
      ? absolute
      : { And: [absolute, at('ANOMALY_TOTAL_IMPACT_PERCENTAGE', minImpactPercent)] },
  );
}

/**
 * Cost Anomaly Detection's anomalies through the alarm pipeline: a rule on the management account's
 * default bus forwards "Anomaly Detected" (source `aws.ce`) to the billing bus with a role held to
 * this account's rules, a route there invokes the alarm function (retried, dead-lettered), and with
 * `create` one `AWS::CE::AnomalyMonitor` (AWS services) and one `AWS::CE::AnomalySubscription`
 * (IMMEDIATE, SNS, the impact threshold) raise the events.
 */
export class AnomalyEvents extends Construct {
  /** The forwarding rule on the default bus. */
  readonly forward: events.Rule;
  readonly monitor?: ce.CfnAnomalyMonitor;
  readonly subscription?: ce.CfnAnomalySubscription;

  constructor(scope: Construct, id: string, props: AnomalyEventsProps) {
    super(scope, id);
    const pattern = anomalyEventPattern();
    const eventPattern = { source: pattern.source, detailType: pattern['detail-type'] };
    this.forward = new events.Rule(this, 'Forward', {
      description: 'Cost Anomaly Detection anomalies of the management account to the billing bus',
      eventPattern,
      targets: [
        new targets.EventBus(props.bus, {
          role: forwardRole(
            this,
            'ForwardRole',
            "Puts the management account's cost anomalies on the billing bus",
          ),
        }),
      ],
    });
    new EventRoute(this, 'Route', {
      bus: props.bus,
      handler: props.handler,
      deadLetterQueue: props.deadLetterQueue,
      description: 'Forwarded cost anomalies to the alarm Lambda',
      pattern: eventPattern,
    });
    const create = props.anomalies.create;
    if (!create) return;
    this.monitor = new ce.CfnAnomalyMonitor(this, 'Monitor', {
      monitorName: create.monitorName,
      monitorType: 'DIMENSIONAL',
      monitorDimension: 'SERVICE',
    });
    this.subscription = new ce.CfnAnomalySubscription(this, 'Subscription', {
      subscriptionName: `${create.monitorName}-immediate`,
      frequency: 'IMMEDIATE',
      monitorArnList: [this.monitor.attrMonitorArn],
      subscribers: [{ type: 'SNS', address: create.topicArn }],
      thresholdExpression: thresholdExpression(create.minImpact, create.minImpactPercent),
    });
  }
}
