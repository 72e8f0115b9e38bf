import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerAlerts, withAlertStore } from '../../cli/alerts.js';
import { runDoctor } from '../../cli/doctor/doctor.js';
import { governanceClients } from '../../cli/local-aws.js';
import { deployLocalOrganisation } from '../../cli/local-deploy.js';
import { report } from '../../cli/report.js';
import { runThroughBundle } from '../../cli/run-events.js';
import { sampleAnomaly } from '../../cli/sample-anomaly.js';
import { sampleEvent, sweepEvent } from '../../cli/sample-event.js';
import { sampleLaunch } from '../../cli/sample-launch.js';
import { simulate as simulateEvents } from '../../cli/simulate.js';
import { BILLING_BUS_NAME } from '../../handlers/contract/billing.js';
import { sealConfig } from '../../handlers/contract/config/sealed.js';
import { MEMBER_RESOURCE_TYPES } from '../../handlers/contract/member-template.js';
import { RUNTIME_ENV } from '../../handlers/contract/runtime-env.js';
import { applyUpdates } from '../../handlers/lib/governance/apply-thresholds.js';
import { syncPayerAlarms } from '../../handlers/lib/governance/payer-alarms.js';
import { planThresholds } from '../../handlers/lib/governance/threshold-plan.js';
import { sampleOrganisationFixture } from '../../local/organization-fixture.js';
import { LOCAL_ACCESS_KEYS, localAccountOf, RequestLog } from '../../local/request-log.js';
import { sampleOrganisationCosts } from '../../local/sample-org.js';
import { startStandIns } from '../../local/stand-ins.js';
import { runAlarmEvents } from '../helpers/alarm-events.js';
import { anomaliesConfig, feedbackLinksOf, postFeedback, startActions } from '../helpers/anomalies.js';
import { tempOut, testBundles } from '../helpers/bundles.js';
import { exampleConfig } from '../helpers/config.js';
import { fastBurnConfig } from '../helpers/fast-burn.js';
import { moveAccountEvent } from '../helpers/governance-events.js';
import {
  type DeployedIam,
  denials,
  deployedIam,
  evaluateRequests,
  type PolicyDocument,
  simulate,
} from '../helpers/iam-check.js';
import { buildTestApp } from '../helpers/synth.js';
import { type CfnTemplate, Intrinsics } from '../helpers/template-intrinsics.js';

const config = exampleConfig();
const account = localAccountOf(config);
const now = new Date('2026-11-20T09:00:00Z');
/** The operator policy the README tells operators to attach for the command line. */
const OPERATOR_POLICY = JSON.parse(
  readFileSync(new URL('../../cli/iam/operator-policy.json', import.meta.url), 'utf8'),
) as PolicyDocument;
/** Physical names chosen for what CloudFormation names: the ones the stand-ins and the local Lambdas use. */
const TABLE_NAME = 'billing-alarms-state';
const CONFIGURATION_SET = 'billing-alarms-mail';

const logicalIdOf = (template: CfnTemplate, type: string) => {
  const found = Object.entries(template.Resources).find(([, r]) => r.Type === type);
  if (!found) throw new Error(`no ${type} in the template`);
  return found[0];
};

/** The stack's IAM, with the command line's principal held to the operator policy. */
function iamOf(template: CfnTemplate): DeployedIam {
  const iam = deployedIam(template, {
    ...account,
    names: {
      [logicalIdOf(template, 'AWS::DynamoDB::Table')]: TABLE_NAME,
      [logicalIdOf(template, 'AWS::SES::ConfigurationSet')]: CONFIGURATION_SET,
    },
  });
  const callers = new Map(iam.callers);
  callers.set(LOCAL_ACCESS_KEYS.cli, {
    name: 'the command line (operator)',
    principalArn: `arn:aws:iam::${account.accountId}:role/billing-alarms-operator`,
    policies: [{ name: 'cli/iam/operator-policy.json', policy: OPERATOR_POLICY }],
  });
  return { ...iam, callers };
}

