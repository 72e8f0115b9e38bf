import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { sampleEvent } from '../../cli/sample-event.js';
import { loadConfigFile } from '../../handlers/contract/config/load.js';
import { DAILY_RATE_EXPRESSION } from '../../handlers/contract/daily-rate.js';
import { cliWorkspace } from '../helpers/cli-workspace.js';
import { exampleConfigInput } from '../helpers/config.js';

/** An event with its detail's configuration replaced: what a member admin could forward. */
function forged(event: ReturnType<typeof sampleEvent>, edit: (metrics: any[]) => any[], name?: string) {
  const copy = structuredClone(event) as any;
  copy.detail.configuration.metrics = edit(copy.detail.configuration.metrics);
  if (name) {
    copy.detail.alarmName = name;
    copy.resources = [copy.resources[0].replace(/alarm:.*$/, `alarm:${name}`)];
  }
  return copy;
}

describe('daily-rate alarms through the command line (built bundles, stand-ins)', () => {
  it('mails the template’s daily-rate alarm once a day with the day’s services and rejects forged metric-math alarms', {
    timeout: 300_000,
  }, async () => {
    // The example configuration gives prod-payments (210000000001) a daily limit of 500.
    const { file, config, simulate } = cliWorkspace();
    const parsed = loadConfigFile(config);
    const now = new Date('2026-11-20T09:00:00Z');
    const daily = sampleEvent(parsed, { rung: 'daily', charges: 812.5, now });
    const again = sampleEvent(parsed, { rung: 'daily', charges: 900, now });
    const events = {
      daily,
      expression: forged(daily, (m) => [{ ...m[0], expression: 'DIFF(m1)' }, m[1]]),
      name: forged(daily, (m) => m, 'billing-alarm-critical'),
      qualified: forged(daily, (m) => m, 'billing-alarm-daily-payments'),
      extra: forged(daily, (m) => [...m, { ...m[1], id: 'm2' }]),
      returning: forged(daily, (m) => [m[0], { ...m[1], returnData: true }]),
      period: forged(daily, (m) => [m[0], { ...m[1], metricStat: { ...m[1].metricStat, period: 21600 } }]),
      again,
    };
    for (const [name, event] of Object.entries(events)) file(`${name}.json`, JSON.stringify(event));
    const { lines, published, out } = await simulate(
      Object.keys(events).map((e) => `${e}.json`),
      '2026-11-20T09:00:00Z',
    );
    const text = readFileSync(join(out, 'daily.txt'), 'utf8');

    expect(lines.map((l) => l.status)).toEqual([
      'sent',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'suppressed',
    ]);
    expect(lines[0]?.subject).toBe(
      '[Daily rate] prod-payments (210000000001) spent $812.50 in the last 24 hours (limit $500.00)',
    );
    expect(lines[1]?.reason).toContain(`not "${DAILY_RATE_EXPRESSION}"`);
    expect(lines[2]?.reason).toMatch(/metric-math alarm: not a single EstimatedCharges metric/);
    expect(lines[3]?.reason).toMatch(/names no rung/);
    expect(lines[4]?.reason).toMatch(/expected 2 metrics/);
    expect(lines[5]?.reason).toMatch(/must be m1, not returning data/);
    expect(lines[6]?.reason).toMatch(/Maximum over 86400 s/);
    expect(lines[7]?.reason).toMatch(/one email per account and day for the daily rate every 24 h/);
    expect(text).toContain('Spent in the last 24 hours (CloudWatch alarm, USD): $812.50');
    expect(text).toContain('Daily limit: $500.00');
    expect(text).toMatch(/Month so far \(Cost Explorer, USD\): \$[\d,.]+, as of /);
    expect(text).toMatch(/What drove it: services on Nov 19, 2026 \(Cost Explorer\)\n {2}Amazon/);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      rung: 'daily',
      threshold: 500,
      estimatedCharges: 812.5,
      dailyRate: { spentLast24Hours: 812.5, dailyLimit: 500, servicesOn: '2026-11-19' },
    });
    expect(published[0]?.topServices.length).toBeGreaterThan(0);
  });

  it('plans and applies a daily limit as the rung "daily", member and payer side', {
    timeout: 300_000,
  }, async () => {
    const { cli, file, kept } = cliWorkspace();

    const first = await cli('thresholds', 'plan', '--local', '--json');
    const deployed = kept().instances.find((i) => i.account === '210000000001')?.parameterOverrides;
    const cfg = exampleConfigInput() as Record<string, any>;
    cfg.thresholds.accounts[0].dailyLimit = 300;
    cfg.thresholds.accounts[1].dailyLimit = 250;
    cfg.alarms = { placement: 'payer' };
    file('config.yaml', stringify(cfg));
    const second = await cli('thresholds', 'plan', '--local', '--json');
    const applied = await cli('thresholds', 'apply', '--local', '--yes');
    const third = await cli('thresholds', 'plan', '--local', '--json');
    const payer = kept().payerAlarms?.find((a) => a.AlarmName === 'billing-alarm-daily-210000000002');

    expect(JSON.parse(first.stdout).changes).toEqual([]);
    expect(deployed).toMatchObject({ DailyLimit: '500' });
    expect(JSON.parse(second.stdout).changes).toEqual(
      expect.arrayContaining([
        {
          accountId: '210000000001',
          rung: 'daily',
          deployed: 500,
          desired: 300,
          reason: 'account override changed',
        },
        {
          accountId: '210000000002',
          rung: 'daily',
          deployed: 0,
          desired: 250,
          reason: 'account override changed',
        },
      ]),
    );
    expect(applied.code).toBe(0);
    expect(JSON.parse(third.stdout).changes).toEqual([]);
    expect(payer).toMatchObject({
      Threshold: 250,
      Metrics: [
        { Id: 'e1', Expression: DAILY_RATE_EXPRESSION, ReturnData: true },
        {
          Id: 'm1',
          MetricStat: { Period: 86_400, Stat: 'Maximum' },
          ReturnData: false,
        },
      ],
    });
  });
});
