import {
  CloudFormationClient,
  DescribeStackInstanceCommand,
  UpdateStackInstancesCommand,
} from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, DeleteAlarmsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterEach, describe, expect, it } from 'vitest';
import { payerAlarmRequest } from '../handlers/lib/governance/payer-alarms.js';
import { startCloudWatchAlarms } from '../local/cloudwatch-alarms.js';
import { type GovernanceStandIns, startGovernance } from '../local/governance-server.js';
import type { OrganisationFixture } from '../local/organization-fixture.js';
import { startSes } from '../local/ses.js';
import { type ServiceEvent, SIMULATOR } from '../local/ses-events.js';

const local = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
  maxAttempts: 1,
};
const organisation: OrganisationFixture = {
  accounts: [{ id: '210000000001', name: 'a', email: 'a@example.com', status: 'ACTIVE' }],
  stackSetName: 'billing-alarm-forwarder-member',
  stackSetParameters: { CriticalThreshold: '3000', WarningThreshold: '2000' },
  instances: [
    {
      account: '210000000001',
      ou: 'ou-a1b2-workloads',
      status: 'CURRENT',
      detailedStatus: 'SUCCEEDED',
      parameterOverrides: { CriticalThreshold: '6000', WarningThreshold: '4000' },
    },
  ],
};

describe('the CloudFormation stand-in applies UpdateStackInstances as AWS does', () => {
  let stand: GovernanceStandIns | undefined;
  afterEach(async () => {
    await stand?.stop();
  });

  it('keeps overrides without ParameterOverrides, resets the ones a list leaves out, keeps UsePreviousValue, and resets all with an empty list', async () => {
    stand = await startGovernance(organisation);
    const cfn = new CloudFormationClient({ ...local, endpoint: stand.cloudFormationEndpoint });
    const targets = {
      OrganizationalUnitIds: ['ou-a1b2-workloads'],
      Accounts: ['210000000001'],
      AccountFilterType: 'INTERSECTION' as const,
    };
    const overrides = async () =>
      (
        await cfn.send(
          new DescribeStackInstanceCommand({
            StackSetName: organisation.stackSetName,
            StackInstanceAccount: '210000000001',
            StackInstanceRegion: 'us-east-1',
          }),
        )
      ).StackInstance?.ParameterOverrides?.map((p) => `${p.ParameterKey}=${p.ParameterValue}`) ?? [];
    const update = async (
      ParameterOverrides?: { ParameterKey: string; ParameterValue?: string; UsePreviousValue?: boolean }[],
    ) => {
      await cfn.send(
        new UpdateStackInstancesCommand({
          StackSetName: organisation.stackSetName,
          Regions: ['us-east-1'],
          DeploymentTargets: targets,
          ...(ParameterOverrides ? { ParameterOverrides } : {}),
        }),
      );
      await new Promise((r) => setTimeout(r, 1_600));
    };

    await update();
    const absent = await overrides();
    await update([
      { ParameterKey: 'CriticalThreshold', UsePreviousValue: true },
      { ParameterKey: 'Currency', ParameterValue: 'USD' },
    ]);
    const listed = await overrides();
    await update([]);
    const empty = await overrides();

    expect(absent).toEqual(['CriticalThreshold=6000', 'WarningThreshold=4000']);
    expect(listed).toEqual(['CriticalThreshold=6000', 'Currency=USD']);
    expect(empty).toEqual([]);
    cfn.destroy();
  }, 20_000);

  it('runs one operation at a time (OperationInProgressException)', async () => {
    stand = await startGovernance(organisation);
    const cfn = new CloudFormationClient({ ...local, endpoint: stand.cloudFormationEndpoint });
    const call = () =>
      cfn.send(
        new UpdateStackInstancesCommand({
          StackSetName: organisation.stackSetName,
          Regions: ['us-east-1'],
          DeploymentTargets: { OrganizationalUnitIds: ['ou-a1b2-workloads'] },
        }),
      );

    await call();

    await expect(call()).rejects.toMatchObject({ name: 'OperationInProgressException' });
    cfn.destroy();
  });
});

