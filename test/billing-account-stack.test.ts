import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../handlers/contract/config/load.js';
import { exampleConfig, exampleConfigInput } from './helpers/config.js';
import { buildTestApp } from './helpers/synth.js';

const synthBillingTemplate = (config: ReturnType<typeof exampleConfig>) =>
  Template.fromStack(buildTestApp(config).stack);

describe('billing account stack', () => {
  let template: Template;
  beforeAll(() => {
    const { stack } = buildTestApp(exampleConfig());
    template = Template.fromStack(stack);
  });

  it('names the bus and lets only principals of the organisation put events on it', () => {
    template.hasResourceProperties('AWS::Events::EventBus', {
      Name: 'billing-alarms',
      Policy: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'OrganizationAccountsMayForwardBillingAlarms',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: 'events:PutEvents',
            Resource: {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':events:us-east-1:100000000001:event-bus/billing-alarms',
                ],
              ],
            },
            Condition: {
              StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
              'ForAllValues:StringEquals': Match.anyValue(),
            },
          },
        ],
      },
    });
    template.resourceCountIs('AWS::Events::EventBusPolicy', 0);
  });

  it('routes forwarded billing alarms to the alarm queue with retries, a maximum age and a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: Match.stringLikeRegexp('BillingBus') },
      EventPattern: Match.objectLike({
        source: ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        detail: Match.objectLike({ alarmName: [{ prefix: 'billing-alarm-' }] }),
      }),
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AlarmPipelineQueue'), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 21600 },
          DeadLetterConfig: {
            Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AlarmPipelineDeadLetters'), 'Arn'] },
          },
        }),
      ],
    });
    // Only the rule may send to the queue (EventBridge's resource-based permission).
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: Match.stringLikeRegexp('AlarmPipelineQueue') }],
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': Match.anyValue() } },
          }),
        ]),
      }),
    });
  });

  it('feeds the alarm Lambda batches from the queue: a batching window, partial failures, dead letters after five receives', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: Match.stringLikeRegexp('AlarmHandler') },
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AlarmPipelineQueue'), 'Arn'] },
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 20,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      // Six times the alarm function's 30-s timeout, as AWS asks of a Lambda event source.
      VisibilityTimeout: 180,
      SqsManagedSseEnabled: true,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AlarmPipelineDeadLetters'), 'Arn'] },
        maxReceiveCount: 5,
      },
    });
  });

  it('lets the alarm Lambda hand a batch’s answers to the publisher itself', () => {
    const alarm = Object.values(template.findResources('AWS::Lambda::Function')).find((f) =>
      JSON.stringify(f.Properties.Environment ?? {}).includes('BILLING_ALARMS_PUBLISHER'),
    );
    expect(JSON.stringify(alarm?.Properties.Environment.Variables.BILLING_ALARMS_PUBLISHER)).toContain(
      'Publisher',
    );
    const invokes = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties).includes('lambda:InvokeFunction'),
    );
    expect(
      invokes.some(
        (p) =>
          JSON.stringify(p.Properties.Roles).includes('AlarmHandler') &&
          JSON.stringify(p.Properties.PolicyDocument).includes('Publisher'),
      ),
    ).toBe(true);
  });

  it('sends function errors after Lambda’s own retries to the same dead-letter queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: Match.stringLikeRegexp('AlarmHandler') },
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('AlarmPipelineDeadLetters'), 'Arn'] },
        },
      },
    });
  });

  it('alarms the operators as soon as a dead letter waits', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('AlarmPipelineDeadLetters'), 'QueueName'] },
        },
      ],
      AlarmActions: [{ Ref: Match.stringLikeRegexp('OperatorTopic') }],
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'platform-oncall@example.com',
    });
  });

  it('gives the management account its own tier alarms on LinkedAccount, forwarded to the billing bus', () => {
    for (const [tier, threshold] of [
      ['warning', 2000],
      ['critical', 3000],
    ] as const) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `billing-alarm-${tier}`,
        Namespace: 'AWS/Billing',
        MetricName: 'EstimatedCharges',
        Threshold: threshold,
        Period: 21600,
        Statistic: 'Maximum',
        Dimensions: Match.arrayWith([{ Name: 'LinkedAccount', Value: '100000000001' }]),
      });
    }
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: Match.absent(),
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('BillingBus'), 'Arn'] } })],
    });
  });

  it('deploys the member template as a service-managed StackSet with auto-deployment, in us-east-1 only', () => {
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      CallAs: 'SELF',
      Capabilities: ['CAPABILITY_IAM'],
      TemplateBody: Match.stringLikeRegexp('EstimatedCharges'),
      Parameters: Match.arrayWith([
        { ParameterKey: 'WarningThreshold', ParameterValue: '2000' },
        { ParameterKey: 'Rung1Name', ParameterValue: 'warning' },
        { ParameterKey: 'CriticalThreshold', ParameterValue: '3000' },
        { ParameterKey: 'Rung2Name', ParameterValue: 'critical' },
        {
          ParameterKey: 'BillingBusArn',
          ParameterValue: { 'Fn::GetAtt': [Match.stringLikeRegexp('BillingBus'), 'Arn'] },
        },
      ]),
    });
    const [stackSet] = Object.values(template.findResources('AWS::CloudFormation::StackSet'));
    const groups = stackSet?.Properties.StackInstancesGroup as Array<Record<string, any>>;
    for (const g of groups) expect(g.Regions).toEqual(['us-east-1']);
  });

  it('puts every target OU in one stack-instance group without overrides: thresholds are applied after deploy', () => {
    const [stackSet] = Object.values(template.findResources('AWS::CloudFormation::StackSet'));
    const groups = stackSet?.Properties.StackInstancesGroup as Array<Record<string, any>>;

    expect(groups).toEqual([
      {
        Regions: ['us-east-1'],
        DeploymentTargets: { OrganizationalUnitIds: ['ou-a1b2-workloads', 'ou-a1b2-sandboxes'] },
      },
    ]);
    // A few failing accounts do not fail the operation (nor roll back the billing stack).
    expect(stackSet?.Properties.OperationPreferences.FailureTolerancePercentage).toBe(100);
    // The reconciler runs after the StackSet, again whenever the template or the thresholds change.
    const [overrides] = Object.entries(template.findResources('Custom::MemberStackSetOverrides'));
    expect(overrides?.[1].DependsOn).toEqual(
      expect.arrayContaining([expect.stringMatching(/^MemberStackSet/)]),
    );
    expect(overrides?.[1].Properties.Revision).toMatch(/^[0-9a-f]{64}$/);
    const config = exampleConfig();
    const changed = synthBillingTemplate({
      ...config,
      thresholds: { ...config.thresholds, default: { warning: 100, critical: 200 } },
    });
    const [other] = Object.values(changed.findResources('Custom::MemberStackSetOverrides'));
    expect(other?.Properties.Revision).not.toBe(overrides?.[1].Properties.Revision);
  });

  it('lets the governance Lambda and the reconciler update stack instances of each resource type in the member template', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as Array<{ Sid?: string; Resource: unknown }>,
    );
    const updates = statements.filter((st) => st.Sid === 'UpdateMemberStackInstances');
    expect(updates).toHaveLength(2);
    for (const st of updates) {
      const text = JSON.stringify(st.Resource);
      for (const type of ['AWS-CloudWatch-Alarm', 'AWS-Events-Rule', 'AWS-IAM-Role'])
        expect(text).toContain(`:cloudformation:*:*:type/resource/${type}`);
      expect(text).toContain(':stackset-target/billing-alarm-forwarder-member:*');
    }
  });

  it('lets CloudWatch publish the dead-letter alarms to the operator topic, for this account only', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'CloudWatchAlarmsOfThisAccount',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: {
              StringEquals: { 'aws:SourceAccount': '100000000001' },
              ArnLike: { 'aws:SourceArn': Match.anyValue() },
            },
          }),
        ]),
      },
    });
  });

  it('lets the publisher use the customer-managed keys the chat channels name, and no other', () => {
    const key = 'arn:aws:kms:us-east-1:100000000001:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const base = exampleConfig();
    const keyed = synthBillingTemplate({
      ...base,
      chat: {
        ...base.chat,
        channels: base.chat.channels.map((c, i) => (i === 0 ? { ...c, kmsKeyArn: key } : c)),
      },
    });
    const statements = (t: Template) =>
      Object.values(t.findResources('AWS::IAM::Policy')).flatMap(
        (p) =>
          p.Properties.PolicyDocument.Statement as Array<{
            Sid?: string;
            Resource: unknown;
            Action: unknown;
          }>,
      );

    expect(statements(keyed).find((st) => st.Sid === 'UseChatKeys')).toMatchObject({
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: key,
    });
    expect(statements(template).find((st) => st.Sid === 'UseChatKeys')).toBeUndefined();
  });

  it('reserves concurrency only when the configuration says the account quota holds it', () => {
    const reserved = Object.values(template.findResources('AWS::Lambda::Function')).flatMap((f) =>
      f.Properties.ReservedConcurrentExecutions ? [f.Properties.ReservedConcurrentExecutions] : [],
    );
    expect(reserved.sort()).toEqual([1, 2, 5]);
    const off = synthBillingTemplate({ ...exampleConfig(), reservedConcurrency: false });
    const none = Object.values(off.findResources('AWS::Lambda::Function')).filter(
      (f) => f.Properties.ReservedConcurrentExecutions !== undefined,
    );
    expect(none).toEqual([]);
  });

  it('runs the report on EventBridge Scheduler at each configured time in the configured time zone', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', 2);
    for (const hour of ['12', '18']) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: `cron(0 ${hour} * * ? *)`,
        ScheduleExpressionTimezone: 'Asia/Seoul',
        Target: Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ReportHandler'), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
          // The scheduled time is the report's idempotency key.
          Input: JSON.stringify({
            source: 'billing-alarm-forwarder.schedule',
            scheduledTime: '<aws.scheduler.scheduled-time>',
          }),
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ReportDeadLetters'), 'Arn'] } },
        }),
      });
    }
  });

  it('keeps idempotency records and the cost snapshot in one on-demand table with TTL and point-in-time recovery', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('runs its five Lambdas (alarm, report, governance, publisher, actions; the governance code also reconciles after deploy) on Node.js 22 or newer, bundled as ESM', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    const ours = functions.filter(
      (f) => String(f.Properties.Handler) === 'index.handler' && f.Properties.Environment?.Variables,
    );
    expect(ours).toHaveLength(6);
    for (const f of ours) {
      expect(Number(/nodejs(\d+)\.x/.exec(String(f.Properties.Runtime))?.[1])).toBeGreaterThanOrEqual(22);
    }
    // Every one keeps state in the table (the publisher its chat and event deliveries, the action
    // page its nonces and request counts).
    const withTable = ours.filter((f) => f.Properties.Environment.Variables.BILLING_ALARMS_TABLE);
    expect(withTable).toHaveLength(6);
    for (const f of withTable)
      expect(f.Properties.Environment.Variables.BILLING_ALARMS_TABLE).toEqual({
        Ref: expect.stringMatching(/State/),
      });
  });

  it('grants no IAM action with a wildcard, and Resource "*" only to Cost Explorer and Organizations reads', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>,
    );
    for (const s of statements) {
      const actions = ([] as string[]).concat(s.Action);
      for (const action of actions) expect(action).not.toContain('*');
      if (s.Resource === '*') {
        for (const action of actions)
          expect(action).toMatch(
            /^(ce:GetCost(AndUsage|Forecast|ComparisonDrivers)|organizations:(ListAccounts|ListParents|DescribeAccount|ListTagsForResource|ListRoots|ListOrganizationalUnitsForParent|ListAccountsForParent)|cloudwatch:DescribeAlarms)$/,
          );
      }
    }
    expect(statements.length).toBeGreaterThan(5);
  });

  it('lets the report read Cost Explorer’s comparison drivers for the month close, and the alarm not', () => {
    const grants = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([, p]) =>
      JSON.stringify(p.Properties.PolicyDocument).includes('ce:GetCostComparisonDrivers'),
    );
    expect(grants.map(([id]) => id)).toEqual([expect.stringMatching(/^Report/)]);
  });
});

