import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../handlers/contract/config/load.js';
import { policyFor } from '../handlers/contract/config/thresholds.js';
import { DAILY_RATE_EXPRESSION, dailyRateMetrics } from '../handlers/contract/daily-rate.js';
import {
  alarmedRungs,
  DAILY_RUNG,
  dailyLimitOf,
  ladderOf,
  sameLadder,
  twoTierLadder,
  usedRungs,
} from '../handlers/contract/ladder.js';
import { ladderIn, ladderParameters } from '../handlers/contract/member-template.js';
import { parsePayerAlarmName, payerAlarmSpecs } from '../handlers/contract/payer-alarms.js';
import { verifyBillingAlarm } from '../handlers/lib/alarm/alarm-event.js';
import { alarmViewModel } from '../handlers/lib/alarm/alarm-view-model.js';
import { billingPeriods } from '../handlers/lib/costs/periods.js';
import { desiredThresholds } from '../handlers/lib/governance/desired-thresholds.js';
import { payerAlarmRequest } from '../handlers/lib/governance/payer-alarms.js';
import { rungChanges } from '../handlers/lib/governance/threshold-plan.js';
import { found } from '../handlers/lib/result.js';
import { metricAlarmProblem } from '../local/metric-alarm-rules.js';
import { checkTemplate } from '../local/stack-set-resource.js';
import { MemberAccountStack } from '../stackset-templates/member-account-stack.js';
import { exampleConfigInput } from './helpers/config.js';
import { eventFixture } from './helpers/events.js';

const MANAGEMENT = '100000000001';
const verify = (event: unknown) =>
  verifyBillingAlarm(event, { alarmNamePrefix: 'billing-alarm-', managementAccountId: MANAGEMENT });

/** The example configuration with a default daily limit of 300 and a sandbox OU limit of 40. */
function config(edit: (cfg: Record<string, any>) => void = () => undefined) {
  const cfg = exampleConfigInput() as Record<string, any>;
  cfg.thresholds.default.dailyLimit = 300;
  cfg.thresholds.organizationalUnits[0].dailyLimit = 40;
  edit(cfg);
  return parseConfig(cfg);
}

describe('daily limits in the configuration, tags and the ladder', () => {
  it('comes from the most specific scope that sets it; 0 or absent makes no daily-rate alarm', () => {
    const cfg = config((c) => {
      c.thresholds.accounts[1].dailyLimit = 0;
    });

    const byDefault = policyFor(cfg, '210000000009', 'ou-a1b2-workloads').ladder;
    const byOu = policyFor(cfg, '210000000009', 'ou-a1b2-sandboxes').ladder;
    const byAccount = policyFor(cfg, '210000000001').ladder;
    const off = policyFor(cfg, '210000000002').ladder;

    expect([byDefault, byOu, byAccount, off].map(dailyLimitOf)).toEqual([300, 40, 500, 0]);
    expect(usedRungs(byAccount).map((r) => r.name)).toEqual(['warning', 'critical']);
    expect(alarmedRungs(byAccount).map((r) => `${r.name} ${r.threshold}`)).toEqual([
      'warning 4000',
      'critical 6000',
      'daily 500',
    ]);
    expect(alarmedRungs(off).map((r) => r.name)).toEqual(['warning', 'critical']);
  });

  it('refuses a negative daily limit naming the field', () => {
    expect(() => config((c) => (c.thresholds.default.dailyLimit = -5))).toThrow(
      /thresholds\.default\.dailyLimit.*zero or more/s,
    );
  });

  it('takes the billing-alarms:daily-limit tag over the configuration and names a bad one', () => {
    const cfg = config();

    const tagged = desiredThresholds(cfg, '210000000009', 'ou-a1b2-workloads', {
      'billing-alarms:daily-limit': '120',
    });
    const bad = desiredThresholds(cfg, '210000000009', 'ou-a1b2-workloads', {
      'billing-alarms:daily-limit': 'lots',
    });

    expect(dailyLimitOf(tagged.ladder)).toBe(120);
    expect(tagged.source).toBe('tag');
    expect(dailyLimitOf(bad.ladder)).toBe(300);
    expect(bad.ignoredTags).toEqual([
      { tag: 'billing-alarms:daily-limit', value: 'lots', why: expect.any(String) },
    ]);
  });

  it('writes and reads the limit as the template’s DailyLimit parameter, and plans it as the rung "daily"', () => {
    const deployed = twoTierLadder(100, 200, 300);
    const desired = twoTierLadder(100, 200, 250);

    const params = ladderParameters(desired);
    const readBack = ladderIn(params, ladderOf([]));

    expect(params).toContainEqual({ ParameterKey: 'DailyLimit', ParameterValue: '250' });
    expect(sameLadder(readBack, desired)).toBe(true);
    expect(sameLadder(deployed, desired)).toBe(false);
    expect(rungChanges(deployed, desired)).toEqual([{ rung: 'daily', deployed: 300, desired: 250 }]);
    expect(rungChanges(twoTierLadder(100, 200), desired)).toEqual([
      { rung: 'daily', deployed: 0, desired: 250 },
    ]);
  });
});

