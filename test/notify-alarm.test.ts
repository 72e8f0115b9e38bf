import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  GetCostForecastCommand,
} from '@aws-sdk/client-cost-explorer';
import {
  DescribeAccountCommand,
  ListParentsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../handlers/contract/config/parse.js';
import { actionKeysOf, verifyActionToken } from '../handlers/lib/actions/action-token.js';
import { notifyAlarm } from '../handlers/lib/alarm/notify-alarm.js';
import {
  deliverEmail,
  MAX_RECIPIENTS_PER_MESSAGE,
  recipientBatches,
  uniqueRecipients,
} from '../handlers/lib/delivery/mailer.js';
import { orgCopyRecord } from '../handlers/lib/governance/org-copy-record.js';
import { OrgCopy } from '../handlers/lib/state/org-copy.js';
import { alarmDeps, invocation, itemsStartingWith, useStateTable } from './helpers/alarm-deps.js';
import { exampleConfigInput } from './helpers/config.js';
import { eventFixture } from './helpers/events.js';
import { TEST_NOW } from './helpers/snapshot.js';

const ce = mockClient(CostExplorerClient);
const ses = mockClient(SESv2Client);
const orgs = mockClient(OrganizationsClient);
const table = useStateTable();

/** An ALARM of `account`'s `tier` with its own event id. */
function alarmEvent(id: string, account = '210000000001', tier = 'critical') {
  const event = eventFixture('critical-alarm');
  event.id = id;
  event.account = account;
  event.resources = [`arn:aws:cloudwatch:us-east-1:${account}:alarm:billing-alarm-${tier}`];
  event.detail.alarmName = `billing-alarm-${tier}`;
  return event;
}

const linkKeys = actionKeysOf(Buffer.alloc(32, 7).toString('base64'));
const LINK_BASE = 'https://abc123.lambda-url.us-east-1.on.aws/';

describe('notifyAlarm', () => {
  beforeEach(() => {
    ce.reset();
    ses.reset();
    orgs.reset();
    orgs
      .on(ListParentsCommand)
      .resolves({ Parents: [{ Id: 'ou-a1b2-workloads', Type: 'ORGANIZATIONAL_UNIT' }] });
    orgs
      .on(DescribeAccountCommand)
      .resolves({ Account: { Id: '210000000001', Name: 'prod-payments', State: 'ACTIVE' } });
    orgs.on(ListTagsForResourceCommand).resolves({ Tags: [] });
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [] });
    let n = 0;
    ses.on(SendEmailCommand).callsFake(async () => ({ MessageId: `m-${++n}` }));
  });

  const sent = () => {
    const content = ses.commandCalls(SendEmailCommand)[0]?.args[0].input.Content?.Simple?.Body;
    return { html: content?.Html?.Data ?? '', text: content?.Text?.Data ?? '' };
  };

  it('links each answer of the alert (signed, verifiable) in the HTML and the text part when the action page is configured', async () => {
    const deps = { ...alarmDeps(table()), actionLinks: { baseUrl: LINK_BASE, keys: async () => linkKeys } };

    const result = await notifyAlarm(eventFixture('critical-alarm'), deps, invocation());

    expect(result.status).toBe('sent');
    const { html, text } = sent();
    const hrefs = [...html.matchAll(/href="([^"]*\/a\/\d{12}\/[^"]*)"/g)].map((m) =>
      (m[1] ?? '').replaceAll('&amp;', '&').replaceAll('&#x3D;', '='),
    );
    expect(hrefs).toHaveLength(4);
    for (const href of hrefs) {
      expect(href).toContain('/a/210000000001/critical?t=');
      expect(verifyActionToken(new URL(href).searchParams.get('t') ?? '', linkKeys, TEST_NOW).ok).toBe(true);
    }
    expect(html).toContain('Answer this alert');
    expect(text).toMatch(
      /Snooze 1 day: https:\/\/abc123\.lambda-url\.us-east-1\.on\.aws\/a\/210000000001\/critical\?t=/,
    );
  });

  it('has no answer links when no action page is configured', async () => {
    const result = await notifyAlarm(eventFixture('critical-alarm'), alarmDeps(table()), invocation());

    expect(result.status).toBe('sent');
    expect(sent().html).not.toContain('/a/210000000001/');
    expect(sent().html).not.toContain('Answer this alert');
  });

  it('mails the central recipients and the account’s own, from the configured sender, with one Cost Explorer request', async () => {
    const result = await notifyAlarm(eventFixture('critical-alarm'), alarmDeps(table()), invocation());

    expect(result).toMatchObject({
      status: 'sent',
      recipients: ['finops@example.com', 'cloud-coe@example.com', 'payments-leads@example.com'],
      messageIds: ['m-1'],
      costExplorerRequests: 1,
    });
    expect(ses).toReceiveCommandWith(SendEmailCommand, {
      FromEmailAddress: 'billing-alarms@example.com',
      Destination: {
        ToAddresses: ['finops@example.com', 'cloud-coe@example.com', 'payments-leads@example.com'],
      },
    });
  });

  it('asks Cost Explorer for the account’s forecast too when the configuration asks for it: two requests', async () => {
    ce.on(GetCostForecastCommand).resolves({ Total: { Amount: '100', Unit: 'USD' } });
    const input = exampleConfigInput();
    const config = parseConfig({
      ...input,
      alarms: { ...(input.alarms as object), forecast: 'costExplorer' },
    });

    const result = await notifyAlarm(
      eventFixture('critical-alarm'),
      alarmDeps(table(), { config }),
      invocation(),
    );

    expect(result).toMatchObject({ status: 'sent', costExplorerRequests: 2 });
    expect(ce).toReceiveCommandWith(GetCostForecastCommand, {
      Filter: {
        And: [
          { Dimensions: { Key: 'LINKED_ACCOUNT', Values: ['210000000001'] } },
          { Not: { Dimensions: { Key: 'RECORD_TYPE', Values: ['Credit', 'Refund'] } } },
        ],
      },
    });
  });

  it('answers a replay with the first delivery’s message ids and sends nothing', async () => {
    const deps = alarmDeps(table());
    await notifyAlarm(eventFixture('critical-alarm'), deps, invocation());

    const replay = await notifyAlarm(eventFixture('critical-alarm'), deps, invocation());

    expect(replay).toMatchObject({ status: 'duplicate', messageIds: ['m-1'], costExplorerRequests: 0 });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('mails an alarm whose event id is over DynamoDB’s key limit once, and knows its replay', async () => {
    const deps = alarmDeps(table());
    const long = alarmEvent(`${'x'.repeat(3000)}#batch#0`);

    const first = await notifyAlarm(long, deps, invocation());
    const replay = await notifyAlarm(long, deps, invocation());
    const other = await notifyAlarm(
      alarmEvent(`${'x'.repeat(3000)}#batch#1`, '210000000001', 'warning'),
      deps,
      invocation(),
    );

    expect(first).toMatchObject({ status: 'sent', messageIds: ['m-1'] });
    expect(replay).toMatchObject({ status: 'duplicate', messageIds: ['m-1'] });
    // Another long id hashes to another key.
    expect(other.status).not.toBe('duplicate');
  });

  it('tells apart an event id seen before with another payload: handled on its own and recorded as a conflict, while a true replay stays a duplicate', async () => {
    const deps = alarmDeps(table());
    const first = alarmEvent('same-id', '210000000001', 'critical');
    const other = alarmEvent('same-id', '210000000002', 'critical');

    const sent = await notifyAlarm(first, deps, invocation());
    const conflicting = await notifyAlarm(other, deps, invocation());
    const replayOfFirst = await notifyAlarm(structuredClone(first), deps, invocation());
    const replayOfOther = await notifyAlarm(structuredClone(other), deps, invocation());
    const conflicts = await itemsStartingWith(table(), 'conflict#');
    const counted = await deps.rejections.conflicts(TEST_NOW);

    expect(sent).toMatchObject({ status: 'sent' });
    expect(sent.conflict).toBeUndefined();
    expect(conflicting).toMatchObject({
      status: 'sent',
      conflict: expect.stringContaining('delivered before with another payload'),
    });
    expect(replayOfFirst.status).toBe('duplicate');
    expect(replayOfOther.status).toBe('duplicate');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
    // One conflict record and one count, however often the conflicting event comes back.
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      kind: 'conflict',
      reason: expect.stringContaining('not as a duplicate'),
    });
    expect(counted).toEqual([
      expect.objectContaining({ count: 1, last: expect.objectContaining({ eventId: 'same-id' }) }),
    ]);
  });

  it('adds the recipients of the account’s OU override, found through Organizations', async () => {
    orgs
      .on(ListParentsCommand)
      .resolves({ Parents: [{ Id: 'ou-a1b2-sandboxes', Type: 'ORGANIZATIONAL_UNIT' }] });

    const result = await notifyAlarm(
      alarmEvent('e-ou', '220000000001', 'warning'),
      alarmDeps(table()),
      invocation(),
    );

    expect(result.recipients).toEqual([
      'finops@example.com',
      'cloud-coe@example.com',
      'sandbox-owners@example.com',
    ]);
  });

  it('still mails when Organizations cannot answer, accepting the account and leaving OU recipients out', async () => {
    orgs
      .on(ListParentsCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    orgs
      .on(DescribeAccountCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));

    orgs
      .on(ListTagsForResourceCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));

    const result = await notifyAlarm(eventFixture('critical-alarm'), alarmDeps(table()), invocation());
    const sent = ses.commandCalls(SendEmailCommand)[0]?.args[0].input.Content?.Simple?.Body?.Text?.Data ?? '';

    expect(result.status).toBe('sent');
    // Degraded out loud: no copy of the organisation either, so the operators are copied, with why.
    expect(sent).toContain('The account’s OU and tags could not be read (access denied)');
    expect(sent).toContain('the operators were copied');
    expect(result.recipients).toEqual([
      'finops@example.com',
      'cloud-coe@example.com',
      'payments-leads@example.com',
      'platform-oncall@example.com',
    ]);
  });

  it('says the account was renamed when Organizations names it otherwise than the organisation copy: email, text and chat', async () => {
    const deps = alarmDeps(table());
    await new OrgCopy(table().dynamo, table().tableName).put(
      orgCopyRecord(
        deps.config,
        { accountId: '210000000001', name: 'payments-legacy', ouPath: [] },
        new Date('2026-11-18T06:00:00Z'),
        'report',
      ),
    );

    const result = await notifyAlarm(alarmEvent('e-renamed'), deps, invocation());
    const body = ses.commandCalls(SendEmailCommand)[0]?.args[0].input.Content?.Simple?.Body;

    expect(result.status).toBe('sent');
    expect(body?.Text?.Data).toMatch(
      /Account renamed: renamed from “payments-legacy” to “prod-payments” since the organisation copy was read .*2026/,
    );
    expect(body?.Html?.Data).toContain('renamed from “payments-legacy” to “prod-payments”');
    const facts = result.viewModel?.facts ?? [];
    expect(facts.map((f) => f.label).slice(0, 2)).toEqual(['Account', 'Account renamed']);
  });

  it('says no rename when the organisation copy knows the same name', async () => {
    const deps = alarmDeps(table());
    const copy = new OrgCopy(table().dynamo, table().tableName);
    await copy.put(
      orgCopyRecord(
        deps.config,
        { accountId: '210000000001', name: 'prod-payments', ouPath: [] },
        new Date('2026-11-18T06:00:00Z'),
        'report',
      ),
    );

    const same = await notifyAlarm(alarmEvent('e-same-name'), deps, invocation());

    expect(same.status).toBe('sent');
    expect(JSON.stringify(same.viewModel)).not.toContain('renamed');
  });

  it('judges and routes an OU account on its last known OU and tags when Organizations cannot answer, saying they may be stale', async () => {
    const deps = alarmDeps(table());
    await new OrgCopy(table().dynamo, table().tableName).put(
      orgCopyRecord(
        deps.config,
        {
          accountId: '220000000001',
          name: 'sandbox-one',
          ouId: 'ou-a1b2-sandboxes',
          ouPath: ['ou-a1b2-sandboxes'],
          tags: { 'billing-alarms:recipients': 'team-sbx@example.com' },
        },
        new Date('2026-11-18T06:00:00Z'),
        'governance',
      ),
    );
    const denied = () => Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
    orgs.on(ListParentsCommand).rejects(denied());
    orgs.on(DescribeAccountCommand).rejects(denied());
    orgs.on(ListTagsForResourceCommand).rejects(denied());

    // The sandbox account's deployed critical alarm is at the OU's $300 (the event says so).
    const event = alarmEvent('e-stale', '220000000001', 'critical');
    event.detail.state.reason = event.detail.state.reason
      .replaceAll('6720', '320')
      .replace('(6000)', '(300)');
    event.detail.state.reasonData = event.detail.state.reasonData
      .replaceAll('6720', '320')
      .replace('"threshold":6000', '"threshold":300');
    const result = await notifyAlarm(event, deps, invocation());
    const sent = ses.commandCalls(SendEmailCommand)[0]?.args[0].input.Content?.Simple?.Body?.Text?.Data ?? '';

    expect(result.status).toBe('sent');
    expect(result.recipients).toEqual([
      'finops@example.com',
      'cloud-coe@example.com',
      'sandbox-owners@example.com',
      'team-sbx@example.com',
    ]);
    // The OU's threshold and note throughout, never the default's $3,000.
    expect(sent).toContain('$300.00');
    expect(sent).not.toContain('$3,000.00');
    expect(sent).toContain('Sandboxes are small by design');
    expect(sent).toMatch(
      /its last known OU \(ou-a1b2-sandboxes, read .*2026.* by the governance Lambda\) was used .* they may be stale/,
    );
    expect(sent).toMatch(
      /its billing-alarms tags as read .* by the governance Lambda were used; they may be stale/,
    );
    expect(result.subject).toContain('sandbox-one');
  });

  it('takes membership, the OU and the tags from a current organisation copy: no Organizations call at all', async () => {
    const deps = alarmDeps(table());
    await new OrgCopy(table().dynamo, table().tableName).put(
      orgCopyRecord(
        deps.config,
        {
          accountId: '220000000001',
          name: 'sandbox-one',
          ouId: 'ou-a1b2-sandboxes',
          ouPath: ['ou-a1b2-sandboxes'],
          tags: { 'billing-alarms:recipients': 'team-sbx@example.com' },
        },
        new Date(TEST_NOW.getTime() - 6 * 3_600_000),
        'report',
      ),
    );

    const result = await notifyAlarm(alarmEvent('e-copy', '220000000001', 'critical'), deps, invocation());
    const sent = ses.commandCalls(SendEmailCommand)[0]?.args[0].input.Content?.Simple?.Body?.Text?.Data ?? '';

    expect(result.status).toBe('sent');
    expect(orgs.calls()).toHaveLength(0);
    expect(result.recipients).toEqual([
      'finops@example.com',
      'cloud-coe@example.com',
      'sandbox-owners@example.com',
      'team-sbx@example.com',
    ]);
    expect(result.subject).toContain('sandbox-one');
    // Current, so nothing is said stale.
    expect(sent).not.toMatch(/may be stale/);
  });

  it('asks Organizations when the copy is older than two days', async () => {
    const deps = alarmDeps(table());
    await new OrgCopy(table().dynamo, table().tableName).put(
      orgCopyRecord(
        deps.config,
        { accountId: '210000000001', name: 'old-name', ouPath: [] },
        new Date(TEST_NOW.getTime() - 49 * 3_600_000),
        'report',
      ),
    );

    const result = await notifyAlarm(alarmEvent('e-old-copy'), deps, invocation());

    expect(result.status).toBe('sent');
    expect(orgs.commandCalls(DescribeAccountCommand)).toHaveLength(1);
    expect(orgs.commandCalls(ListParentsCommand).length).toBeGreaterThan(0);
    expect(result.subject).toContain('prod-payments');
  });

  it('rejects an account that is not an active member of the organisation, and records why', async () => {
    orgs
      .on(DescribeAccountCommand)
      .rejects(Object.assign(new Error('no such'), { name: 'AccountNotFoundException' }));

    const result = await notifyAlarm(eventFixture('critical-alarm'), alarmDeps(table()), invocation());

    expect(result).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(/not a member of the organisation/),
    });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    expect(await itemsStartingWith(table(), 'rejected#7bf73129')).toHaveLength(1);
  });

  it('rejects a spoofed event once: recorded with its reason, no email, no Cost Explorer request', async () => {
    const result = await notifyAlarm(eventFixture('spoofed-account'), alarmDeps(table()), invocation());

    expect(result).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(/does not own the alarm/),
    });
    expect(ce.commandCalls(GetCostAndUsageCommand)).toHaveLength(0);
    expect(await itemsStartingWith(table(), 'rejected#')).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/does not own the alarm/) }),
    ]);
  });

  it('keeps every rejection of events without an id apart, keyed by their content', async () => {
    const deps = alarmDeps(table());
    for (const n of [1, 2, 3]) {
      const event = eventFixture('not-an-alarm');
      delete event.id;
      event.detail = { n };
      await notifyAlarm(event, deps, invocation());
    }

    expect(await itemsStartingWith(table(), 'rejected#sha256-')).toHaveLength(3);
  });

  it('skips OK transitions unless configured to mail them', async () => {
    const ok = eventFixture('critical-alarm');
    ok.detail.state.value = 'OK';

    const skipped = await notifyAlarm(ok, alarmDeps(table()), invocation());

    expect(skipped).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/notifyOnOk/) });
  });

  it('still mails when Cost Explorer fails, saying what is missing', async () => {
    ce.on(GetCostAndUsageCommand).rejects(
      Object.assign(new Error('down'), { name: 'ServiceUnavailableException' }),
    );

    const result = await notifyAlarm(eventFixture('critical-alarm'), alarmDeps(table()), invocation());

    expect(result.status).toBe('sent');
    expect(result.viewModel?.missing?.items[0]).toMatch(
      /^Cost Explorer figures .*: the service did not answer\.$/,
    );
  });

  it('throws when SES refuses, so that Lambda retries; the retry sends once', async () => {
    const deps = alarmDeps(table());
    const inv = invocation();
    let calls = 0;
    ses.on(SendEmailCommand).callsFake(async () => {
      calls += 1;
      if (calls > 1) return { MessageId: 'm-2' };
      throw Object.assign(new Error('Sending paused'), {
        name: 'SendingPausedException',
        $metadata: { httpStatusCode: 400 },
      });
    });

    await expect(notifyAlarm(eventFixture('critical-alarm'), deps, inv)).rejects.toThrow(
      /SendingPausedException/,
    );
    const retried = await notifyAlarm(eventFixture('critical-alarm'), deps, inv);

    expect(retried.status).toBe('sent');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
  });

  it('never sends again what SES accepted when the ledger cannot record it (DynamoDB down after the send)', async () => {
    const deps = alarmDeps(table());
    const inv = invocation();
    table().standIn.setFaults({ failAfterSend: true });
    ses.on(SendEmailCommand).callsFake(async () => {
      table().standIn.sesAccepted();
      return { MessageId: 'm-once' };
    });

    const first = await notifyAlarm(eventFixture('critical-alarm'), deps, inv);

    expect(first).toMatchObject({ status: 'sent', messageIds: ['m-once'] });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('mails one ALARM per account and tier per re-alert window, then says how often the alarm changed meanwhile', async () => {
    const deps = alarmDeps(table());
    const later = (hours: number) => ({
      ...deps,
      now: () => new Date(TEST_NOW.getTime() + hours * 3_600_000),
    });

    const first = await notifyAlarm(alarmEvent('flap-1'), deps, invocation());
    const second = await notifyAlarm(alarmEvent('flap-2'), later(1), invocation());
    const third = await notifyAlarm(alarmEvent('flap-3'), later(2), invocation());
    const nextDay = await notifyAlarm(alarmEvent('flap-4'), later(25), invocation());

    expect([first.status, second.status, third.status, nextDay.status]).toEqual([
      'sent',
      'suppressed',
      'suppressed',
      'sent',
    ]);
    expect(second.reason).toMatch(/one email per account and rung every 24 h/);
    expect(nextDay.viewModel?.notes[0]).toEqual({
      label: 'Since the last email',
      value: expect.stringMatching(/^This alarm changed state 2 times since the last email/),
    });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
    // One request per mailed alarm; suppressed ones make none.
    expect(ce.commandCalls(GetCostAndUsageCommand)).toHaveLength(2);
  });

  it('always mails a critical after a warning of the same account', async () => {
    const deps = alarmDeps(table());

    const warning = await notifyAlarm(alarmEvent('w-1', '210000000001', 'warning'), deps, invocation());
    const critical = await notifyAlarm(alarmEvent('c-1', '210000000001', 'critical'), deps, invocation());

    expect([warning.status, critical.status]).toEqual(['sent', 'sent']);
  });

  it('sends one digest instead of alarm emails past the organisation’s hourly cap', async () => {
    const input = exampleConfigInput() as Record<string, any>;
    input.email.maxAlarmEmailsPerHour = 2;
    const deps = alarmDeps(table(), { config: parseConfig(input) });
    const accounts = ['210000000001', '210000000002', '210000000003', '210000000004'];

    const results = [];
    for (const [i, account] of accounts.entries()) {
      orgs
        .on(DescribeAccountCommand, { AccountId: account })
        .resolves({ Account: { Id: account, State: 'ACTIVE' } });
      results.push(await notifyAlarm(alarmEvent(`storm-${i}`, account), deps, invocation()));
    }

    expect(results.map((r) => r.status)).toEqual(['sent', 'sent', 'suppressed', 'suppressed']);
    expect(results[2]?.reason).toMatch(
      /cap of 2 alarm emails this hour is reached; a digest went out instead/,
    );
    const subjects = ses
      .commandCalls(SendEmailCommand)
      .map((c) => c.args[0].input.Content?.Simple?.Subject?.Data);
    expect(subjects.filter((s) => /Alarm storm/.test(s ?? ''))).toHaveLength(1);
    expect(subjects).toHaveLength(3);
  });
});