describe('the CloudWatch stand-in refuses what CloudWatch refuses', () => {
  it('throttles writes over the quota, refuses bad alarms, over 100 names and the alarm quota', async () => {
    const stand = await startCloudWatchAlarms([], { writesPerSecond: 3, alarmQuota: 4 });
    const cw = new CloudWatchClient({ ...local, endpoint: stand.endpoint });
    const spec = (n: number) => ({
      name: `billing-alarm-critical-21000000000${n}`,
      accountId: `21000000000${n}`,
      rung: 'critical' as const,
      threshold: 100,
    });
    try {
      const burst = await Promise.allSettled(
        [1, 2, 3, 4].map((n) => cw.send(new PutMetricAlarmCommand(payerAlarmRequest(spec(n))))),
      );
      await new Promise((r) => setTimeout(r, 1_100));
      const tooLong = cw.send(
        new PutMetricAlarmCommand({ ...payerAlarmRequest(spec(5)), Period: 21_600, EvaluationPeriods: 5 }),
      );
      await expect(tooLong).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
      await cw.send(new PutMetricAlarmCommand(payerAlarmRequest(spec(5))));
      await new Promise((r) => setTimeout(r, 1_100));
      const overQuota = cw.send(new PutMetricAlarmCommand(payerAlarmRequest(spec(6))));
      await expect(overQuota).rejects.toMatchObject({ name: 'LimitExceededFault' });
      const names = Array.from({ length: 101 }, (_, i) => `x${i}`);
      await expect(cw.send(new DeleteAlarmsCommand({ AlarmNames: names }))).rejects.toMatchObject({
        name: 'InvalidParameterValueException',
      });

      expect(
        burst.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.name),
      ).toEqual(['Throttling']);
      expect(stand.alarms()).toHaveLength(4);
    } finally {
      cw.destroy();
      await stand.stop();
    }
  }, 20_000);
});

describe('the SES stand-in keeps SES’s rules for tags and sending events', () => {
  const send = (client: SESv2Client, tags: { Name: string; Value: string }[], configurationSet?: string) =>
    client.send(
      new SendEmailCommand({
        FromEmailAddress: 'billing-alarms@example.com',
        Destination: { ToAddresses: ['finops@example.com', SIMULATOR.bounce] },
        Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } },
        EmailTags: tags,
        ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
      }),
    );

  it('refuses a message tag value outside ASCII letters, digits, _ and - (or over 256 characters)', async () => {
    const ses = await startSes();
    const client = new SESv2Client({ ...local, endpoint: ses.endpoint });
    try {
      await expect(
        send(client, [{ Name: 'billing-alarms-delivery', Value: 'alarm#e-1' }]),
      ).rejects.toMatchObject({
        name: 'BadRequestException',
      });
      await expect(send(client, [{ Name: 'kind', Value: 'x'.repeat(257) }])).rejects.toMatchObject({
        name: 'BadRequestException',
      });
      expect(await ses.emails()).toHaveLength(0);
    } finally {
      client.destroy();
      await ses.stop();
    }
  });

  it('publishes Send, Delivery and the simulator’s Bounce only for mail sent through a configuration set', async () => {
    const published: ServiceEvent[] = [];
    const ses = await startSes(
      {},
      () => undefined,
      undefined,
      async (events) => {
        published.push(...events);
      },
    );
    const client = new SESv2Client({ ...local, endpoint: ses.endpoint });
    try {
      await send(client, [{ Name: 'kind', Value: 'alarm' }]);
      expect(published).toHaveLength(0);

      const { MessageId } = await send(client, [{ Name: 'kind', Value: 'alarm' }], 'billing-alarms-mail');

      expect(published.map((e) => [e.source, e['detail-type']])).toEqual([
        ['aws.ses', 'Email Sent'],
        ['aws.ses', 'Email Delivered'],
        ['aws.ses', 'Email Bounced'],
      ]);
      expect(published[0]?.detail).toMatchObject({
        eventType: 'Send',
        mail: {
          messageId: MessageId,
          tags: { kind: ['alarm'], 'ses:configuration-set': ['billing-alarms-mail'] },
        },
      });
      expect(published[2]?.detail).toMatchObject({
        bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: SIMULATOR.bounce }] },
      });
    } finally {
      client.destroy();
      await ses.stop();
    }
  });
});