/** A statement letting `service` act only for resources of this account (source account and ARN). */
const fromThisAccount = (service: string) =>
  Match.objectLike({
    Principal: { Service: service },
    Condition: {
      StringEquals: { 'aws:SourceAccount': '100000000001' },
      ArnLike: { 'aws:SourceArn': Match.anyValue() },
    },
  });

describe('billing account stack: IAM and data', () => {
  let template: Template;
  beforeAll(() => {
    template = Template.fromStack(buildTestApp(exampleConfig()).stack);
  });

  it('lets CloudWatch use the operator key only for this account’s alarms', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([fromThisAccount('cloudwatch.amazonaws.com')]),
      },
    });
  });

  it('lets EventBridge assume the management account’s forwarding role only for this account’s rules', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [fromThisAccount('events.amazonaws.com')],
      },
    });
  });

  it('accepts only CloudWatch alarm state changes from the organisation on the bus', () => {
    template.hasResourceProperties('AWS::Events::EventBus', {
      Policy: {
        Statement: [
          Match.objectLike({
            Condition: {
              StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
              // Every entry of a PutEvents call (multi-valued keys).
              'ForAllValues:StringEquals': {
                'events:source': 'aws.cloudwatch',
                'events:detail-type': 'CloudWatch Alarm State Change',
              },
            },
          }),
        ],
      },
    });
  });

  it('keeps the state table when the stack is deleted', () => {
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('reserves the alarm Lambda’s concurrency and routes only single-metric billing alarms to it', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      ReservedConcurrentExecutions: 5,
      Timeout: 30,
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({
        detail: Match.objectLike({
          configuration: {
            metrics: {
              metricStat: { metric: { namespace: ['AWS/Billing'], name: ['EstimatedCharges'] } },
              expression: [{ exists: false }],
            },
          },
        }),
      }),
    });
  });
  it('publishes SES’s sending events to the default bus and feeds this tool’s (tagged) ones to the alarm Lambda', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: Match.arrayEquals([
          'send',
          'delivery',
          'bounce',
          'complaint',
          'reject',
          'renderingFailure',
        ]),
        EventBridgeDestination: {
          EventBusArn: {
            'Fn::Join': ['', Match.arrayWith([':events:us-east-1:100000000001:event-bus/default'])],
          },
        },
      },
    });
    const rule = Object.values(template.findResources('AWS::Events::Rule'))
      .map((r) => r.Properties)
      .find((p) => p.EventPattern?.source?.[0] === 'aws.ses');

    expect(rule?.EventBusName).toBe('default');
    expect(rule?.EventPattern['detail-type']).toEqual([
      'Email Sent',
      'Email Delivered',
      'Email Bounced',
      'Email Complaint Received',
      'Email Rejected',
      'Email Rendering Failed',
    ]);
    expect(rule?.EventPattern.detail).toEqual({
      mail: { tags: { 'billing-alarms-delivery': [{ exists: true }] } },
    });
    expect(JSON.stringify(rule?.Targets[0].Arn)).toContain('AlarmHandler');
    expect(rule?.Targets[0].DeadLetterConfig).toBeDefined();
  });

  it('hands the alarm and report Lambdas’ successful answers to the automation publisher through their success destinations', () => {
    const configs = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig')).map(
      (r) => r.Properties.DestinationConfig,
    );
    const toBus = configs.filter((d) => JSON.stringify(d?.OnSuccess ?? {}).includes('BillingBus'));
    const rule = Object.values(template.findResources('AWS::Events::Rule'))
      .map((r) => r.Properties)
      .find((p) => p.EventPattern?.source?.[0] === 'lambda');

    expect(toBus).toHaveLength(2);
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as Array<{ Sid?: string; Resource: unknown }>,
    );
    // Exactly the configured secrets and topics, nothing wider.
    expect(statements.find((st) => st.Sid === 'ReadChatWebhooks')?.Resource).toEqual(
      exampleConfig().chat.channels.flatMap((c) => (c.webhookSecretArn ? [c.webhookSecretArn] : [])),
    );
    expect(statements.find((st) => st.Sid === 'PublishToAmazonQ')?.Resource).toBe(
      'arn:aws:sns:us-east-1:100000000001:billing-alarms-amazon-q',
    );
    expect(rule?.EventPattern['detail-type']).toEqual(['Lambda Function Invocation Result - Success']);
    expect(rule?.EventPattern.detail.responsePayload).toEqual({ status: ['sent'] });
    expect(rule?.Targets[0].DeadLetterConfig).toBeDefined();
  });

  it('routes account moves, creations, joins and created member instances to the governance Lambda, with a dead-letter queue', () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule')).map((r) => r.Properties);
    const joins = rules.find((r) => r.EventPattern?.source?.[0] === 'aws.organizations');
    const instances = rules.find((r) => r.EventPattern?.source?.[0] === 'aws.cloudformation');

    expect(joins?.EventPattern.detail.eventName).toEqual([
      'MoveAccount',
      'CreateAccountResult',
      'AccountJoinedOrganization',
    ]);
    expect(joins?.EventBusName).toBeUndefined();
    expect(instances?.EventPattern.detail).toMatchObject({ action: ['CREATE'] });
    expect(instances?.EventPattern.detail['stack-set-arn'][0].wildcard).toContain(
      ':stackset/billing-alarm-forwarder-member:',
    );
    for (const rule of [joins, instances]) expect(rule?.Targets[0].DeadLetterConfig).toBeDefined();
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as Array<{ Sid?: string; Action: string[] }>,
    );
    expect(statements.find((s) => s.Sid === 'UpdateMemberStackInstances')?.Action).toContain(
      'cloudformation:UpdateStackInstances',
    );
  });

  it('serves the action page on a public function URL whose resource policy admits only function URL calls', () => {
    template.resourceCountIs('AWS::Lambda::Url', 1);
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ActionsHandler'), 'Arn'] },
    });
    // AuthType NONE still needs the resource policy to grant public access (DESIGN.md, AWS rules):
    // InvokeFunctionUrl held to auth type NONE, and InvokeFunction only when invoked through the URL.
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunctionUrl',
      Principal: '*',
      FunctionUrlAuthType: 'NONE',
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('ActionsHandler'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: '*',
      InvokedViaFunctionUrl: true,
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('ActionsHandler'), 'Arn'] },
    });
    const publicInvokes = Object.values(template.findResources('AWS::Lambda::Permission'))
      .map((p) => p.Properties)
      .filter((p) => p.Principal === '*');
    for (const p of publicInvokes)
      expect(p.FunctionUrlAuthType === 'NONE' || p.InvokedViaFunctionUrl === true).toBe(true);
  });

  it('keeps the links’ signing key in a generated secret that the action page and the alarm Lambda may read, and tells the alarm Lambda the URL', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
    });
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).map((p) => p.Properties);
    const readers = policies.filter((p) =>
      (p.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>).some(
        (st) =>
          ([] as string[]).concat(st.Action).includes('secretsmanager:GetSecretValue') &&
          JSON.stringify(st.Resource).includes('ActionsSigningKey'),
      ),
    );
    expect(readers.map((p) => JSON.stringify(p.Roles)).sort()).toEqual([
      expect.stringMatching(/ActionsHandler/),
      expect.stringMatching(/AlarmHandler/),
    ]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          BILLING_ALARMS_ACTION_URL: {
            'Fn::GetAtt': [Match.stringLikeRegexp('ActionsHandler.*Url'), 'FunctionUrl'],
          },
          BILLING_ALARMS_ACTION_SECRET: { Ref: Match.stringLikeRegexp('ActionsSigningKey') },
        }),
      },
      ReservedConcurrentExecutions: 5,
    });
  });
});