describe('mailer', () => {
  const table2 = table;
  beforeEach(() => {
    ses.reset();
  });

  it('sends at most 50 recipients per message', async () => {
    const to = Array.from({ length: 120 }, (_, i) => `r${i}@example.com`);
    let n = 0;
    ses.on(SendEmailCommand).callsFake(async () => ({ MessageId: `m-${++n}` }));
    const deps = alarmDeps(table2());

    const out = await deliverEmail(
      new SESv2Client({}),
      { from: 'a@example.com', to, subject: 's', html: '<p>h</p>', text: 't' },
      { ledger: deps.ledger, key: 'k', owner: 'o', leaseMs: 30_000, logger: deps.logger, clock: Date.now },
    );

    expect(recipientBatches(to).map((b) => b.length)).toEqual([50, 50, 20]);
    expect(out.messageIds).toEqual(['m-1', 'm-2', 'm-3']);
    for (const call of ses.commandCalls(SendEmailCommand)) {
      expect(call.args[0].input.Destination?.ToAddresses?.length).toBeLessThanOrEqual(
        MAX_RECIPIENTS_PER_MESSAGE,
      );
    }
  });

  it('skips the batches SES accepted when a retry resends after the second batch failed', async () => {
    const to = Array.from({ length: 80 }, (_, i) => `r${i}@example.com`);
    const refused = () =>
      Object.assign(new Error('throttled hard'), {
        name: 'LimitExceededException',
        $metadata: { httpStatusCode: 400 },
      });
    ses
      .on(SendEmailCommand)
      .resolvesOnce({ MessageId: 'first-50' })
      .rejectsOnce(refused())
      .rejectsOnce(refused())
      .resolves({ MessageId: 'last-30' });
    const deps = alarmDeps(table2());
    const ctx = {
      ledger: deps.ledger,
      key: 'k80',
      owner: 'o',
      leaseMs: 30_000,
      logger: deps.logger,
      clock: Date.now,
    };
    const email = { from: 'a@example.com', to, subject: 's', html: 'h', text: 't' };

    await expect(deliverEmail(new SESv2Client({}), email, ctx)).rejects.toThrow(/SES refused batch 2/);
    await expect(deliverEmail(new SESv2Client({}), email, ctx)).rejects.toThrow(/SES refused batch 2/);
    const third = await deliverEmail(new SESv2Client({}), email, ctx);

    expect(third.messageIds).toEqual(['first-50', 'last-30']);
    const firstBatchSends = ses
      .commandCalls(SendEmailCommand)
      .filter((c) => c.args[0].input.Destination?.ToAddresses?.[0] === 'r0@example.com');
    expect(firstBatchSends).toHaveLength(1);
  });

  it('removes duplicate recipients regardless of case', () => {
    expect(uniqueRecipients(['A@example.com', 'b@example.com'], ['a@EXAMPLE.com'])).toEqual([
      'A@example.com',
      'b@example.com',
    ]);
  });
});
