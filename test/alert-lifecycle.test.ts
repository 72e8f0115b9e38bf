import { CostExplorerClient, GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import {
  DescribeAccountCommand,
  ListParentsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { notifyAlarm } from '../handlers/lib/alarm/notify-alarm.js';
import { entriesOf } from '../handlers/lib/publisher/publisher.js';
import { AlertLifecycle, alertEventOf, HISTORY_MAX } from '../handlers/lib/state/alert-lifecycle.js';
import { AlertRequestError, effectiveState } from '../handlers/lib/state/alert-rules.js';
import { alarmDeps, invocation, useStateTable } from './helpers/alarm-deps.js';
import { eventFixture } from './helpers/events.js';
import { TEST_NOW } from './helpers/snapshot.js';

const ce = mockClient(CostExplorerClient);
const ses = mockClient(SESv2Client);
const orgs = mockClient(OrganizationsClient);
const table = useStateTable();
const ACCOUNT = '210000000001';
const hoursLater = (h: number) => new Date(TEST_NOW.getTime() + h * 3_600_000);

/** A state change of `account`'s `rung` alarm with its own event id. */
function alarmEvent(id: string, rung = 'critical', state: 'ALARM' | 'OK' = 'ALARM') {
  const event = eventFixture('critical-alarm');
  event.id = id;
  event.account = ACCOUNT;
  event.resources = [`arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:billing-alarm-${rung}`];
  event.detail.alarmName = `billing-alarm-${rung}`;
  event.detail.state.value = state;
  return event;
}

describe('the alert lifecycle store', () => {
  it('keeps open → acknowledged → snoozed → resolved with who, when, note and until, history appended in order', async () => {
    const alerts = new AlertLifecycle(table().dynamo, table().tableName);
    const opened = await alerts.change(
      ACCOUNT,
      'critical',
      () => ({ state: 'open', at: TEST_NOW.toISOString(), by: 'billing-alarms', cause: 'crossing' }),
      TEST_NOW,
    );

    await alerts.answer(
      ACCOUNT,
      'critical',
      { action: 'ack', by: 'ana', note: 'looking' },
      hoursLater(1),
      14,
    );
    await alerts.answer(
      ACCOUNT,
      'critical',
      { action: 'snooze', by: 'ana', until: hoursLater(48), note: 'load test' },
      hoursLater(2),
      14,
    );
    const resolved = await alerts.answer(
      ACCOUNT,
      'critical',
      { action: 'resolve', by: 'bo' },
      hoursLater(3),
      14,
    );

    expect(opened?.record.state).toBe('open');
    expect(resolved.record).toMatchObject({ state: 'resolved', by: 'bo', version: 4 });
    const kept = await alerts.get(ACCOUNT, 'critical');
    expect(kept?.history.map((h) => [h.state, h.by])).toEqual([
      ['open', 'billing-alarms'],
      ['acknowledged', 'ana'],
      ['snoozed', 'ana'],
      ['resolved', 'bo'],
    ]);
    expect(kept?.history[1]?.note).toBe('looking');
    expect(kept?.history[2]?.until).toBe(hoursLater(48).toISOString());
  });

  it('refuses a snooze past lifecycle.maxSnoozeDays, in the past or without until, naming the field, and writes nothing', async () => {
    const alerts = new AlertLifecycle(table().dynamo, table().tableName);
    const ask = (until?: Date) =>
      alerts.answer(
        ACCOUNT,
        'warning',
        { action: 'snooze', by: 'ana', ...(until ? { until } : {}) },
        TEST_NOW,
        7,
      );

    await expect(ask(hoursLater(7 * 24 + 1))).rejects.toThrow(
      /--until .* more than lifecycle.maxSnoozeDays \(7\)/,
    );
    await expect(ask(hoursLater(-1))).rejects.toThrow(/not in the future/);
    await expect(ask()).rejects.toBeInstanceOf(AlertRequestError);
    expect(await alerts.get(ACCOUNT, 'warning')).toBeUndefined();
  });

  it('refuses to acknowledge or resolve a rung without an open alert', async () => {
    const alerts = new AlertLifecycle(table().dynamo, table().tableName);

    await expect(
      alerts.answer(ACCOUNT, 'critical', { action: 'ack', by: 'ana' }, TEST_NOW, 14),
    ).rejects.toThrow(/no open alert/);
    await expect(
      alerts.answer(ACCOUNT, 'critical', { action: 'resolve', by: 'ana' }, TEST_NOW, 14),
    ).rejects.toMatchObject({ field: 'account' });
  });

  it('keeps both of two changes made at once: the second reads again and appends after the first', async () => {
    const alerts = new AlertLifecycle(table().dynamo, table().tableName);
    await alerts.change(
      ACCOUNT,
      'critical',
      () => ({ state: 'open', at: TEST_NOW.toISOString(), by: 'x' }),
      TEST_NOW,
    );

    await Promise.all([
      alerts.answer(ACCOUNT, 'critical', { action: 'ack', by: 'ana' }, hoursLater(1), 14),
      alerts.answer(
        ACCOUNT,
        'critical',
        { action: 'snooze', by: 'bo', until: hoursLater(5) },
        hoursLater(1),
        14,
      ),
    ]);

    const kept = await alerts.get(ACCOUNT, 'critical');
    expect(kept?.history).toHaveLength(3);
    expect(kept?.version).toBe(3);
    expect(new Set(kept?.history.slice(1).map((h) => h.by))).toEqual(new Set(['ana', 'bo']));
  });

  it('lists every alert by account and rung, and reads an old month’s open alert as resolved, an expired snooze as open', async () => {
    const alerts = new AlertLifecycle(table().dynamo, table().tableName);
    await alerts.answer(
      ACCOUNT,
      'warning',
      { action: 'plan', by: 'ana', until: hoursLater(24) },
      TEST_NOW,
      14,
    );
    await alerts.change(
      '210000000002',
      'critical',
      () => ({ state: 'open', at: TEST_NOW.toISOString(), by: 'x' }),
      TEST_NOW,
    );

    const listed = await alerts.list();

    expect(listed.map((a) => [a.accountId, a.rung, a.state])).toEqual([
      [ACCOUNT, 'warning', 'planned'],
      ['210000000002', 'critical', 'open'],
    ]);
    expect(effectiveState(listed[0], hoursLater(25))).toBe('open');
    expect(effectiveState(listed[1], new Date('2026-12-01T00:00:00Z'))).toBe('resolved');
  });

  it('keeps the newest HISTORY_MAX entries of a long-lived alert', async () => {
    const alerts = new AlertLifecycle(table().dynamo, table().tableName);
    for (let i = 0; i < HISTORY_MAX + 3; i++)
      await alerts.change(ACCOUNT, 'critical', () => ({ state: 'open', at: `t${i}`, by: 'x' }), TEST_NOW);

    const kept = await alerts.get(ACCOUNT, 'critical');

    expect(kept?.history).toHaveLength(HISTORY_MAX);
    expect(kept?.history.at(-1)?.at).toBe(`t${HISTORY_MAX + 2}`);
    expect(kept?.version).toBe(HISTORY_MAX + 3);
  });

  it('names each change’s event: Acknowledged, Snoozed, Resolved, Reopened, with a unique event id', async () => {
    const alerts = new AlertLifecycle(table().dynamo, table().tableName);
    await alerts.change(ACCOUNT, 'critical', () => ({ state: 'open', at: 'a', by: 'x' }), TEST_NOW);
    const ack = await alerts.answer(ACCOUNT, 'critical', { action: 'ack', by: 'ana' }, TEST_NOW, 14);
    const snooze = await alerts.answer(
      ACCOUNT,
      'critical',
      { action: 'snooze', by: 'ana', until: hoursLater(2) },
      TEST_NOW,
      14,
    );
    const reopened = await alerts.change(
      ACCOUNT,
      'critical',
      () => ({ state: 'open', at: 'b', by: 'x', cause: 'expired' }),
      TEST_NOW,
    );

    const events = [ack, snooze, reopened].map((c) => (c ? alertEventOf(c) : undefined));

    expect(events.map((e) => e?.detailType)).toEqual([
      'Billing Alert Acknowledged',
      'Billing Alert Snoozed',
      'Billing Alert Reopened',
    ]);
    expect(events[1]?.detail).toMatchObject({
      accountId: ACCOUNT,
      rung: 'critical',
      by: 'ana',
      previous: 'acknowledged',
    });
    expect(new Set(events.map((e) => e?.detail.eventId)).size).toBe(3);
  });
});

describe('answered alerts in admission', () => {
  beforeEach(() => {
    ce.reset();
    ses.reset();
    orgs.reset();
    orgs
      .on(ListParentsCommand)
      .resolves({ Parents: [{ Id: 'ou-a1b2-workloads', Type: 'ORGANIZATIONAL_UNIT' }] });
    orgs
      .on(DescribeAccountCommand)
      .resolves({ Account: { Id: ACCOUNT, Name: 'prod-payments', State: 'ACTIVE' } });
    orgs.on(ListTagsForResourceCommand).resolves({ Tags: [] });
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [] });
    let n = 0;
    ses.on(SendEmailCommand).callsFake(async () => ({ MessageId: `m-${++n}` }));
  });

  it('opens the rung’s alert when a crossing is mailed; the crossing’s own event announces it (no second event)', async () => {
    const deps = alarmDeps(table());

    const sent = await notifyAlarm(alarmEvent('open-1'), deps, invocation());

    expect(sent.status).toBe('sent');
    expect(sent.alerts).toBeUndefined();
    expect(entriesOf(sent, 'billing-alarms').map((e) => e.DetailType)).toEqual(['Billing Threshold Crossed']);
    expect((await deps.alerts.get(ACCOUNT, 'critical'))?.state).toBe('open');
  });

  it('suppresses a snoozed rung’s crossing naming who and until when, while another rung of the account mails', async () => {
    const deps = alarmDeps(table());
    await deps.alerts.answer(
      ACCOUNT,
      'critical',
      { action: 'snooze', by: 'ana@example.com', until: hoursLater(30), note: 'load test' },
      TEST_NOW,
      14,
    );

    const snoozed = await notifyAlarm(alarmEvent('s-1'), deps, invocation());
    const other = await notifyAlarm(alarmEvent('s-2', 'warning'), deps, invocation());

    expect(snoozed).toMatchObject({ status: 'suppressed', recipients: [] });
    expect(snoozed.reason).toMatch(
      /^snoozed by ana@example.com until 2026-11-21T15:00:00.000Z \(load test\)/,
    );
    expect(other.status).toBe('sent');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(ce.commandCalls(GetCostAndUsageCommand)).toHaveLength(1);
  });

  it('keeps each transition a snooze holds (ALARM not mailed, OK not resolving) on the alert for the report, and nothing once no snooze holds', async () => {
    const deps = alarmDeps(table());
    await deps.alerts.answer(
      ACCOUNT,
      'critical',
      { action: 'snooze', by: 'ana', until: hoursLater(30) },
      TEST_NOW,
      14,
    );

    await notifyAlarm(alarmEvent('h-1'), deps, invocation());
    await notifyAlarm(alarmEvent('h-2', 'critical', 'OK'), deps, invocation());
    await notifyAlarm(alarmEvent('h-3', 'warning'), deps, invocation());
    const record = await deps.alerts.get(ACCOUNT, 'critical');
    const afterEnd = await deps.alerts.hold(ACCOUNT, 'critical', 'ALARM', hoursLater(31));

    expect(record?.state).toBe('snoozed');
    expect(record?.held).toEqual([
      { alarm: 'ALARM', at: TEST_NOW.toISOString(), under: 'snoozed' },
      { alarm: 'OK', at: TEST_NOW.toISOString(), under: 'snoozed' },
    ]);
    expect((await deps.alerts.get(ACCOUNT, 'warning'))?.held).toBeUndefined();
    expect(afterEnd).toBe(false);
  });

  it('keeps held transitions through a later answer (the version moved, the answer reads again)', async () => {
    const alerts = new AlertLifecycle(table().dynamo, table().tableName);
    const answer = (by: string, action: 'plan' | 'snooze', at: number, until: number) =>
      alerts.answer(ACCOUNT, 'critical', { action, by, until: hoursLater(until) }, hoursLater(at), 14);
    await answer('cy', 'plan', 0, 10);

    await alerts.hold(ACCOUNT, 'critical', 'ALARM', hoursLater(1));
    await answer('di', 'snooze', 2, 20);

    const record = await alerts.get(ACCOUNT, 'critical');
    expect(record).toMatchObject({ state: 'snoozed', by: 'di', version: 3 });
    expect(record?.held).toEqual([{ alarm: 'ALARM', at: hoursLater(1).toISOString(), under: 'planned' }]);
  });

  it('re-opens an expired snooze on the next crossing and mails once, even inside the re-alert window', async () => {
    const deps = alarmDeps(table());
    const at = (h: number) => ({ ...deps, now: () => hoursLater(h) });
    await notifyAlarm(alarmEvent('e-1'), deps, invocation());
    await deps.alerts.answer(
      ACCOUNT,
      'critical',
      { action: 'snooze', by: 'ana', until: hoursLater(2) },
      hoursLater(1),
      14,
    );

    const during = await notifyAlarm(alarmEvent('e-2'), at(1.5), invocation());
    const after = await notifyAlarm(alarmEvent('e-3'), at(3), invocation());
    const again = await notifyAlarm(alarmEvent('e-4'), at(4), invocation());

    expect([during.status, after.status, again.status]).toEqual(['suppressed', 'sent', 'suppressed']);
    expect(after.alerts?.map((a) => a.detailType)).toEqual(['Billing Alert Reopened']);
    expect(again.reason).toMatch(/one email per account and rung/);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
  });

  it('keeps an acknowledged rung quiet while a higher rung still mails', async () => {
    const deps = alarmDeps(table());
    await notifyAlarm(alarmEvent('a-1', 'warning'), deps, invocation());
    await deps.alerts.answer(ACCOUNT, 'warning', { action: 'ack', by: 'ana', note: 'known' }, TEST_NOW, 14);
    const day = { ...deps, now: () => hoursLater(30) };

    const same = await notifyAlarm(alarmEvent('a-2', 'warning'), day, invocation());
    const higher = await notifyAlarm(alarmEvent('a-3', 'critical'), day, invocation());

    expect(same.status).toBe('suppressed');
    expect(same.reason).toMatch(
      /^acknowledged by ana at .* \(known\); rung warning mails again once resolved/,
    );
    expect(higher.status).toBe('sent');
  });

  it('resolves the rung’s alert on an OK transition and hands the Resolved event over with the skipped answer', async () => {
    const deps = alarmDeps(table());
    await notifyAlarm(alarmEvent('r-1'), deps, invocation());

    const ok = await notifyAlarm(
      alarmEvent('r-2', 'critical', 'OK'),
      { ...deps, now: () => hoursLater(5) },
      invocation(),
    );

    expect(ok.status).toBe('skipped');
    expect(ok.alerts?.map((a) => [a.detailType, a.detail.cause])).toEqual([['Billing Alert Resolved', 'ok']]);
    expect((await deps.alerts.get(ACCOUNT, 'critical'))?.history.map((h) => h.state)).toEqual([
      'open',
      'resolved',
    ]);
  });

  it('treats last month’s acknowledgement as resolved by the month reset: this month’s crossing mails and re-opens', async () => {
    const deps = alarmDeps(table());
    await notifyAlarm(alarmEvent('m-1'), deps, invocation());
    await deps.alerts.answer(ACCOUNT, 'critical', { action: 'ack', by: 'ana' }, TEST_NOW, 14);
    const december = new Date('2026-12-02T09:00:00Z');

    const next = await notifyAlarm(alarmEvent('m-2'), { ...deps, now: () => december }, invocation());

    expect(next.status).toBe('sent');
    expect(next.alerts?.map((a) => [a.detailType, a.detail.cause])).toEqual([
      ['Billing Alert Resolved', 'month-reset'],
    ]);
    expect((await deps.alerts.get(ACCOUNT, 'critical'))?.history.map((h) => h.state)).toEqual([
      'open',
      'acknowledged',
      'resolved',
      'open',
    ]);
  });
});
