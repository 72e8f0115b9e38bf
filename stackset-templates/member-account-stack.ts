import {
  CfnCondition,
  CfnOutput,
  CfnParameter,
  DefaultStackSynthesizer,
  Fn,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import {
  ALARM_EVENT_SOURCE,
  ALARM_STATE_CHANGE,
  BILLING_NAMESPACE,
  BILLING_PERIOD_SECONDS,
  ESTIMATED_CHARGES,
} from '../handlers/contract/billing.js';
import {
  DAILY_ALARM_SETTINGS,
  DAILY_EXPRESSION_ID,
  DAILY_EXPRESSION_LABEL,
  DAILY_METRIC_ID,
  DAILY_PERIOD_SECONDS,
  DAILY_RATE_EXPRESSION,
  dailyAlarmName,
} from '../handlers/contract/daily-rate.js';
import { RUNG_SLUG_SOURCE } from '../handlers/contract/ladder.js';
import { launchEventPattern } from '../handlers/contract/launch-events.js';
import {
  DAILY_ALARM_LOGICAL_ID,
  MEMBER_PARAMETERS,
  RUNG_SLOTS,
} from '../handlers/contract/member-template.js';

/**
 * What every member account gets: one EstimatedCharges alarm per used rung (up to eight) and a rule forwarding this
 * project's alarm state changes to the billing bus. Env-agnostic, no assets, parameters only, so the
 * same template serves the StackSet and `aws cloudformation create-stack-set`.
 */
export class MemberAccountStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, {
      ...props,
      // A StackSet template must not reference the CDK bootstrap stack.
      synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
      description:
        'billing-alarm-forwarder member account: EstimatedCharges alarms forwarded to the billing bus',
    });

    // One threshold and one name per rung slot; a slot at 0 creates no alarm (DESIGN.md, "The ladder").
    const slots = RUNG_SLOTS.map((slot, i) => ({
      slot,
      threshold: new CfnParameter(this, slot.threshold, {
        type: 'Number',
        minValue: 0,
        default: 0,
        description:
          i === 1
            ? 'Threshold of rung 2 (the critical alarm of the two-rung ladder); 0 creates no alarm.'
            : `Threshold of rung ${i + 1}${i === 0 ? ' (the warning alarm of the two-rung ladder)' : ''}, in the billing currency; 0 creates no alarm.`,
      }),
      name: new CfnParameter(this, slot.name, {
        type: 'String',
        default: slot.defaultName,
        allowedPattern: `^(${RUNG_SLUG_SOURCE})?$`,
        description: `Name of rung ${i + 1} in its alarm's name: warning, critical, a percentage as 120pct, or an amount.`,
      }),
    }));
    const currency = new CfnParameter(this, MEMBER_PARAMETERS.currency, {
      type: 'String',
      default: 'USD',
      allowedPattern: '^[A-Z]{3}$',
      description: 'Currency dimension of the EstimatedCharges metric.',
    });
    const busArn = new CfnParameter(this, MEMBER_PARAMETERS.billingBusArn, {
      type: 'String',
      allowedPattern: '^arn:aws[a-z-]*:events:us-east-1:\\d{12}:event-bus/[A-Za-z0-9._-]+$',
      description: 'ARN of the billing bus in the billing account (us-east-1).',
    });
    const prefix = new CfnParameter(this, MEMBER_PARAMETERS.alarmNamePrefix, {
      type: 'String',
      default: 'billing-alarm-',
      allowedPattern: '^[A-Za-z0-9_-]{3,40}$',
      description: 'Alarm names start with this; the billing account only accepts such alarms.',
    });
    const dimensions = new CfnParameter(this, MEMBER_PARAMETERS.metricDimensions, {
      type: 'String',
      default: 'Currency',
      allowedValues: ['Currency', 'CurrencyAndLinkedAccount'],
      description:
        'Dimension set of the metric in member accounts (undocumented by AWS; `billing-alarms doctor` says how to check).',
    });

    const dailyLimit = new CfnParameter(this, MEMBER_PARAMETERS.dailyLimit, {
      type: 'Number',
      minValue: 0,
      default: 0,
      description:
        'Most the account may spend in 24 hours, in the billing currency (the daily-rate alarm); 0 creates no alarm.',
    });

    const withLinkedAccount = new CfnCondition(this, 'UsesLinkedAccountDimension', {
      expression: Fn.conditionEquals(dimensions.valueAsString, 'CurrencyAndLinkedAccount'),
    });
    const metricDimensions = Fn.conditionIf(
      withLinkedAccount.logicalId,
      [
        { Name: 'Currency', Value: currency.valueAsString },
        { Name: 'LinkedAccount', Value: Stack.of(this).account },
      ],
      [{ Name: 'Currency', Value: currency.valueAsString }],
    );

    slots.forEach(({ slot, threshold, name }, i) => {
      const used = new CfnCondition(this, `HasRung${i + 1}`, {
        expression: Fn.conditionNot(Fn.conditionEquals(threshold.valueAsString, '0')),
      });
      const alarm = new cloudwatch.CfnAlarm(this, slot.logicalId, {
        alarmName: `${prefix.valueAsString}${name.valueAsString}`,
        alarmDescription: `Estimated charges of this account crossed its ${name.valueAsString} rung (billing-alarm-forwarder).`,
        namespace: BILLING_NAMESPACE,
        metricName: ESTIMATED_CHARGES,
        dimensions: metricDimensions,
        statistic: 'Maximum',
        period: BILLING_PERIOD_SECONDS,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        threshold: threshold.valueAsNumber,
        comparisonOperator: 'GreaterThanThreshold',
        // AWS's billing-alarm procedure keeps missing data as "missing": the metric is sparse.
        treatMissingData: 'missing',
        actionsEnabled: false,
      });
      alarm.cfnOptions.condition = used;
    });

    // The daily-rate alarm: metric math on the same metric (DESIGN.md, "Daily-rate alarms").
    const hasDailyLimit = new CfnCondition(this, 'HasDailyLimit', {
      expression: Fn.conditionNot(Fn.conditionEquals(dailyLimit.valueAsString, '0')),
    });
    const dailyAlarm = new cloudwatch.CfnAlarm(this, DAILY_ALARM_LOGICAL_ID, {
      alarmName: dailyAlarmName(prefix.valueAsString),
      alarmDescription:
        'Estimated charges of this account rose more than its daily limit in 24 hours (billing-alarm-forwarder).',
      metrics: [
        {
          id: DAILY_EXPRESSION_ID,
          expression: DAILY_RATE_EXPRESSION,
          label: DAILY_EXPRESSION_LABEL,
          returnData: true,
        },
        {
          id: DAILY_METRIC_ID,
          metricStat: {
            metric: {
              namespace: BILLING_NAMESPACE,
              metricName: ESTIMATED_CHARGES,
              dimensions: metricDimensions,
            },
            period: DAILY_PERIOD_SECONDS,
            stat: 'Maximum',
          },
          returnData: false,
        },
      ],
      evaluationPeriods: DAILY_ALARM_SETTINGS.EvaluationPeriods,
      datapointsToAlarm: DAILY_ALARM_SETTINGS.DatapointsToAlarm,
      threshold: dailyLimit.valueAsNumber,
      comparisonOperator: DAILY_ALARM_SETTINGS.ComparisonOperator,
      treatMissingData: DAILY_ALARM_SETTINGS.TreatMissingData,
      actionsEnabled: false,
    });
    dailyAlarm.cfnOptions.condition = hasDailyLimit;

    const forwarderRole = new iam.Role(this, 'ForwarderRole', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Lets EventBridge put billing-alarm events on the billing bus, and nowhere else.',
      inlinePolicies: {
        PutOnBillingBus: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [busArn.valueAsString] }),
          ],
        }),
      },
    });

    const rule = new events.CfnRule(this, 'ForwardBillingAlarms', {
      description: 'Forwards this project’s billing-alarm state changes to the billing account',
      eventBusName: 'default',
      state: 'ENABLED',
      eventPattern: {
        source: [ALARM_EVENT_SOURCE],
        'detail-type': [ALARM_STATE_CHANGE],
        detail: {
          alarmName: [{ prefix: prefix.valueAsString }],
          // Single-metric billing alarms only: no metric math, no anomaly band.
          configuration: {
            metrics: {
              metricStat: { metric: { namespace: [BILLING_NAMESPACE], name: [ESTIMATED_CHARGES] } },
              expression: [{ exists: false }],
            },
          },
        },
      },
      targets: [{ id: 'BillingBus', arn: busArn.valueAsString, roleArn: forwarderRole.roleArn }],
    });

    // The daily-rate alarm is metric math, which the rule above leaves out: this rule forwards that
    // one alarm, by its exact name and expression (the edge checks both again).
    const dailyRule = new events.CfnRule(this, 'ForwardDailyRateAlarm', {
      description: 'Forwards this project’s daily-rate alarm state changes to the billing account',
      eventBusName: 'default',
      state: 'ENABLED',
      eventPattern: {
        source: [ALARM_EVENT_SOURCE],
        'detail-type': [ALARM_STATE_CHANGE],
        detail: {
          alarmName: [dailyAlarmName(prefix.valueAsString)],
          configuration: { metrics: { expression: [DAILY_RATE_EXPRESSION] } },
        },
      },
      targets: [{ id: 'BillingBus', arn: busArn.valueAsString, roleArn: forwarderRole.roleArn }],
    });
    dailyRule.cfnOptions.condition = hasDailyLimit;

    new CfnOutput(this, 'ForwardingRuleArn', { value: rule.attrArn });

    // Fast burn (opt-in): costly launches, as CloudTrail delivers them to this account's default
    // bus, go to the billing bus too; disabled, the rule is not created (DESIGN.md, "Fast burn from launches").
    const fastBurn = new CfnParameter(this, MEMBER_PARAMETERS.fastBurn, {
      type: 'String',
      default: 'disabled',
      allowedValues: ['enabled', 'disabled'],
      description: 'enabled forwards costly launches (CloudTrail management events) to the billing bus.',
    });
    const forwardLaunches = new events.CfnRule(this, 'ForwardLaunches', {
      description: 'Forwards costly launches (CloudTrail management events) to the billing account',
      eventBusName: 'default',
      state: 'ENABLED',
      eventPattern: launchEventPattern(),
      targets: [{ id: 'BillingBus', arn: busArn.valueAsString, roleArn: forwarderRole.roleArn }],
    });
    forwardLaunches.cfnOptions.condition = new CfnCondition(this, 'ForwardsLaunches', {
      expression: Fn.conditionEquals(fastBurn.valueAsString, 'enabled'),
    });
  }
}