describe('the member template’s daily-rate alarm', () => {
  const template = () => {
    const app = new App();
    const stack = new MemberAccountStack(app, 'Member');
    return { template: Template.fromStack(stack), stack };
  };

  it('is a metric-math alarm on the day’s highest EstimatedCharges, under a condition on DailyLimit, with its own forwarding rule', () => {
    const { template: t } = template();

    t.hasResource('AWS::CloudWatch::Alarm', {
      Condition: 'HasDailyLimit',
      Properties: {
        Metrics: [
          { Id: 'e1', Expression: DAILY_RATE_EXPRESSION, ReturnData: true },
          {
            Id: 'm1',
            MetricStat: {
              Metric: { Namespace: 'AWS/Billing', MetricName: 'EstimatedCharges' },
              Period: 86_400,
              Stat: 'Maximum',
            },
            ReturnData: false,
          },
        ],
        Threshold: { Ref: 'DailyLimit' },
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'missing',
      },
    });
    t.hasResource('AWS::Events::Rule', {
      Condition: 'HasDailyLimit',
      Properties: {
        EventPattern: {
          detail: { configuration: { metrics: { expression: [DAILY_RATE_EXPRESSION] } } },
        },
      },
    });
    t.hasParameter('DailyLimit', { Type: 'Number', Default: 0, MinValue: 0 });
  });

  it('passes the StackSet stand-in’s alarm rules, which refuse a second series returning data', () => {
    const { stack } = template();
    const body = Template.fromStack(stack).toJSON();
    const broken = structuredClone(body);
    broken.Resources.DailyRateAlarm.Properties.Metrics[1].ReturnData = true;

    const Parameters = [
      {
        ParameterKey: 'BillingBusArn',
        ParameterValue: 'arn:aws:events:us-east-1:100000000001:event-bus/billing-alarms',
      },
    ];

    expect(() => checkTemplate({ TemplateBody: body, Parameters })).not.toThrow();
    expect(() => checkTemplate({ TemplateBody: broken, Parameters })).toThrow(
      /alarm DailyRateAlarm: exactly one entry of Metrics must have ReturnData true/,
    );
  });
});

describe('CloudWatch’s metric-math alarm rules (the stand-ins’ check)', () => {
  const alarm = (edit: (input: Record<string, any>) => void = () => undefined) => {
    const input: Record<string, any> = {
      AlarmName: 'billing-alarm-daily-210000000001',
      Metrics: dailyRateMetrics([{ Name: 'Currency', Value: 'USD' }]),
      EvaluationPeriods: 1,
      Threshold: 300,
      ComparisonOperator: 'GreaterThanThreshold',
    };
    edit(input);
    return metricAlarmProblem(input);
  };

  it.each([
    ['the daily-rate alarm', () => undefined, undefined],
    ['Metrics beside MetricName', (i: any) => (i.MetricName = 'EstimatedCharges'), /cannot be combined/],
    ['two series returning data', (i: any) => (i.Metrics[1].ReturnData = true), /exactly one entry/],
    [
      'eleven metrics',
      (i: any) => i.Metrics.push(...Array.from({ length: 10 }, (_, n) => ({ ...i.Metrics[1], Id: `x${n}` }))),
      /at most 10/,
    ],
    ['a day over two periods', (i: any) => (i.EvaluationPeriods = 2), /must not exceed one day/],
    ['a period of 90 s', (i: any) => (i.Metrics[1].MetricStat.Period = 90), /multiple of 60/],
    ['an id in capitals', (i: any) => (i.Metrics[0].Id = 'E1'), /lower-case letter/],
    ['an entry with both', (i: any) => (i.Metrics[1].Expression = 'm1'), /either Expression or MetricStat/],
  ])('%s', (_, edit, problem) => {
    const found = alarm(edit);

    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });

  it('keeps the payer daily-rate alarm within them, on the LinkedAccount metric', () => {
    const [spec] = payerAlarmSpecs('billing-alarm-', '210000000001', twoTierLadder(0, 0, 300)).filter(
      (s) => s.rung === DAILY_RUNG,
    );
    const request = payerAlarmRequest(spec ?? { name: '', accountId: '', rung: '', threshold: 0 });

    expect(spec?.name).toBe('billing-alarm-daily-210000000001');
    expect(parsePayerAlarmName('billing-alarm-', 'billing-alarm-daily-210000000001')).toEqual({
      rung: 'daily',
      accountId: '210000000001',
    });
    expect(metricAlarmProblem(request)).toBeUndefined();
    expect('Metrics' in request ? request.Metrics[1]?.MetricStat?.Metric.Dimensions : undefined).toEqual([
      { Name: 'Currency', Value: 'USD' },
      { Name: 'LinkedAccount', Value: '210000000001' },
    ]);
  });
});

