import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ANOMALY_DETECTED, ANOMALY_SOURCE } from '../../handlers/contract/anomaly-events.js';
import { ALARM_EVENT_SOURCE, ALARM_STATE_CHANGE, BILLING_BUS_NAME } from '../../handlers/contract/billing.js';
import { CLOUDTRAIL_API_CALL, LAUNCH_SOURCES } from '../../handlers/contract/launch-events.js';

/** Props of {@link BillingBus}. */
export interface BillingBusProps {
  /** The organisation whose principals may put events, e.g. `o-a1b2c3d4e5`. */
  readonly organizationId: string;
  /** @default - `billing-alarms` */
  readonly busName?: string;
  /** Also accept the launch calls members forward for fast-burn estimates. @default - false */
  readonly acceptsLaunches?: boolean;
  /** Also accept Cost Anomaly Detection's "Anomaly Detected" the management account forwards. @default - false */
  readonly acceptsAnomalies?: boolean;
}

/** The bus in the billing account that member accounts forward their billing alarms to. */
export class BillingBus extends Construct {
  /** The bus. */
  readonly bus: events.EventBus;

  constructor(scope: Construct, id: string, props: BillingBusProps) {
    super(scope, id);
    if (!/^o-[a-z0-9]{10,32}$/.test(props.organizationId)) {
      throw new Error(`organizationId must look like "o-a1b2c3d4e5", got "${props.organizationId}"`);
    }
    const busName = props.busName ?? BILLING_BUS_NAME;
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: busName });
    // Built from the name: the bus's own Arn attribute cannot appear in its own policy (a cycle).
    const busArn = Stack.of(this).formatArn({
      service: 'events',
      resource: 'event-bus',
      resourceName: busName,
    });
    // The policy sits on the bus itself (AWS::Events::EventBus Policy) rather than in a separate
    // AWS::Events::EventBusPolicy, whose CDK path goes through a deprecated property.
    // Principal * is safe only with the organisation condition: no one outside the org can put events.
    const forwarding = (sid: string, source: string | string[], detailType: string) =>
      new iam.PolicyStatement({
        sid,
        principals: [new iam.AnyPrincipal()],
        actions: ['events:PutEvents'],
        resources: [busArn],
        conditions: {
          StringEquals: { 'aws:PrincipalOrgID': props.organizationId },
          'ForAllValues:StringEquals': { 'events:source': source, 'events:detail-type': detailType },
        },
      });
    (this.bus.node.defaultChild as events.CfnEventBus).policy = new iam.PolicyDocument({
      statements: [
        // Only CloudWatch alarm state changes, only from the organisation. A PutEvents call may
        // carry several entries, so events:source and events:detail-type are multi-valued keys:
        // every entry must match (ForAllValues), as AWS's own example policy writes it
        // (EventBridge user guide, eb-event-bus-example-policy-cross-account-custom-bus-source).
        // Both fields are required in every entry, so the set is never empty.
        forwarding('OrganizationAccountsMayForwardBillingAlarms', ALARM_EVENT_SOURCE, ALARM_STATE_CHANGE),
        // Only CloudTrail's API calls of the launch services, only from the organisation.
        ...(props.acceptsLaunches
          ? [forwarding('OrganizationAccountsMayForwardLaunches', [...LAUNCH_SOURCES], CLOUDTRAIL_API_CALL)]
          : []),
        // Only Cost Anomaly Detection's immediate alerts, forwarded by the management account's rule
        // (only AWS can put aws.ce events; the edge accepts them from the management account only).
        ...(props.acceptsAnomalies
          ? [forwarding('ManagementAccountMayForwardAnomalies', ANOMALY_SOURCE, ANOMALY_DETECTED)]
          : []),
      ],
    });
  }
}
