import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  GetCostForecastCommand,
} from '@aws-sdk/client-cost-explorer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListParentsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { notifyAlarm } from '../handlers/lib/alarm/notify-alarm.js';
import { SnapshotStore } from '../handlers/lib/costs/snapshot-store.js';
import {
  MAX_RECIPIENTS_PER_MESSAGE,
  recipientBatches,
  sendEmail,
  uniqueRecipients,
} from '../handlers/lib/delivery/mailer.js';
import { RejectionLog } from '../handlers/lib/events/rejection-log.js';
import { exampleConfig } from './helpers/config.js';
import { eventFixture } from './helpers/events.js';
import { TEST_NOW, testSnapshot } from './helpers/snapshot.js';

const ce = mockClient(CostExplorerClient);
const ses = mockClient(SESv2Client);
const doc = mockClient(DynamoDBDocumentClient);
const orgs = mockClient(OrganizationsClient);

function deps() {
  const dynamo = new DynamoDBClient({ region: 'us-east-1' });
  return {
    config: exampleConfig(),
    ce: new CostExplorerClient({ region: 'us-east-1' }),
    ses: new SESv2Client({ region: 'us-east-1' }),
    organizations: new OrganizationsClient({ region: 'us-east-1' }),
    snapshots: new SnapshotStore(dynamo, 'state', 3600),
    rejections: new RejectionLog(dynamo, 'state'),
    logger: new Logger({ logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'Test', serviceName: 'test' }),
    now: () => new Date('2026-11-20T09:00:00Z'),
  };
}