describe('the edge and the daily-rate alarm', () => {
  it('accepts the template’s daily-rate alarm, reading the 24 hours’ increase and the limit', () => {
    expect(verify(eventFixture('daily-rate-alarm'))).toEqual({
      ok: true,
      value: expect.objectContaining({
        accountId: '210000000001',
        rung: 'daily',
        threshold: 500,
        estimatedCharges: 812.5,
        placement: 'member',
      }),
    });
  });

  it.each([
    ['another expression', (e: any) => (e.detail.configuration.metrics[0].expression = 'RATE(m1)*86400')],
    ['an extra metric', (e: any) => e.detail.configuration.metrics.push({ id: 'm2', expression: 'm1*2' })],
    ['the ids swapped', (e: any) => (e.detail.configuration.metrics[0].id = 'm1')],
    ['a 6-hour period', (e: any) => (e.detail.configuration.metrics[1].metricStat.period = 21_600)],
    ['the Sum statistic', (e: any) => (e.detail.configuration.metrics[1].metricStat.stat = 'Sum')],
    ['no expression at all', (e: any) => e.detail.configuration.metrics.shift()],
  ])('rejects a daily-rate alarm with %s', (_, edit) => {
    const event = eventFixture('daily-rate-alarm');
    edit(event);

    expect(verify(event)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not the template's daily-rate alarm/),
    });
  });

  it.each([
    ['a rung’s name', 'billing-alarm-critical', /metric-math alarm: not a single EstimatedCharges metric/],
    ['a qualified name', 'billing-alarm-daily-payments', /names no rung/],
    ['a payer name raised in a member account', 'billing-alarm-daily-210000000001', /names no rung/],
  ])('rejects the same metric math under %s', (_, name, reason) => {
    const event = eventFixture('daily-rate-alarm');
    event.detail.alarmName = name;
    event.resources = [`arn:aws:cloudwatch:us-east-1:210000000001:alarm:${name}`];

    expect(verify(event)).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
  });

  it('accepts the payer’s daily-rate alarm from the management account as the member’s', () => {
    const event = eventFixture('daily-rate-alarm');
    const name = 'billing-alarm-daily-210000000001';
    event.account = MANAGEMENT;
    event.detail.alarmName = name;
    event.resources = [`arn:aws:cloudwatch:us-east-1:${MANAGEMENT}:alarm:${name}`];
    event.detail.configuration.metrics[1].metricStat.metric.dimensions.LinkedAccount = '210000000001';

    expect(verify(event)).toMatchObject({
      ok: true,
      value: { accountId: '210000000001', rung: 'daily', placement: 'payer' },
    });
  });
});

describe('the daily-rate email', () => {
  it('says what was spent in 24 hours against the limit, the day’s services and the month so far', () => {
    const verdict = verify(eventFixture('daily-rate-alarm'));
    if (!verdict.ok) throw new Error(verdict.reason);
    const cfg = config();
    const figures = {
      id: '210000000001',
      unit: 'USD',
      units: ['USD'],
      periods: billingPeriods(new Date('2026-11-20T09:00:00Z')),
      dataThrough: '2026-11-19',
      estimated: true,
      byService: { 'Amazon Bedrock': 900, 'Amazon EC2': 3100 },
      current: 4000,
      credits: 0,
      refunds: 0,
      comparison: 3000,
      daily: { '2026-11-18': 150, '2026-11-19': 780 },
      dailyByService: {
        'Amazon Bedrock': { '2026-11-19': 640 },
        'Amazon EC2': { '2026-11-18': 150, '2026-11-19': 140 },
      },
    };

    const vm = alarmViewModel({
      alarm: verdict.value,
      policy: policyFor(cfg, '210000000001'),
      figures: found(figures),
      accountName: 'prod-payments',
      locale: 'en',
      timeZone: 'UTC',
      organizationId: cfg.organization.id,
      currency: 'USD',
      now: new Date('2026-11-20T09:00:00Z'),
    });

    expect(vm.subject).toBe(
      '[Daily rate] prod-payments (210000000001) spent $812.50 in the last 24 hours (limit $500.00)',
    );
    expect(vm.headline).toBe('prod-payments spent $812.50 in the last 24 hours (limit $500.00)');
    expect(vm.facts).toContainEqual({
      label: 'Month so far (Cost Explorer, USD)',
      value: '$4,000.00, as of Nov 19, 2026',
    });
    expect(vm.services?.heading).toBe('What drove it: services on Nov 19, 2026 (Cost Explorer)');
    expect(vm.services?.rows.map((r) => [r.name, r.amount])).toEqual([
      ['Amazon Bedrock', '$640.00'],
      ['Amazon EC2', '$140.00'],
    ]);
    expect(vm.trend?.pace).toBe('The line is the daily limit, $500.00: days above it are amber.');
    expect(vm.forecast).toBeNull();
  });
});
