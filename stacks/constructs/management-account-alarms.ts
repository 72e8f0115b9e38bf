import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import {
  BILLING_NAMESPACE,
  BILLING_PERIOD_SECONDS,
  ESTIMATED_CHARGES,
} from '../../handlers/contract/billing.js';
import { type Ladder, rungSlug, usedRungs } from '../../handlers/contract/ladder.js';
import { alarmName } from '../../handlers/contract/member-template.js';
import { billingAlarmPattern } from './alarm-pipeline.js';
import { forwardRole } from './forward-role.js';

/** Props of {@link ManagementAccountAlarms}. */
export interface ManagementAccountAlarmsProps {
  /** The management account's id: its own charges carry `LinkedAccount = <id>`. */
  readonly managementAccountId: string;
  /** The management account's ladder; each used rung gets an alarm. */
  readonly ladder: Ladder;
  readonly currency: string;
  readonly alarmNamePrefix: string;
  /** The billing bus the state changes go to, like the members'. */
  readonly bus: events.IEventBus;
}

/**
 * The management account's own rung alarms. StackSets never deploy to the management account, and
 * there the Currency-only metric is the whole organisation's bill, so these alarms add
 * `LinkedAccount = <management account>`.
 */
export class ManagementAccountAlarms extends Construct {
  /** The alarms by rung name. */
  readonly alarms: Partial<Record<string, cloudwatch.Alarm>> = {};

  constructor(scope: Construct, id: string, props: ManagementAccountAlarmsProps) {
    super(scope, id);
    const metric = new cloudwatch.Metric({
      namespace: BILLING_NAMESPACE,
      metricName: ESTIMATED_CHARGES,
      dimensionsMap: { Currency: props.currency, LinkedAccount: props.managementAccountId },
      statistic: 'Maximum',
      period: Duration.seconds(BILLING_PERIOD_SECONDS),
    });
    for (const { name, threshold } of usedRungs(props.ladder)) {
      // Construct ids are a contract: the two-tier alarms keep theirs.
      const id =
        name === 'warning'
          ? 'Warning'
          : name === 'critical'
            ? 'Critical'
            : `Rung${rungSlug(name).replace('.', 'p')}`;
      this.alarms[name] = metric.createAlarm(this, id, {
        alarmName: alarmName(props.alarmNamePrefix, name),
        alarmDescription: `Estimated charges of the management account crossed its ${name} ${name === 'warning' || name === 'critical' ? 'threshold' : 'rung'} (billing-alarm-forwarder).`,
        threshold,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: cloudwatch.TreatMissingData.MISSING,
        actionsEnabled: false,
      });
    }
    // EventBridge may use this role only for this account's rules (no confused deputy).
    const role = forwardRole(
      this,
      'ForwardRole',
      "Puts the management account's billing-alarm state changes on the billing bus",
    );
    new events.Rule(this, 'Forward', {
      description: 'The management account’s billing-alarm state changes to the billing bus',
      eventPattern: billingAlarmPattern(props.alarmNamePrefix),
      targets: [new targets.EventBus(props.bus, { role })],
    });
  }
}
