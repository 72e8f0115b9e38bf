import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemberAccountStack } from '../stackset-templates/member-account-stack.js';

describe('member account template', () => {
  let template: Template;
  beforeAll(() => {
    const app = new App();
    template = Template.fromStack(new MemberAccountStack(app, 'Member'));
  });

  it('takes thresholds, currency, bus ARN, prefix and the dimension set as parameters', () => {
    expect(Object.keys(template.toJSON().Parameters)).toEqual(
      expect.arrayContaining([
        'CriticalThreshold',
        'WarningThreshold',
        'Currency',
        'BillingBusArn',
        'AlarmNamePrefix',
        'MetricDimensions',
      ]),
    );
    template.hasParameter('WarningThreshold', { Type: 'Number', Default: 0 });
    template.hasParameter('MetricDimensions', { AllowedValues: ['Currency', 'CurrencyAndLinkedAccount'] });
  });

  it('is env-agnostic: no bootstrap rule, no assets, no fixed account or region', () => {
    const json = template.toJSON();
    expect(json.Rules).toBeUndefined();
    expect(JSON.stringify(json)).not.toMatch(/cdk-hnb659fds|"\d{12}"/);
    expect(json.Parameters.BootstrapVersion).toBeUndefined();
  });

  it('alarms on EstimatedCharges as AWS recommends: Maximum, 6 hours, 1 of 1, missing data missing', () => {
    // 8 rung slots and the daily-rate alarm.
    template.resourceCountIs('AWS::CloudWatch::Alarm', 9);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Billing',
      MetricName: 'EstimatedCharges',
      Statistic: 'Maximum',
      Period: 21600,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: 'missing',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: { Ref: 'CriticalThreshold' },
      AlarmName: { 'Fn::Join': ['', [{ Ref: 'AlarmNamePrefix' }, { Ref: 'Rung2Name' }]] },
      Dimensions: {
        'Fn::If': [
          'UsesLinkedAccountDimension',
          [
            { Name: 'Currency', Value: { Ref: 'Currency' } },
            { Name: 'LinkedAccount', Value: { Ref: 'AWS::AccountId' } },
          ],
          [{ Name: 'Currency', Value: { Ref: 'Currency' } }],
        ],
      },
    });
  });

  it('creates each rung slot’s alarm only when its threshold is not 0, keeping the two-tier ids', () => {
    const slots = [
      ['WarningAlarm', 'WarningThreshold', 'Rung1Name', 'warning'],
      ['CriticalAlarm', 'CriticalThreshold', 'Rung2Name', 'critical'],
      ...[3, 4, 5, 6, 7, 8].map((n) => [`Rung${n}Alarm`, `Rung${n}Threshold`, `Rung${n}Name`, '']),
    ] as const;
    const alarms = template.findResources('AWS::CloudWatch::Alarm');
    slots.forEach(([id, threshold, name, defaultName], i) => {
      expect(alarms[id]).toMatchObject({
        Condition: `HasRung${i + 1}`,
        Properties: { Threshold: { Ref: threshold } },
      });
      template.hasCondition(`HasRung${i + 1}`, {
        'Fn::Not': [{ 'Fn::Equals': [{ Ref: threshold }, '0'] }],
      });
      template.hasParameter(threshold, { Type: 'Number', Default: 0, MinValue: 0 });
      template.hasParameter(name, { Type: 'String', Default: defaultName });
    });
    // 8 rungs × 2 parameters and 6 more (DailyLimit and FastBurnAlerts among them): far below CloudFormation's parameter quota.
    expect(Object.keys(template.toJSON().Parameters)).toHaveLength(22);
  });

  it('forwards only this project’s billing-alarm state changes, to the bus ARN, with a role', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: 'default',
      EventPattern: {
        source: ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        detail: {
          alarmName: [{ prefix: { Ref: 'AlarmNamePrefix' } }],
          configuration: { metrics: { metricStat: { metric: { namespace: ['AWS/Billing'] } } } },
        },
      },
      Targets: [
        {
          Arn: { Ref: 'BillingBusArn' },
          Id: 'BillingBus',
          RoleArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
        },
      ],
    });
  });

  it('lets the forwarding role put events on the one bus ARN only', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'events.amazonaws.com' } })],
      },
      Policies: [
        {
          PolicyName: 'PutOnBillingBus',
          PolicyDocument: {
            Statement: [{ Action: 'events:PutEvents', Effect: 'Allow', Resource: { Ref: 'BillingBusArn' } }],
          },
        },
      ],
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });
});