describe('billing account stack options', () => {
  it('lets the action function read the Slack signing secret when chat.slackSigningSecretArn is set, and only then', () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:slack-signing-AbCdEf';
    const input = exampleConfigInput() as Record<string, any>;
    input.chat = { ...(input.chat ?? {}), slackSigningSecretArn: arn };
    const withSlack = Template.fromStack(buildTestApp(parseConfig(input)).stack);
    const statement = (t: Template) =>
      Object.values(t.findResources('AWS::IAM::Policy'))
        .filter((p) => JSON.stringify(p.Properties.Roles).includes('ActionsHandler'))
        .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Sid?: string; Resource: unknown }>)
        .find((st) => st.Sid === 'ReadSlackSigningSecret');

    expect(statement(withSlack)).toMatchObject({ Action: 'secretsmanager:GetSecretValue', Resource: arn });
    expect(statement(Template.fromStack(buildTestApp(exampleConfig()).stack))).toBeUndefined();
  });

  it('applies an account override for the management account to its own alarms', () => {
    const input = exampleConfigInput() as Record<string, any>;
    input.thresholds.accounts.push({ id: '100000000001', warning: 500, critical: 900 });
    const t = Template.fromStack(buildTestApp(parseConfig(input)).stack);

    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'billing-alarm-critical',
      Threshold: 900,
      Dimensions: Match.arrayWith([{ Name: 'LinkedAccount', Value: '100000000001' }]),
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'billing-alarm-warning', Threshold: 500 });
  });

  it('omits the warning alarm of the management account when the default warning is 0', () => {
    const input = exampleConfigInput() as Record<string, any>;
    input.thresholds.default.warning = 0;
    input.thresholds.accounts = [];
    input.thresholds.organizationalUnits = [];
    const { stack } = buildTestApp(parseConfig(input));
    const template = Template.fromStack(stack);

    template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { AlarmName: 'billing-alarm-warning' }, 0);
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackInstancesGroup: [
        {
          Regions: ['us-east-1'],
          DeploymentTargets: { OrganizationalUnitIds: ['ou-a1b2-workloads', 'ou-a1b2-sandboxes'] },
        },
      ],
    });
  });
});