describe('notifyAlarm', () => {
  beforeEach(() => {
    ce.reset();
    ses.reset();
    doc.reset();
    orgs.reset();
    orgs
      .on(ListParentsCommand)
      .resolves({ Parents: [{ Id: 'ou-a1b2-workloads', Type: 'ORGANIZATIONAL_UNIT' }] });
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [] });
    ce.on(GetCostForecastCommand).resolves({ Total: { Amount: '10', Unit: 'USD' } });
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    doc.on(BatchGetCommand).resolves({ Responses: { state: [] } });
    doc.on(BatchWriteCommand).resolves({});
    doc.on(PutCommand).resolves({});
  });

  it('mails the central recipients and the account’s own, from the configured sender', async () => {
    const result = await notifyAlarm(eventFixture('critical-alarm'), deps());

    expect(result).toMatchObject({
      status: 'sent',
      recipients: ['finops@example.com', 'cloud-coe@example.com', 'payments-leads@example.com'],
      costExplorerRequests: 2,
    });
    expect(ses).toReceiveCommandWith(SendEmailCommand, {
      FromEmailAddress: 'billing-alarms@example.com',
      Destination: {
        ToAddresses: ['finops@example.com', 'cloud-coe@example.com', 'payments-leads@example.com'],
      },
    });
  });

  it('adds the recipients of the account’s OU override, found through Organizations', async () => {
    orgs
      .on(ListParentsCommand, { ChildId: '220000000001' })
      .resolves({ Parents: [{ Id: 'ou-a1b2-nested00', Type: 'ORGANIZATIONAL_UNIT' }] })
      .on(ListParentsCommand, { ChildId: 'ou-a1b2-nested00' })
      .resolves({ Parents: [{ Id: 'ou-a1b2-sandboxes', Type: 'ORGANIZATIONAL_UNIT' }] });
    const event = eventFixture('critical-alarm');
    event.account = '220000000001';
    event.resources = ['arn:aws:cloudwatch:us-east-1:220000000001:alarm:billing-alarm-critical'];

    const result = await notifyAlarm(event, deps());

    expect(result.recipients).toEqual([
      'finops@example.com',
      'cloud-coe@example.com',
      'sandbox-owners@example.com',
    ]);
    expect(result.viewModel?.notes).toContainEqual({
      label: 'Note for this account',
      value: 'Sandboxes are small by design',
    });
  });

  it('still mails the central recipients when the OU cannot be read', async () => {
    orgs
      .on(ListParentsCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));

    const result = await notifyAlarm(eventFixture('critical-alarm'), deps());

    expect(result).toMatchObject({
      status: 'sent',
      recipients: expect.arrayContaining(['finops@example.com', 'payments-leads@example.com']),
    });
  });

  it('rejects a spoofed event once: recorded with its reason, no email, no Cost Explorer request', async () => {
    const result = await notifyAlarm(eventFixture('spoofed-account'), deps());

    expect(result).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(/does not own the alarm/),
    });
    expect(doc).toReceiveCommandWith(PutCommand, {
      TableName: 'state',
      Item: expect.objectContaining({
        id: 'rejected#5p00f000-0000-0000-0000-000000000001',
        reason: expect.any(String),
      }),
    });
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
    expect(ce).not.toHaveReceivedCommand(GetCostAndUsageCommand);
  });

  it('skips OK transitions unless configured to mail them', async () => {
    const ok = eventFixture('critical-alarm');
    ok.detail.state.value = 'OK';

    expect(await notifyAlarm(ok, deps())).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(/notifyOnOk/),
    });

    const d = deps();
    const mailed = await notifyAlarm(ok, {
      ...d,
      config: { ...d.config, email: { ...d.config.email, notifyOnOk: true } },
    });
    expect(mailed).toMatchObject({ status: 'sent', subject: expect.stringMatching(/^\[OK\]/) });
  });

  it('still mails when Cost Explorer fails, saying what is missing', async () => {
    ce.on(GetCostAndUsageCommand).rejects(
      Object.assign(new Error('down'), { name: 'ServiceUnavailableException' }),
    );

    const result = await notifyAlarm(eventFixture('critical-alarm'), deps());

    expect(result.status).toBe('sent');
    expect(result.viewModel?.missing?.items[0]).toMatch(
      /^Cost Explorer figures .*: the service did not answer\.$/,
    );
  });

  it('throws when SES fails, so that Lambda retries and the dead-letter queue keeps the event', async () => {
    ses
      .on(SendEmailCommand)
      .rejects(Object.assign(new Error('Sending paused'), { name: 'SendingPausedException' }));

    await expect(notifyAlarm(eventFixture('critical-alarm'), deps())).rejects.toThrow(
      /SendingPausedException/,
    );
  });

  it('never builds the organisation’s snapshot: two filtered requests, the name from a fresh cached snapshot', async () => {
    const snapshot = testSnapshot([{ id: '210000000001', name: 'payments (from the cache)', current: 10 }]);
    const store = new SnapshotStore(new DynamoDBClient({ region: 'us-east-1' }), 'state', 3600);
    await store.save(snapshot, TEST_NOW);
    const items = doc
      .commandCalls(BatchWriteCommand)
      .flatMap((c) => Object.values(c.args[0].input.RequestItems ?? {}).flat())
      .map((w) => (w as { PutRequest: { Item: Record<string, unknown> } }).PutRequest.Item);
    doc
      .on(BatchGetCommand)
      .callsFake(async (input: { RequestItems: Record<string, { Keys: { id: string }[] }> }) => ({
        Responses: {
          state: input.RequestItems.state?.Keys.map((k) => items.find((i) => i.id === k.id)).filter(Boolean),
        },
      }));
    doc.resetHistory();

    const result = await notifyAlarm(eventFixture('critical-alarm'), { ...deps(), now: () => TEST_NOW });

    expect(result.costExplorerRequests).toBe(2);
    expect(ce.commandCalls(GetCostAndUsageCommand)).toHaveLength(2);
    expect(ce.commandCalls(GetCostForecastCommand)).toHaveLength(0);
    expect(doc.commandCalls(BatchWriteCommand)).toHaveLength(0);
    expect(result.subject).toContain('payments (from the cache) (210000000001)');
  });
});

describe('mailer', () => {
  beforeEach(() => {
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
  });

  it('sends at most 50 recipients per message', async () => {
    const to = Array.from({ length: 120 }, (_, i) => `r${i}@example.com`);

    await sendEmail(new SESv2Client({ region: 'us-east-1' }), {
      from: 'a@example.com',
      to,
      subject: 's',
      html: 'h',
      text: 't',
    });

    const sizes = ses
      .commandCalls(SendEmailCommand)
      .map((c) => c.args[0].input.Destination?.ToAddresses?.length);
    expect(sizes).toEqual([50, 50, 20]);
    expect(recipientBatches(to).every((b) => b.length <= MAX_RECIPIENTS_PER_MESSAGE)).toBe(true);
  });

  it('removes duplicate recipients regardless of case', () => {
    expect(uniqueRecipients(['A@example.com', 'b@example.com'], ['a@EXAMPLE.com'])).toEqual([
      'A@example.com',
      'b@example.com',
    ]);
  });
});
