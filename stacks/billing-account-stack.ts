import { fileURLToPath } from 'node:url';
import { Arn, ArnFormat, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { BILLING_REGION } from '../handlers/contract/billing.js';
import type { Config } from '../handlers/contract/config/schema.js';
import { policyFor } from '../handlers/contract/config/thresholds.js';
import {
  ALARM_CONCURRENCY,
  ALARM_TIMEOUT_SECONDS,
  REPORT_TIMEOUT_SECONDS,
} from '../handlers/contract/lambda-limits.js';
import { RUNTIME_ENV } from '../handlers/contract/runtime-env.js';
import { AlarmPipeline } from './constructs/alarm-pipeline.js';
import { AutomationEvents } from './constructs/automation-events.js';
import { BillingBus } from './constructs/billing-bus.js';
import { WatchedDeadLetterQueue } from './constructs/dead-letter-queue.js';
import { ForwarderFunction } from './constructs/forwarder-function.js';
import { GovernanceFunction } from './constructs/governance-function.js';
import { GovernanceRule } from './constructs/governance-rule.js';
import { ManagementAccountAlarms } from './constructs/management-account-alarms.js';
import { MemberOverrides } from './constructs/member-overrides.js';
import { MemberStackSet } from './constructs/member-stack-set.js';
import { PublisherFunction } from './constructs/publisher-function.js';
import { ReportSchedule } from './constructs/report-schedule.js';

/** Props of {@link BillingAccountStack}. */
export interface BillingAccountStackProps extends StackProps {
  /** The validated configuration. */
  readonly config: Config;
  /** Path of the configuration as JSON, bundled next to each Lambda. */
  readonly runtimeConfigPath: string;
  /** The member template, from {@link MemberAccountStack}. */
  readonly memberTemplateBody: string;
}

const handlerPath = (file: string) => fileURLToPath(new URL(`../handlers/${file}`, import.meta.url));

/**
 * Everything in the billing (management) account: the billing bus, the alarm and report Lambdas,
 * the member StackSet, the management account's own alarms, the report schedule and the state table.
 */
export class BillingAccountStack extends Stack {
  readonly table: dynamodb.Table;
  readonly alarmFunction: ForwarderFunction;
  readonly reportFunction: ForwarderFunction;
  readonly governanceFunction: ForwarderFunction;
  readonly publisherFunction: ForwarderFunction;
  readonly memberOverrides: MemberOverrides;

  constructor(scope: Construct, id: string, props: BillingAccountStackProps) {
    super(scope, id, props);
    if (props.env?.region && props.env.region !== BILLING_REGION) {
      throw new Error(
        `the billing stack must deploy to ${BILLING_REGION} (billing metrics live there), got ${props.env.region}`,
      );
    }
    const { config } = props;

    // Idempotency records and the cached cost snapshot; both expire through TTL.
    this.table = new dynamodb.Table(this, 'State', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiration',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // The delivery ledger and rejection records outlive the stack: deleting the stack keeps the
      // table (README: how to remove it).
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const operatorKey = new kms.Key(this, 'OperatorTopicKey', {
      enableKeyRotation: true,
      description: 'Encrypts the operator topic; CloudWatch alarms may use it',
    });
    // CloudWatch may use the key only for this account's alarms (no confused deputy).
    operatorKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': this.account },
          ArnLike: { 'aws:SourceArn': alarmsOfThisAccount(this) },
        },
      }),
    );
    const operatorTopic = new sns.Topic(this, 'OperatorTopic', {
      displayName: 'billing-alarm-forwarder operators',
      masterKey: operatorKey,
      enforceSSL: true,
    });
    // An explicit topic policy (enforceSSL writes one) replaces SNS's default policy, so CloudWatch's
    // alarm actions need their own Allow, limited to this account's alarms.
    operatorTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [operatorTopic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': this.account },
          ArnLike: { 'aws:SourceArn': alarmsOfThisAccount(this) },
        },
      }),
    );
    for (const address of config.email.operatorRecipients) {
      operatorTopic.addSubscription(new subscriptions.EmailSubscription(address));
    }

    const configurationSet = new ses.ConfigurationSet(this, 'Mail', {
      configurationSetName: config.email.configurationSetName,
      reputationMetrics: true,
    });

    const { bus } = new BillingBus(this, 'BillingBus', { organizationId: config.organization.id });

    const environment = {
      [RUNTIME_ENV.tableName]: this.table.tableName,
      [RUNTIME_ENV.configurationSet]: configurationSet.configurationSetName,
      POWERTOOLS_METRICS_NAMESPACE: 'BillingAlarmForwarder',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    };
    this.alarmFunction = new ForwarderFunction(this, 'AlarmHandler', {
      entry: handlerPath('alarm.ts'),
      runtimeConfigPath: props.runtimeConfigPath,
      environment: { ...environment, POWERTOOLS_SERVICE_NAME: 'billing-alarm' },
      locale: config.locale,
      timeout: Duration.seconds(ALARM_TIMEOUT_SECONDS),
      // A storm of alarms queues (async invokes wait and retry) instead of flooding Cost Explorer.
      ...(config.reservedConcurrency ? { reservedConcurrentExecutions: ALARM_CONCURRENCY } : {}),
    });
    this.reportFunction = new ForwarderFunction(this, 'ReportHandler', {
      entry: handlerPath('report.ts'),
      runtimeConfigPath: props.runtimeConfigPath,
      environment: { ...environment, POWERTOOLS_SERVICE_NAME: 'billing-report' },
      locale: config.locale,
      timeout: Duration.seconds(REPORT_TIMEOUT_SECONDS),
      memorySize: 512,
    });

    for (const fn of [this.alarmFunction.function, this.reportFunction.function]) {
      this.table.grantReadWriteData(fn);
      fn.addToRolePolicy(sendEmailStatement(this, config, configurationSet.configurationSetName));
      // Cost Explorer has no resource-level permissions for these reads: '*' is the only resource.
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'ReadCostExplorer',
          actions: ['ce:GetCostAndUsage', 'ce:GetCostForecast'],
          resources: ['*'],
        }),
      );
    }

    this.alarmFunction.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'CheckAccountMembership',
        // Is the account an active member, what is its name, which OU is it in. ListParents has no
        // resource type ('*'); DescribeAccount could name account ARNs, but they embed the
        // organisation id and member account ids that the stack does not know.
        actions: [
          'organizations:ListParents',
          'organizations:DescribeAccount',
          'organizations:ListTagsForResource',
        ],
        resources: ['*'],
      }),
    );
    if (config.email.billingAlternateContact) {
      this.alarmFunction.function.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'ReadBillingContacts',
          actions: ['account:GetAlternateContact'],
          resources: [
            // Member accounts of this organisation, and this (management) account itself.
            Arn.format(
              {
                service: 'account',
                region: '',
                resource: 'account',
                resourceName: `${config.organization.id}/*`,
              },
              this,
            ),
            Arn.format({ service: 'account', region: '', resource: 'account' }, this),
          ],
        }),
      );
    }

    new AlarmPipeline(this, 'AlarmPipeline', {
      bus,
      handler: this.alarmFunction.function,
      alarmNamePrefix: config.alarmNamePrefix,
      operatorTopic,
      onSuccessBus: bus,
    });

    // An account override for the management account applies to its own alarms here.
    const managementPolicy = policyFor(config, config.organization.managementAccountId);
    new ManagementAccountAlarms(this, 'ManagementAccountAlarms', {
      managementAccountId: config.organization.managementAccountId,
      thresholds: { warning: managementPolicy.warning, critical: managementPolicy.critical },
      currency: config.currency,
      alarmNamePrefix: config.alarmNamePrefix,
      bus,
    });

    const { stackSet } = new MemberStackSet(this, 'MemberStackSet', {
      templateBody: props.memberTemplateBody,
      billingBusArn: bus.eventBusArn,
      targetOrganizationalUnitIds: config.organization.targetOrganizationalUnitIds,
      defaultThresholds: config.thresholds.default,
      currency: config.currency,
      alarmNamePrefix: config.alarmNamePrefix,
      metricDimensions: config.memberMetricDimensions,
    });

    const reportDeadLetters = new WatchedDeadLetterQueue(this, 'ReportDeadLetters', {
      operatorTopic,
      purpose: 'A scheduled organisation report',
    });
    this.reportFunction.function.configureAsyncInvoke({
      retryAttempts: 2,
      onFailure: new destinations.SqsDestination(reportDeadLetters.queue),
      onSuccess: new destinations.EventBridgeDestination(bus),
    });
    new ReportSchedule(this, 'ReportSchedule', {
      handler: this.reportFunction.function,
      times: config.report.times,
      timeZone: config.timeZone,
      deadLetterQueue: reportDeadLetters.queue,
    });

    // Coverage: which accounts exist and which hold a current member stack instance.
    this.reportFunction.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ListStackSetInstances',
        actions: [
          'cloudformation:ListStackInstances',
          'cloudformation:DescribeStackSet',
          'cloudformation:DescribeStackInstance',
        ],
        resources: [
          Arn.format(
            { service: 'cloudformation', resource: 'stackset', resourceName: `${stackSet.stackSetName}:*` },
            this,
          ),
        ],
      }),
    );
    this.reportFunction.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ListOrganizationAccounts',
        actions: ['organizations:ListAccounts'],
        // ListAccounts is an organisation-wide read with no resource type: '*' is the only resource.
        resources: ['*'],
      }),
    );
    this.reportFunction.function.addEnvironment(RUNTIME_ENV.stackSetName, stackSet.stackSetName ?? '');

    // New and moved accounts get their OU's thresholds within minutes, with the same code as
    // `billing-alarms thresholds apply`.
    this.governanceFunction = new GovernanceFunction(this, 'Governance', {
      entry: handlerPath('governance.ts'),
      runtimeConfigPath: props.runtimeConfigPath,
      table: this.table,
      stackSetName: stackSet.stackSetName ?? '',
      memberTemplateBody: props.memberTemplateBody,
      reserveConcurrency: config.reservedConcurrency,
      alarmNamePrefix: config.alarmNamePrefix,
    }).lambda;
    // After every deploy that touched the StackSet or the thresholds: OU, account and tag overrides.
    this.memberOverrides = new MemberOverrides(this, 'MemberOverrides', {
      entry: handlerPath('governance.ts'),
      runtimeConfigPath: props.runtimeConfigPath,
      table: this.table,
      stackSetName: stackSet.stackSetName ?? '',
      memberTemplateBody: props.memberTemplateBody,
      alarmNamePrefix: config.alarmNamePrefix,
      stackSet,
      revision: [
        props.memberTemplateBody,
        config.organization,
        config.thresholds,
        config.alarmNamePrefix,
        config.memberMetricDimensions,
        config.alarms,
      ],
    });
    // Automation events and chat: the alarm and report Lambdas' answers, from their success
    // destinations, become events on the billing bus and chat messages.
    this.publisherFunction = new PublisherFunction(this, 'Publisher', {
      entry: handlerPath('publisher.ts'),
      runtimeConfigPath: props.runtimeConfigPath,
      bus,
      table: this.table,
      channels: config.chat.channels,
      reserveConcurrency: config.reservedConcurrency,
    }).lambda;
    new AutomationEvents(this, 'AutomationEvents', {
      bus,
      publisher: this.publisherFunction.function,
      sources: [this.alarmFunction.function, this.reportFunction.function],
      operatorTopic,
    });

    new GovernanceRule(this, 'GovernanceRule', {
      handler: this.governanceFunction.function,
      stackSetName: stackSet.stackSetName ?? '',
      operatorTopic,
      payerAlarms: config.alarms.placement !== 'member',
    });
  }
}

/** `arn:aws:cloudwatch:<region>:<account>:alarm:*`: every alarm of the stack's account. */
function alarmsOfThisAccount(stack: Stack): string {
  return Arn.format(
    { service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME },
    stack,
  );
}

/** `ses:SendEmail` on the sender's identities (address and domain) and the configuration set only. */
function sendEmailStatement(stack: Stack, config: Config, configurationSetName: string): iam.PolicyStatement {
  const domain = config.email.sender.split('@')[1] ?? config.email.sender;
  const identity = (name: string) =>
    Arn.format({ service: 'ses', resource: 'identity', resourceName: name }, stack);
  return new iam.PolicyStatement({
    sid: 'SendFromConfiguredSender',
    actions: ['ses:SendEmail'],
    resources: [
      identity(config.email.sender),
      identity(domain),
      Arn.format(
        { service: 'ses', resource: 'configuration-set', resourceName: configurationSetName },
        stack,
      ),
    ],
  });
}
