import { describe, expect, it } from 'vitest';
import { sampleEvent } from '../cli/sample-event.js';
import { twoTierLadder } from '../handlers/contract/ladder.js';
import { parsePayerAlarmName, payerAlarmName, payerAlarmSpecs } from '../handlers/contract/payer-alarms.js';
import { verifyBillingAlarm } from '../handlers/lib/alarm/alarm-event.js';
import { placementSkipReason } from '../handlers/lib/alarm/placement-admission.js';
import { decidePlacement } from '../handlers/lib/governance/decide-placement.js';
import { planPayerAlarms } from '../handlers/lib/governance/payer-plan.js';
import { exampleConfig } from './helpers/config.js';

const config = exampleConfig();
const MANAGEMENT = config.organization.managementAccountId;
const verify = (event: unknown) =>
  verifyBillingAlarm(event, { alarmNamePrefix: 'billing-alarm-', managementAccountId: MANAGEMENT });
const now = new Date('2026-12-03T09:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

describe('payer alarms at the edge', () => {
  it('accepts a payer alarm of the management account for the account it names, as that account', () => {
    const verdict = verify(sampleEvent(config, { account: '210000000002', placement: 'payer', now }));

    expect(verdict).toMatchObject({
      ok: true,
      value: {
        accountId: '210000000002',
        placement: 'payer',
        rung: 'critical',
        alarmName: 'billing-alarm-critical-210000000002',
      },
    });
    expect(verify(sampleEvent(config, { account: '210000000002', now }))).toMatchObject({
      ok: true,
      value: { placement: 'member' },
    });
  });

  it.each([
    [
      'a member account raising a LinkedAccount alarm for another account',
      (e: any) => {
        e.account = '210000000003';
        e.resources = [`arn:aws:cloudwatch:us-east-1:210000000003:alarm:${e.detail.alarmName}`];
      },
      /alarm watches LinkedAccount 210000000002 but was raised in 210000000003/,
    ],
    [
      'a management-account alarm named for one account watching another',
      (e: any) => {
        e.detail.configuration.metrics[0].metricStat.metric.dimensions.LinkedAccount = '210000000009';
      },
      /watches LinkedAccount 210000000009 but is not named billing-alarm-critical-210000000009/,
    ],
    [
      'a management-account alarm without the payer name',
      (e: any) => {
        e.detail.alarmName = 'billing-alarm-critical';
        e.resources = [`arn:aws:cloudwatch:us-east-1:${MANAGEMENT}:alarm:billing-alarm-critical`];
      },
      /is not named billing-alarm-critical-210000000002/,
    ],
  ])('rejects %s', (_name, edit, reason) => {
    const event = sampleEvent(config, { account: '210000000002', placement: 'payer', now }) as any;
    edit(event);

    const verdict = verify(event);

    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toMatch(reason);
  });

  it('names payer alarms <prefix><tier>-<account> and reads them back, nothing else', () => {
    expect(payerAlarmName('billing-alarm-', 'warning', '210000000001')).toBe(
      'billing-alarm-warning-210000000001',
    );
    expect(parsePayerAlarmName('billing-alarm-', 'billing-alarm-critical-210000000001')).toEqual({
      rung: 'critical',
      accountId: '210000000001',
    });
    for (const name of [
      'billing-alarm-critical',
      'billing-alarm-critical-2100',
      'other-critical-210000000001',
    ])
      expect(parsePayerAlarmName('billing-alarm-', name)).toBeUndefined();
    // A tier at 0 has no alarm.
    expect(payerAlarmSpecs('billing-alarm-', '210000000001', twoTierLadder(0, 300))).toEqual([
      {
        name: 'billing-alarm-critical-210000000001',
        accountId: '210000000001',
        rung: 'critical',
        threshold: 300,
      },
    ]);
  });
});

describe('placement', () => {
  const auto = { alarms: { placement: 'auto' as const, autoAfterHours: 24, forecast: 'runRate' as const } };
  const state = (state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA', placement?: 'payer') => ({
    accountId: '210000000001',
    rung: 'critical' as const,
    state,
    changedAt: hoursAgo(1).toISOString(),
    ...(placement ? { placement } : {}),
  });

  it('auto: member alarms while they may still report, payer alarms after 24 h without data', () => {
    expect(decidePlacement(auto, '210000000001', hoursAgo(23), [], now)).toMatchObject({
      placement: 'member',
      reason: expect.stringContaining('23 h ago'),
    });
    expect(
      decidePlacement(auto, '210000000001', hoursAgo(25), [state('INSUFFICIENT_DATA')], now),
    ).toMatchObject({
      placement: 'payer',
      reason: expect.stringContaining('no data within 24 h'),
    });
    // Data from the member alarms keeps them; data from the payer alarm does not count for them.
    expect(decidePlacement(auto, '210000000001', hoursAgo(100), [state('OK')], now).placement).toBe('member');
    expect(decidePlacement(auto, '210000000001', hoursAgo(100), [state('OK', 'payer')], now).placement).toBe(
      'payer',
    );
  });

  it('member and payer: what the configuration says, whatever the states', () => {
    for (const placement of ['member', 'payer'] as const)
      expect(
        decidePlacement(
          { alarms: { placement, autoAfterHours: 24, forecast: 'runRate' as const } },
          '210000000001',
          hoursAgo(100),
          [],
          now,
        ),
      ).toEqual({ placement, reason: `alarms.placement is ${placement}` });
  });

  it('mails an account from one side only, and lets the alarm through when the ledger cannot say', async () => {
    const payerRecord = {
      get: async () => ({
        accountId: '210000000001',
        placement: 'payer' as const,
        reason: 'its member alarms reported no data',
        firstSeen: hoursAgo(48).toISOString(),
        decidedAt: hoursAgo(1).toISOString(),
      }),
    };
    const broken = {
      get: async () => {
        throw new Error('ProvisionedThroughputExceededException');
      },
    };
    const errors: Error[] = [];

    expect(await placementSkipReason(auto, '210000000001', 'member', payerRecord, () => {})).toMatch(
      /watched by its payer alarms \(its member alarms reported no data\); this member alarm is not mailed/,
    );
    expect(await placementSkipReason(auto, '210000000001', 'payer', payerRecord, () => {})).toBeUndefined();
    expect(
      await placementSkipReason(
        { alarms: { placement: 'payer', autoAfterHours: 24, forecast: 'runRate' as const } },
        '2',
        'member',
        payerRecord,
        () => {},
      ),
    ).toMatch(/alarms.placement is payer/);
    expect(
      await placementSkipReason(auto, '210000000001', 'member', broken, (e) => errors.push(e)),
    ).toBeUndefined();
    expect(errors).toHaveLength(1);
  });

  it('plans payer alarms: missing and changed ones put, those of accounts that left or went back deleted', () => {
    const desired = new Map([
      ['210000000001', twoTierLadder(4000, 6000)],
      ['210000000002', twoTierLadder(0, 4000)],
    ]);
    const existing = new Map(
      [
        {
          name: 'billing-alarm-critical-210000000001',
          accountId: '210000000001',
          rung: 'critical' as const,
          threshold: 5000,
        },
        {
          name: 'billing-alarm-warning-210000000002',
          accountId: '210000000002',
          rung: 'warning' as const,
          threshold: 100,
        },
        {
          name: 'billing-alarm-critical-230000000001',
          accountId: '230000000001',
          rung: 'critical' as const,
          threshold: 300,
        },
      ].map((a) => [a.name, a]),
    );

    const payer = planPayerAlarms(
      {
        alarms: { placement: 'payer', autoAfterHours: 24, forecast: 'runRate' as const },
        alarmNamePrefix: 'billing-alarm-',
      },
      desired,
      existing,
    );
    const member = planPayerAlarms(
      {
        alarms: { placement: 'member', autoAfterHours: 24, forecast: 'runRate' as const },
        alarmNamePrefix: 'billing-alarm-',
      },
      desired,
      existing,
    );

    expect(payer.puts.map((p) => [p.name, p.threshold])).toEqual([
      ['billing-alarm-warning-210000000001', 4000],
      ['billing-alarm-critical-210000000001', 6000],
      ['billing-alarm-critical-210000000002', 4000],
    ]);
    expect(payer.removes).toEqual([
      'billing-alarm-warning-210000000002',
      'billing-alarm-critical-230000000001',
    ]);
    expect(payer.changes.map((c) => c.reason)).toEqual([
      'payer alarm missing',
      'payer alarm threshold differs',
      'payer alarm missing',
      'rung no longer in the ladder',
      'payer alarm of an account without a stack instance (left or moved out)',
    ]);
    expect(member.puts).toEqual([]);
    expect(member.removes).toHaveLength(3);
  });
});

describe('the edge keeps to where billing metrics live', () => {
  it.each([
    [
      'another region',
      (e: any) => {
        e.region = 'eu-west-1';
        e.resources = [`arn:aws:cloudwatch:eu-west-1:210000000002:alarm:${e.detail.alarmName}`];
      },
    ],
    [
      'another partition',
      (e: any) => {
        e.resources = [`arn:aws-cn:cloudwatch:us-east-1:210000000002:alarm:${e.detail.alarmName}`];
      },
    ],
    [
      'an event region that is not the ARN’s',
      (e: any) => {
        e.region = 'us-west-2';
      },
    ],
  ])('rejects an alarm from %s', (_name, edit) => {
    const event = sampleEvent(config, { account: '210000000002', now }) as any;
    edit(event);

    const verdict = verify(event);

    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toMatch(
      /is not in the aws partition's us-east-1, where billing metrics live/,
    );
  });
});