describe('billing account stack: Cost Anomaly Detection (anomalies:)', () => {
  const withAnomalies = (anomalies: Record<string, unknown>) =>
    synthBillingTemplate(parseConfig({ ...exampleConfigInput(), anomalies }));

  it('forwards the default bus’s Anomaly Detected to the billing bus, admits it there and routes it to the alarm Lambda', () => {
    const template = withAnomalies({});
    const rules = Object.values(template.findResources('AWS::Events::Rule')).filter(
      (r) =>
        JSON.stringify(r.Properties.EventPattern) ===
        JSON.stringify({ source: ['aws.ce'], 'detail-type': ['Anomaly Detected'] }),
    );

    // One on the default bus (no EventBusName) targeting the billing bus, one on the billing bus targeting the alarm Lambda.
    expect(rules.map((r) => r.Properties.EventBusName === undefined).sort()).toEqual([false, true]);
    template.hasResourceProperties('AWS::Events::EventBus', {
      Policy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'ManagementAccountMayForwardAnomalies',
            Condition: Match.objectLike({
              'ForAllValues:StringEquals': {
                'events:source': 'aws.ce',
                'events:detail-type': 'Anomaly Detected',
              },
            }),
          }),
        ]),
      },
    });
    template.resourceCountIs('AWS::CE::AnomalyMonitor', 0);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'ce:ProvideAnomalyFeedback', Resource: '*' }),
        ]),
      },
    });
  });

  it('creates an AWS services monitor and an IMMEDIATE SNS subscription with the impact threshold', () => {
    const template = withAnomalies({
      create: {
        minImpact: 250,
        minImpactPercent: 20,
        topicArn: 'arn:aws:sns:us-east-1:100000000001:cost-anomalies',
      },
    });

    template.hasResourceProperties('AWS::CE::AnomalyMonitor', {
      MonitorType: 'DIMENSIONAL',
      MonitorDimension: 'SERVICE',
      MonitorName: 'billing-alarms-services',
    });
    template.hasResourceProperties('AWS::CE::AnomalySubscription', {
      Frequency: 'IMMEDIATE',
      Subscribers: [{ Type: 'SNS', Address: 'arn:aws:sns:us-east-1:100000000001:cost-anomalies' }],
      ThresholdExpression: JSON.stringify({
        And: [
          {
            Dimensions: {
              Key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE',
              MatchOptions: ['GREATER_THAN_OR_EQUAL'],
              Values: ['250'],
            },
          },
          {
            Dimensions: {
              Key: 'ANOMALY_TOTAL_IMPACT_PERCENTAGE',
              MatchOptions: ['GREATER_THAN_OR_EQUAL'],
              Values: ['20'],
            },
          },
        ],
      }),
      MonitorArnList: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('Monitor'), 'MonitorArn'] }],
    });
  });
});