const failuresOf = async (requests: RequestLog, iam: DeployedIam) =>
  denials(await evaluateRequests(requests.entries(), iam, [LOCAL_ACCESS_KEYS.setup]));

describe('IAM: every AWS call of the end-to-end flows is allowed by the synthesized policies', () => {
  const bundles = testBundles();
  let template: CfnTemplate;
  let memberTemplate: CfnTemplate;
  let iam: DeployedIam;

  beforeAll(() => {
    const app = buildTestApp(config);
    template = Template.fromStack(app.stack).toJSON() as CfnTemplate;
    memberTemplate = JSON.parse(app.memberTemplate) as CfnTemplate;
    iam = iamOf(template);
  });

  const standIns = () =>
    startStandIns({
      costs: sampleOrganisationCosts(now),
      now,
      // Deployed ten days ago and no member alarm ever reported: the sweep puts accounts on payer alarms.
      organisation: {
        ...sampleOrganisationFixture(config),
        deployedAt: new Date(now.getTime() - 10 * 86_400_000).toISOString(),
      },
      account,
    });

  it('records the calls of the alarm, publisher and report Lambdas, and the simulator allows each one', async () => {
    const local = await standIns();
    try {
      const event = sampleEvent(config, { account: '210000000001', rung: 'critical', charges: 7100.25, now });
      const env = { BILLING_ALARMS_CONFIGURATION_SET: CONFIGURATION_SET };
      const alarm = await runThroughBundle({
        bundle: bundles.alarm,
        publisher: bundles.publisher,
        // SES's sending events reach the alarm function through the default bus: its writes are checked too.
        sendingEvents: bundles.alarm,
        functionName: 'billing-alarm',
        events: [{ name: 'critical', event }],
        costs: sampleOrganisationCosts(now),
        now,
        outDir: tempOut(),
        standIns: local,
        env,
        retryDelaysMs: [10, 10],
      });
      const run = await report({
        config,
        organisation: sampleOrganisationFixture(config),
        now,
        costs: sampleOrganisationCosts(now),
        outDir: tempOut(),
        standIns: local,
        bundle: bundles.report,
        publisher: bundles.publisher,
        sendingEvents: bundles.alarm,
        env,
        retryDelaysMs: [10, 10],
      });
      const principals = new Set(local.requests.entries().map((r) => r.principal));

      expect(alarm.lines[0]?.status).toBe('sent');
      expect(run.lines[0]?.status).toBe('sent');
      expect(local.eventBridge.serviceEvents().map((e) => e['detail-type'])).toContain('Email Sent');
      // local-setup: the stand-ins seeding the state table (the placements the reconciler recorded).
      expect([...principals].sort()).toEqual([
        'local-alarm',
        'local-publisher',
        'local-report',
        'local-setup',
      ]);
      expect(await failuresOf(local.requests, iam)).toEqual([]);
    } finally {
      await local.stop();
    }
  }, 120_000);

  it('allows the alarm Lambda its Price List, state table and mail calls for a fast-burn estimate, and the report its reconciliation', async () => {
    const fastBurn = fastBurnConfig();
    const configFile = join(tempOut(), 'config.json');
    writeFileSync(configFile, sealConfig(fastBurn));
    const withFastBurn = iamOf(Template.fromStack(buildTestApp(fastBurn).stack).toJSON() as CfnTemplate);
    const local = await standIns();
    try {
      const run = await runThroughBundle({
        bundle: bundles.alarm,
        publisher: bundles.publisher,
        functionName: 'billing-alarm',
        events: [
          {
            name: 'p5',
            // Two days ago: the report's reconciliation asks Cost Explorer for its billed hours.
            event: sampleLaunch({
              account: '210000000001',
              instanceType: 'p5.48xlarge',
              count: 2,
              now: new Date(now.getTime() - 2 * 86_400_000),
            }),
          },
        ],
        costs: sampleOrganisationCosts(now),
        now,
        outDir: tempOut(),
        standIns: local,
        env: { BILLING_ALARMS_CONFIGURATION_SET: CONFIGURATION_SET, [RUNTIME_ENV.configFile]: configFile },
        retryDelaysMs: [10, 10],
      });
      const reportOut = tempOut();
      const reported = await report({
        config: fastBurn,
        organisation: sampleOrganisationFixture(fastBurn),
        now,
        costs: sampleOrganisationCosts(now),
        outDir: reportOut,
        standIns: local,
        bundle: bundles.report,
        env: { BILLING_ALARMS_CONFIGURATION_SET: CONFIGURATION_SET, [RUNTIME_ENV.configFile]: configFile },
        retryDelaysMs: [10, 10],
      });
      const reportCalls = local.requests
        .entries()
        .filter((r) => r.principal === 'local-report')
        .map((r) => r.action);

      expect(run.lines[0]?.status).toBe('sent');
      expect(reported.lines[0]?.status).toBe('sent');
      expect(local.requests.entries().map((r) => r.action)).toContain('pricing:GetProducts');
      expect(reportCalls).toEqual(expect.arrayContaining(['dynamodb:BatchGetItem', 'ce:GetCostAndUsage']));
      // The estimate was read back and its billed hours asked for (not "awaiting billing data").
      expect(readFileSync(join(reportOut, 'org-report.txt'), 'utf8')).toMatch(
        /Fast-burn estimates against billing\n {2}- p5\.48xlarge × 2 in us-east-1, .*: billed /,
      );
      expect(await failuresOf(local.requests, withFastBurn)).toEqual([]);
      // Without fast burn the stack grants no pricing:GetProducts: the check would name it.
      expect((await failuresOf(local.requests, iam)).join('\n')).toMatch(
        /billing-alarm .* pricing:GetProducts on \*: ImplicitlyDenied/,
      );
    } finally {
      await local.stop();
    }
  }, 120_000);

  it('allows the alarm Lambda an anomaly and the actions Lambda its ProvideAnomalyFeedback, and nothing without the grant', async () => {
    const withAnomalies = anomaliesConfig();
    const template = Template.fromStack(buildTestApp(withAnomalies).stack).toJSON() as CfnTemplate;
    const keys = Buffer.alloc(32, 9).toString('base64');
    let requests = new RequestLog();
    let status = 0;
    const run = await runAlarmEvents<{ status: string }>(
      withAnomalies,
      now,
      [
        {
          name: 'anomaly',
          event: sampleAnomaly(withAnomalies, { account: '210000000001', impact: 1200, now }),
        },
      ],
      {
        env: {
          BILLING_ALARMS_CONFIGURATION_SET: CONFIGURATION_SET,
          [RUNTIME_ENV.actionUrl]: 'https://actions.example.test',
          [RUNTIME_ENV.actionKeys]: keys,
        },
        after: async (local, mailed, configFile) => {
          const link = feedbackLinksOf(mailed.emails[0]?.body.text ?? '')['Not an anomaly'] ?? '';
          const actions = await startActions(local, configFile, keys, now);
          const answer = await actions.invoke(postFeedback(link, 'Ops')).finally(() => actions.stop());
          status = answer.ok ? (answer.result as { statusCode: number }).statusCode : 0;
          requests = local.requests;
        },
      },
    );
    // The stack without the grant: the check names the call.
    const withoutGrant = JSON.parse(
      JSON.stringify(template).replace(/"ce:ProvideAnomalyFeedback"/g, '"ce:GetAnomalies"'),
    ) as CfnTemplate;

    expect(run.lines[0]?.status).toBe('sent');
    expect(status).toBe(200);
    expect(requests.entries().map((r) => r.action)).toContain('ce:ProvideAnomalyFeedback');
    expect(await failuresOf(requests, iamOf(template))).toEqual([]);
    expect((await failuresOf(requests, iamOf(withoutGrant))).join('\n')).toMatch(
      /billing-actions .* ce:ProvideAnomalyFeedback on \*: ImplicitlyDenied/,
    );
  }, 120_000);

  it('allows the governance Lambda its UpdateStackInstances on the stack set, its targets and every member resource type', async () => {
    const local = await standIns();
    try {
      const { lines } = await simulateEvents({
        config,
        eventFiles: [
          {
            path: 'move.json',
            event: moveAccountEvent('210000000005', 'ou-a1b2-workloads', 'ou-a1b2-sandboxes'),
          },
          // The scheduled run: placements decided, payer alarms written (none of these accounts
          // ever reported here) and read back.
          { path: 'sweep.json', event: sweepEvent() },
        ],
        costs: sampleOrganisationCosts(now),
        now,
        outDir: tempOut(),
        bundle: bundles.governance,
        standIns: local,
        retryDelaysMs: [10, 10],
      });
      const update = local.requests.entries().find((r) => r.action === 'cloudformation:UpdateStackInstances');

      expect(lines[0]?.status).toBe('applied');
      expect(lines[1]).toMatchObject({ status: 'applied', placements: { payer: expect.any(Number) } });
      expect(local.requests.entries().map((r) => r.action)).toEqual(
        expect.arrayContaining([
          'cloudwatch:PutMetricAlarm',
          'cloudwatch:DescribeAlarms',
          'dynamodb:UpdateItem',
        ]),
      );
      expect(update?.resources).toEqual(
        expect.arrayContaining(
          MEMBER_RESOURCE_TYPES.map(
            (t) =>
              `arn:aws:cloudformation:us-east-1:${account.accountId}:type/resource/${t.replace(/::/g, '-')}`,
          ),
        ),
      );
      expect(await failuresOf(local.requests, iam)).toEqual([]);
    } finally {
      await local.stop();
    }
  }, 60_000);

  it('allows the command line (thresholds plan and apply, doctor) under the documented operator policy', async () => {
    // `--local` keeps its organisation under the working folder: a fresh one starts from the sample.
    const cwd = process.cwd();
    process.chdir(tempOut('iam-cli-'));
    const clients = await governanceClients(config, true);
    const doctorRequests = new RequestLog(account);
    try {
      const ref = {
        cfn: clients.cfn,
        stackSetName: clients.stackSetName,
        callAs: config.organization.callAs,
      };
      // The same calls `thresholds apply --local --yes` makes after the governance team raised an
      // override and moved the organisation to payer alarms.
      const changed = {
        ...config,
        alarms: { placement: 'payer' as const, autoAfterHours: 24, forecast: 'runRate' as const },
        thresholds: {
          ...config.thresholds,
          accounts: config.thresholds.accounts.map((a, i) => (i === 0 ? { ...a, critical: 7000 } : a)),
        },
      };
      const plan = await planThresholds(clients.orgs, ref, changed, clients.cw);
      await applyUpdates(ref, plan.updates, { pollMs: 5 });
      await syncPayerAlarms(clients.cw, plan.payer.puts, plan.payer.existing, plan.payer.removes);
      await runDoctor({
        config,
        local: true,
        organisation: sampleOrganisationFixture(config),
        requests: doctorRequests,
      });
      const calls = [...(clients.standIns?.requests.entries() ?? []), ...doctorRequests.entries()];
      const failures = denials(await evaluateRequests(calls, iam, [LOCAL_ACCESS_KEYS.setup]));

      expect(plan.updates.length).toBeGreaterThan(0);
      expect(plan.payer.puts.length).toBeGreaterThan(0);
      expect(calls.map((c) => c.action)).toEqual(
        expect.arrayContaining([
          'cloudformation:UpdateStackInstances',
          'cloudwatch:PutMetricAlarm',
          'cloudwatch:DescribeAlarms',
          'cloudtrail:DescribeTrails',
          'lambda:GetAccountSettings',
          'sts:GetCallerIdentity',
          'ses:GetEmailIdentity',
          'dynamodb:BatchGetItem',
        ]),
      );
      expect(
        new Set(calls.filter((c) => c.principal !== LOCAL_ACCESS_KEYS.setup).map((c) => c.principal)),
      ).toEqual(new Set([LOCAL_ACCESS_KEYS.cli]));
      expect(failures).toEqual([]);
    } finally {
      await clients.close();
      process.chdir(cwd);
    }
  }, 60_000);

  it('allows alerts snooze, ack and list --local (state table, billing bus) under the operator policy', async () => {
    const cwd = process.cwd();
    process.chdir(tempOut('iam-alerts-'));
    const requests = new RequestLog(account);
    const quiet = { print: () => undefined, note: () => undefined };
    const ask = { account: '210000000001', note: 'load test', by: 'ana', now } as const;
    try {
      await withAlertStore({ config, local: true, requests }, async (store) => {
        const until = new Date(now.getTime() + 86_400_000).toISOString();
        await answerAlerts(store, { ...ask, action: 'snooze', rung: 'critical', until }, 14, quiet);
        await answerAlerts(store, { ...ask, action: 'ack', rung: undefined, until: undefined }, 14, quiet);
        await store.alerts.list();
      });
      const calls = requests.entries().filter((c) => c.principal !== LOCAL_ACCESS_KEYS.setup);

      expect(new Set(calls.map((c) => c.action))).toEqual(
        new Set([
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:BatchGetItem',
          'events:PutEvents',
        ]),
      );
      expect(await failuresOf(requests, iam)).toEqual([]);
    } finally {
      process.chdir(cwd);
    }
  }, 60_000);

  it('allows the reconciler after deploy its reads, StackSet updates and payer alarms under its own role', async () => {
    const log = new RequestLog(account);
    await deployLocalOrganisation(
      { ...config, alarms: { placement: 'payer', autoAfterHours: 24, forecast: 'runRate' as const } },
      log,
    );
    const calls = log.entries();
    const failures = denials(await evaluateRequests(calls, iam, [LOCAL_ACCESS_KEYS.setup]));

    expect(new Set(calls.map((c) => c.principal))).toEqual(new Set([LOCAL_ACCESS_KEYS.reconcile]));
    expect(calls.map((c) => c.action)).toEqual(
      expect.arrayContaining([
        'cloudformation:ListStackSetOperations',
        'cloudformation:UpdateStackInstances',
        'cloudwatch:PutMetricAlarm',
        'organizations:ListTagsForResource',
      ]),
    );
    expect(failures).toEqual([]);
  }, 60_000);

  it('fails, naming principal, action, resource and policy, when the template loses a statement', async () => {
    const local = await standIns();
    try {
      const copy = structuredClone(template);
      const policyId = logicalIdOf(
        {
          Resources: Object.fromEntries(
            Object.entries(copy.Resources).filter(([id]) => id.startsWith('AlarmHandlerRoleDefaultPolicy')),
          ),
        },
        'AWS::IAM::Policy',
      );
      const document = copy.Resources[policyId]?.Properties?.PolicyDocument as {
        Statement: { Sid?: string }[];
      };
      document.Statement = document.Statement.filter((s) => s.Sid !== 'SendFromConfiguredSender');
      await runThroughBundle({
        bundle: bundles.alarm,
        functionName: 'billing-alarm',
        events: [
          {
            name: 'critical',
            event: sampleEvent(config, { account: '210000000001', rung: 'critical', charges: 7100.25, now }),
          },
        ],
        costs: sampleOrganisationCosts(now),
        now,
        outDir: tempOut(),
        standIns: local,
        retryDelaysMs: [10, 10],
      });

      const failures = await failuresOf(local.requests, iamOf(copy));

      expect(failures).toEqual([
        expect.stringMatching(
          new RegExp(
            `^billing-alarm \\(role AlarmHandlerRole\\w+\\) ses:SendEmail on arn:aws:ses:us-east-1:${account.accountId}:identity/billing-alarms@example.com: ImplicitlyDenied \\(evaluated: ${policyId}`,
          ),
        ),
        // Local runs send through the configuration set, as the deployed functions do.
        expect.stringMatching(
          new RegExp(
            `^billing-alarm \\(role AlarmHandlerRole\\w+\\) ses:SendEmail on arn:aws:ses:us-east-1:${account.accountId}:configuration-set/${CONFIGURATION_SET}: ImplicitlyDenied`,
          ),
        ),
      ]);
    } finally {
      await local.stop();
    }
  }, 60_000);

  it('keeps the member resource types of the contract equal to the synthesized member template', () => {
    const types = new Set(Object.values(memberTemplate.Resources).map((r) => r.Type));

    expect([...types].sort()).toEqual([...MEMBER_RESOURCE_TYPES].sort());
  });
});

