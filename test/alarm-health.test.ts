import { describe, expect, it } from 'vitest';
import { alarmHealth } from '../handlers/lib/report/alarm-health.js';
import { AlarmStateLedger } from '../handlers/lib/state/alarm-states.js';
import { useStateTable } from './helpers/alarm-deps.js';

const now = new Date('2026-11-20T09:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();

describe('alarm health', () => {
  it('names alarms in INSUFFICIENT_DATA for over a day, and covered accounts never heard from', () => {
    const health = alarmHealth(
      [
        { accountId: '210000000001', rung: 'critical', state: 'INSUFFICIENT_DATA', changedAt: hoursAgo(30) },
        { accountId: '210000000001', rung: 'warning', state: 'OK', changedAt: hoursAgo(30) },
        { accountId: '210000000002', rung: 'critical', state: 'INSUFFICIENT_DATA', changedAt: hoursAgo(2) },
      ],
      ['210000000001', '210000000002', '210000000003'],
      now,
    );

    expect(health).toEqual({
      stuck: [{ id: '210000000001', rung: 'critical', since: hoursAgo(30) }],
      silent: ['210000000003'],
      recorded: 3,
    });
  });

  it('calls nobody silent before any state was recorded', () => {
    expect(alarmHealth([], ['210000000001'], now)).toEqual({ stuck: [], silent: [], recorded: 0 });
  });
});

describe('alarm state ledger (DynamoDB stand-in)', () => {
  const table = useStateTable();

  it('keeps the newest state per account and tier, whatever order the changes arrive in', async () => {
    const { dynamo, tableName } = table();
    const ledger = new AlarmStateLedger(dynamo, tableName);

    const changes = [
      { accountId: '210000000001', rung: 'critical', state: 'ALARM', changedAt: hoursAgo(1) },
      { accountId: '210000000001', rung: 'critical', state: 'OK', changedAt: hoursAgo(5) },
      { accountId: '310000000001', rung: 'warning', state: 'INSUFFICIENT_DATA', changedAt: hoursAgo(40) },
      { accountId: '210000000001', rung: 'warning', state: 'OK', changedAt: hoursAgo(3) },
    ] as const;
    for (const change of changes) await ledger.record(change);

    expect(await ledger.all()).toEqual([
      { accountId: '210000000001', rung: 'critical', state: 'ALARM', changedAt: hoursAgo(1) },
      { accountId: '210000000001', rung: 'warning', state: 'OK', changedAt: hoursAgo(3) },
      { accountId: '310000000001', rung: 'warning', state: 'INSUFFICIENT_DATA', changedAt: hoursAgo(40) },
    ]);
  });
});
