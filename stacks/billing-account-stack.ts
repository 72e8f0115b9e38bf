import { Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { BILLING_REGION } from '../handlers/contract/billing.js';
import { fastBurnAnywhere } from '../handlers/contract/config/fast-burn-policy.js';
import type { Config } from '../handlers/contract/config/schema.js';
import { defaultLadder, policyFor } from '../handlers/contract/config/thresholds.js';
import { RUNTIME_ENV } from '../handlers/contract/runtime-env.js';
import { ActionFunction } from './constructs/action-function.js';
import { AlarmFunction } from './constructs/alarm-function.js';
import { AlarmPipeline } from './constructs/alarm-pipeline.js';
import { AnomalyEvents } from './constructs/anomaly-events.js';
import { AutomationEvents } from './constructs/automation-events.js';
import { BillingBus } from './constructs/billing-bus.js';
import { type BundledFunction, handlerEntry } from './constructs/bundled-function.js';
import { WatchedDeadLetterQueue } from './constructs/dead-letter-queue.js';
import { GovernanceFunction } from './constructs/governance-function.js';
import { GovernanceRule } from './constructs/governance-rule.js';
import { LaunchRoute } from './constructs/launch-route.js';
import { ManagementAccountAlarms } from './constructs/management-account-alarms.js';
import { MemberOverrides } from './constructs/member-overrides.js';
import { MemberStackSet } from './constructs/member-stack-set.js';
import { OperatorNotifications } from './constructs/operator-notifications.js';
import { PublisherFunction } from './constructs/publisher-function.js';
import { ReportFunction } from './constructs/report-function.js';
import { ReportSchedule } from './constructs/report-schedule.js';
import { SendingEvents } from './constructs/sending-events.js';
import { StateTable } from './constructs/state-table.js';

/** Props of {@link BillingAccountStack}. */
export interface BillingAccountStackProps extends StackProps {
  /** The validated configuration. */
  readonly config: Config;
  /** Path of the configuration as JSON, bundled next to each Lambda. */
  readonly runtimeConfigPath: string;
  /** The member template, from {@link MemberAccountStack}. */
  readonly memberTemplateBody: string;
}

/**
 * Everything in the billing (management) account: the billing bus, the alarm, report, governance
 * and publisher Lambdas (and the reconciler after deploy), the member StackSet, the management
 * account's own alarms, the report schedule, the state table and the operators' topic. Each piece
 * is a construct of `constructs/` that carries its own permissions; this class only wires them.
 */
export class BillingAccountStack extends Stack {
  readonly table: StateTable;
  readonly alarmFunction: AlarmFunction;
  readonly reportFunction: ReportFunction;
  readonly governanceFunction: BundledFunction;
  readonly publisherFunction: BundledFunction;
  readonly actionFunction: ActionFunction;
  readonly memberOverrides: MemberOverrides;

  constructor(scope: Construct, id: string, props: BillingAccountStackProps) {
    super(scope, id, props);
    if (props.env?.region && props.env.region !== BILLING_REGION) {
      throw new Error(
        `the billing stack must deploy to ${BILLING_REGION} (billing metrics live there), got ${props.env.region}`,
      );
    }
    const { config, runtimeConfigPath, memberTemplateBody } = props;
    const { alarmNamePrefix } = config;

    this.table = new StateTable(this, 'State');
    const operatorTopic = new OperatorNotifications(this, 'OperatorTopic', {
      recipients: config.email.operatorRecipients,
    });
    const configurationSet = new ses.ConfigurationSet(this, 'Mail', {
      configurationSetName: config.email.configurationSetName,
      reputationMetrics: true,
    });
    const fastBurn = fastBurnAnywhere(config);
    const { bus } = new BillingBus(this, 'BillingBus', {
      organizationId: config.organization.id,
      acceptsLaunches: fastBurn,
      acceptsAnomalies: config.anomalies !== undefined,
    });

    const { stackSet } = new MemberStackSet(this, 'MemberStackSet', {
      templateBody: memberTemplateBody,
      billingBusArn: bus.eventBusArn,
      targetOrganizationalUnitIds: config.organization.targetOrganizationalUnitIds,
      defaultLadder: defaultLadder(config),
      currency: config.currency,
      alarmNamePrefix,
      metricDimensions: config.memberMetricDimensions,
      fastBurn,
    });
    const stackSetName = stackSet.stackSetName ?? '';

    // The alarm Lambda: forwarded alarm state changes, verified, explained and mailed.
    const mailing = {
      runtimeConfigPath,
      table: this.table,
      mail: { sender: config.email.sender, configurationSetName: configurationSet.configurationSetName },
      locale: config.locale,
    };
    this.alarmFunction = new AlarmFunction(this, 'AlarmHandler', {
      ...mailing,
      entry: handlerEntry('alarm.ts'),
      reserveConcurrency: config.reservedConcurrency,
      ...(config.email.billingAlternateContact ? { billingContactsOf: config.organization.id } : {}),
      pricesLaunches: fastBurn,
    });
    const alarmFn = this.alarmFunction.function;
    const alarmPipeline = new AlarmPipeline(this, 'AlarmPipeline', {
      bus,
      handler: this.alarmFunction.function,
      alarmNamePrefix,
      operatorTopic,
      onSuccessBus: bus,
    });
    // SES's sending events settle sends whose answer was lost: the alarm function records them
    // (no new bundle or function: it already holds the ledger; see DESIGN.md).
    new SendingEvents(this, 'SendingEvents', {
      configurationSet,
      handler: this.alarmFunction.function,
      deadLetterQueue: alarmPipeline.deadLetters.queue,
    });
    // Fast burn (opt-in): members' launches, priced and mailed as estimates by the same function.
    if (fastBurn)
      new LaunchRoute(this, 'LaunchRoute', {
        bus,
        handler: this.alarmFunction.function,
        deadLetterQueue: alarmPipeline.deadLetters.queue,
      });

    // Cost Anomaly Detection (opt-in, `anomalies:`): the management account's anomalies, mailed like alarms.
    if (config.anomalies)
      new AnomalyEvents(this, 'AnomalyEvents', {
        bus,
        handler: this.alarmFunction.function,
        deadLetterQueue: alarmPipeline.deadLetters.queue,
        anomalies: config.anomalies,
      });

    // An account override for the management account applies to its own alarms here.
    const managementPolicy = policyFor(config, config.organization.managementAccountId);
    new ManagementAccountAlarms(this, 'ManagementAccountAlarms', {
      managementAccountId: config.organization.managementAccountId,
      ladder: managementPolicy.ladder,
      currency: config.currency,
      alarmNamePrefix,
      bus,
    });

    // The report Lambda, on its schedule; a run that keeps failing waits in its dead-letter queue.
    const reportDeadLetters = new WatchedDeadLetterQueue(this, 'ReportDeadLetters', {
      operatorTopic,
      purpose: 'A scheduled organisation report',
    });
    this.reportFunction = new ReportFunction(this, 'ReportHandler', {
      ...mailing,
      entry: handlerEntry('report.ts'),
      stackSetName,
      deadLetters: reportDeadLetters,
      answersTo: bus,
    });
    new ReportSchedule(this, 'ReportSchedule', {
      handler: this.reportFunction.function,
      times: config.report.times,
      timeZone: config.timeZone,
      deadLetterQueue: reportDeadLetters.queue,
    });

    // New and moved accounts get their OU's thresholds within minutes, with the same code as
    // `billing-alarms thresholds apply`; after every deploy that touched the StackSet or the
    // thresholds, the reconciler applies OU, account and tag overrides.
    const governance = {
      entry: handlerEntry('governance.ts'),
      runtimeConfigPath,
      table: this.table,
      stackSetName,
      memberTemplateBody,
      alarmNamePrefix,
    };
    this.governanceFunction = new GovernanceFunction(this, 'Governance', {
      ...governance,
      reserveConcurrency: config.reservedConcurrency,
    }).lambda;
    this.memberOverrides = new MemberOverrides(this, 'MemberOverrides', {
      ...governance,
      stackSet,
      revision: [
        memberTemplateBody,
        config.organization,
        config.thresholds,
        alarmNamePrefix,
        config.memberMetricDimensions,
        config.alarms,
      ],
    });

    // Automation events and chat: the alarm and report Lambdas' answers, from their success
    // destinations, become events on the billing bus and chat messages.
    this.publisherFunction = new PublisherFunction(this, 'Publisher', {
      entry: handlerEntry('publisher.ts'),
      runtimeConfigPath,
      bus,
      table: this.table,
      channels: config.chat.channels,
      reserveConcurrency: config.reservedConcurrency,
    }).lambda;
    // A batch from the alarm queue has no success destination: the function hands its answers over.
    alarmFn.addEnvironment(RUNTIME_ENV.publisherFunction, this.publisherFunction.function.functionName);
    // The function itself, unqualified (grantInvoke would add every version with `:*`, which the
    // hand-over never names).
    alarmFn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'HandBatchAnswersToPublisher',
        actions: ['lambda:InvokeFunction'],
        resources: [this.publisherFunction.function.functionArn],
      }),
    );
    new AutomationEvents(this, 'AutomationEvents', {
      bus,
      publisher: this.publisherFunction.function,
      sources: [this.alarmFunction.function, this.reportFunction.function],
      operatorTopic,
    });

    // The page the alert emails' signed links open (acknowledge, snooze, planned): the alarm Lambda
    // signs the links with the same key and points them at the function URL.
    this.actionFunction = new ActionFunction(this, 'Actions', {
      entry: handlerEntry('actions.ts'),
      runtimeConfigPath,
      table: this.table,
      bus,
      ...(config.chat.slackSigningSecretArn
        ? { slackSigningSecretArn: config.chat.slackSigningSecretArn }
        : {}),
      providesAnomalyFeedback: config.anomalies !== undefined,
    });
    alarmFn.addEnvironment(RUNTIME_ENV.actionUrl, this.actionFunction.url.url);
    alarmFn.addEnvironment(RUNTIME_ENV.actionSecret, this.actionFunction.signingKey.secretArn);
    this.actionFunction.signingKey.grantRead(alarmFn);

    new GovernanceRule(this, 'GovernanceRule', {
      handler: this.governanceFunction.function,
      stackSetName,
      operatorTopic,
      payerAlarms: config.alarms.placement !== 'member',
    });
  }
}