describe('IAM: the resource policies the stack writes let in the service principals that must reach them', () => {
  let template: CfnTemplate;
  let iam: DeployedIam;
  const busArn = `arn:aws:events:us-east-1:${account.accountId}:event-bus/${BILLING_BUS_NAME}`;

  beforeAll(() => {
    template = Template.fromStack(buildTestApp(config).stack).toJSON() as CfnTemplate;
    iam = iamOf(template);
  });

  /** A member account's forwarding role, allowed by its own policy to put events on the bus. */
  const memberForward = (orgId: string) =>
    simulate({
      principalArn: 'arn:aws:iam::210000000001:role/billing-alarm-forwarder-member-forward',
      identityPolicies: [
        {
          name: 'member forwarding role',
          policy: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: busArn }],
          },
        },
      ],
      action: 'events:PutEvents',
      resource: busArn,
      resourceAccount: account.accountId,
      resourcePolicy: iam.resourcePolicies.get(busArn),
      context: {
        'aws:PrincipalOrgID': orgId,
        'aws:PrincipalAccount': '210000000001',
        'events:source': 'aws.cloudwatch',
        'events:detail-type': 'CloudWatch Alarm State Change',
      },
    });

  /** A service principal's request, decided by the resource's policy alone. */
  const service = (principal: string, action: string, resource: string, context: Record<string, string>) =>
    simulate({
      principalArn: principal,
      identityPolicies: [],
      action,
      resource,
      resourceAccount: account.accountId,
      resourcePolicy: iam.resourcePolicies.get(resource),
      context: { 'aws:SecureTransport': 'true', ...context },
    });

  it('lets a member account of the organisation put alarm events on the billing bus, and no one else', async () => {
    const member = await memberForward(config.organization.id);
    const stranger = await memberForward('o-someoneelse');

    expect(member.result, member.explanation).toBe('Allowed');
    expect(stranger.result).not.toBe('Allowed');
  });

  it('lets CloudWatch alarms of this account publish to the operator topic', async () => {
    const topic = `arn:aws:sns:us-east-1:${account.accountId}:${logicalIdOf(template, 'AWS::SNS::Topic')}`;
    const alarmArn = `arn:aws:cloudwatch:us-east-1:${account.accountId}:alarm:AlarmPipelineDeadLettersDepth`;

    const publish = await service('cloudwatch.amazonaws.com', 'sns:Publish', topic, {
      'aws:SourceAccount': account.accountId,
      'aws:SourceArn': alarmArn,
    });

    expect(publish.result, publish.explanation).toBe('Allowed');
  });

  it('lets CloudWatch alarms of this account use the operator topic key, and not another account’s', async () => {
    const key = `arn:aws:kms:us-east-1:${account.accountId}:key/${logicalIdOf(template, 'AWS::KMS::Key')}`;
    const alarmArn = `arn:aws:cloudwatch:us-east-1:${account.accountId}:alarm:AlarmPipelineDeadLettersDepth`;

    const own = await service('cloudwatch.amazonaws.com', 'kms:GenerateDataKey', key, {
      'aws:SourceAccount': account.accountId,
      'aws:SourceArn': alarmArn,
    });
    const foreign = await service('cloudwatch.amazonaws.com', 'kms:Decrypt', key, {
      'aws:SourceAccount': '999999999999',
      'aws:SourceArn': 'arn:aws:cloudwatch:us-east-1:999999999999:alarm:x',
    });

    expect(own.result, own.explanation).toBe('Allowed');
    expect(foreign.result).not.toBe('Allowed');
  });

  it('lets the billing rule send alarms to the alarm queue, the alarm Lambda’s event source mapping read and delete them, and the Lambda hand answers to the publisher', async () => {
    const cfn = new Intrinsics(template, account);
    const queueId = Object.keys(template.Resources).find(
      (id) => id.startsWith('AlarmPipelineQueue') && template.Resources[id]?.Type === 'AWS::SQS::Queue',
    );
    const ruleId = Object.keys(template.Resources).find(
      (id) => id.startsWith('AlarmPipelineRule') && template.Resources[id]?.Type === 'AWS::Events::Rule',
    );
    const publisherId = Object.keys(template.Resources).find(
      (id) => id.startsWith('Publisher') && template.Resources[id]?.Type === 'AWS::Lambda::Function',
    );
    if (!queueId || !ruleId || !publisherId)
      throw new Error('no alarm queue, rule or publisher in the template');
    const queue = cfn.arn(queueId);
    const rule = cfn.arn(ruleId);
    const alarmRole = iam.callers.get('local-alarm');
    if (!alarmRole) throw new Error('no alarm Lambda role');
    const asAlarm = (action: string, resource: string) =>
      simulate({
        principalArn: alarmRole.principalArn,
        identityPolicies: alarmRole.policies,
        action,
        resource,
        resourceAccount: account.accountId,
        resourcePolicy: iam.resourcePolicies.get(resource),
        context: { 'aws:SecureTransport': 'true' },
      });

    const send = await service('events.amazonaws.com', 'sqs:SendMessage', queue, { 'aws:SourceArn': rule });
    const otherRule = await service('events.amazonaws.com', 'sqs:SendMessage', queue, {
      'aws:SourceArn': `arn:aws:events:us-east-1:${account.accountId}:rule/someone-else`,
    });

    expect(send.result, send.explanation).toBe('Allowed');
    expect(otherRule.result).not.toBe('Allowed');
    // What Lambda's pollers call under the function's role (its event source mapping).
    for (const action of [
      'sqs:ReceiveMessage',
      'sqs:DeleteMessage',
      'sqs:ChangeMessageVisibility',
      'sqs:GetQueueAttributes',
    ]) {
      const read = await asAlarm(action, queue);
      expect(read.result, `${action}: ${read.explanation}`).toBe('Allowed');
    }
    const handOver = await asAlarm('lambda:InvokeFunction', cfn.arn(publisherId));
    expect(handOver.result, handOver.explanation).toBe('Allowed');
  });

  it('lets EventBridge invoke each Lambda from its own rule', async () => {
    const permissions = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Permission');

    const cfn = new Intrinsics(template, account);
    for (const p of permissions) {
      const fn = String(cfn.resolve(p.Properties?.FunctionName));
      const rule = String(cfn.resolve(p.Properties?.SourceArn));

      const invoke = await service('events.amazonaws.com', 'lambda:InvokeFunction', fn, {
        'aws:SourceArn': rule,
        'aws:SourceAccount': account.accountId,
      });

      expect(invoke.result, `${fn} from ${rule}: ${invoke.explanation}`).toBe('Allowed');
    }
    expect(permissions.length).toBeGreaterThanOrEqual(3);
  });
});
