import { describe, expect, it } from 'vitest';
import { sampleEvent } from '../cli/sample-event.js';
import { parseConfig } from '../handlers/contract/config/load.js';
import { policyFor } from '../handlers/contract/config/thresholds.js';
import {
  ladderOf,
  rungBand,
  rungOfSlug,
  rungSlug,
  thresholdOf,
  twoTierLadder,
  usedRungs,
} from '../handlers/contract/ladder.js';
import {
  alarmName,
  ladderIn,
  ladderParameters,
  rungOfAlarmName,
} from '../handlers/contract/member-template.js';
import { parsePayerAlarmName, payerAlarmName, payerAlarmSpecs } from '../handlers/contract/payer-alarms.js';
import { verifyBillingAlarm } from '../handlers/lib/alarm/alarm-event.js';
import { formatter } from '../handlers/lib/email/format.js';
import { translator } from '../handlers/lib/email/messages.js';
import { desiredThresholds } from '../handlers/lib/governance/desired-thresholds.js';
import { rungChanges } from '../handlers/lib/governance/threshold-plan.js';
import { paceAlerts } from '../handlers/lib/report/pace.js';
import { thresholdTable } from '../handlers/lib/report/threshold-table.js';
import { exampleConfigInput } from './helpers/config.js';
import { testSnapshot } from './helpers/snapshot.js';

/** The example with a percentage ladder as the default and an amount ladder on one account. */
function ladderInput(): Record<string, any> {
  const c: Record<string, any> = exampleConfigInput();
  c.thresholds.default = { budget: 4000, rungs: ['50%', '80%', '100%', '120%', '150%'] };
  c.thresholds.accounts[1] = { id: '210000000002', rungs: [1500, 2400, 3000] };
  return c;
}

const rejects = (c: Record<string, any>) => {
  try {
    parseConfig(c, 'test.yaml');
  } catch (err) {
    return (err as Error).message;
  }
  return 'accepted';
};

const names = (l: ReturnType<typeof ladderOf>) => usedRungs(l).map((r) => [r.name, r.threshold]);

describe('the threshold ladder in the configuration', () => {
  it('resolves percentages of the budget, past 100 %, and amounts, lowest first', () => {
    const config = parseConfig(ladderInput());

    expect(names(policyFor(config, '299999999999').ladder)).toEqual([
      ['50%', 2000],
      ['80%', 3200],
      ['100%', 4000],
      ['120%', 4800],
      ['150%', 6000],
    ]);
    expect(policyFor(config, '299999999999').budget).toBe(4000);
    expect(names(policyFor(config, '210000000002').ladder)).toEqual([
      ['1500', 1500],
      ['2400', 2400],
      ['3000', 3000],
    ]);
    // The OU keeps its two-rung ladder: warning and critical are the rung names.
    expect(names(policyFor(config, '299999999999', 'ou-a1b2-sandboxes').ladder)).toEqual([
      ['warning', 150],
      ['critical', 300],
    ]);
  });

  it('takes an override’s budget for the default’s percentages', () => {
    const c = ladderInput();
    c.thresholds.organizationalUnits[0] = { id: 'ou-a1b2-sandboxes', budget: 200 };

    const ladder = policyFor(parseConfig(c), '299999999999', 'ou-a1b2-sandboxes').ladder;

    expect(names(ladder)).toEqual([
      ['50%', 100],
      ['80%', 160],
      ['100%', 200],
      ['120%', 240],
      ['150%', 300],
    ]);
  });

  it.each<[string, (c: Record<string, any>) => void, RegExp]>([
    [
      'a ninth rung, naming it',
      (c) => (c.thresholds.default.rungs = ['10%', '20%', '30%', '40%', '50%', '60%', '70%', '80%', '90%']),
      /thresholds\.default\.rungs\[8\]: at most 8 rungs/,
    ],
    [
      'percentages without a budget',
      (c) => (c.thresholds.default = { rungs: ['80%', '100%'] }),
      /thresholds\.default\.budget: rung 80% is a percentage: set budget/,
    ],
    [
      'rungs and warning/critical in one scope',
      (c) => (c.thresholds.accounts[1].critical = 5000),
      /thresholds\.accounts\[1\]\.rungs: set either rungs .* or warning\/critical, not both/,
    ],
    [
      'rungs that do not rise',
      (c) => (c.thresholds.accounts[1].rungs = [2400, 1500]),
      /thresholds\.accounts\[1\]\.rungs: rungs must rise: 1500/,
    ],
    [
      'a percentage equal to an amount rung',
      (c) => (c.thresholds.accounts[1].rungs = ['50%', 2000]),
      /rungs must rise: 2000 \(2000\) is not above 50% \(2000\)/,
    ],
    [
      'a rung that is neither',
      (c) => (c.thresholds.default.rungs = ['lots']),
      /thresholds\.default\.rungs\[0\]: must be a percentage of the budget such as "120%"/,
    ],
  ])('rejects %s', (_kind, mutate, message) => {
    const c = ladderInput();
    mutate(c);

    expect(rejects(c)).toMatch(message);
  });
});

describe('rung names in alarm names and parameters', () => {
  it('names alarms by rung, member and payer alike, and reads them back', () => {
    expect(alarmName('billing-alarm-', '120%')).toBe('billing-alarm-120pct');
    expect(alarmName('billing-alarm-', 'critical')).toBe('billing-alarm-critical');
    expect(payerAlarmName('billing-alarm-', '150%', '210000000001')).toBe(
      'billing-alarm-150pct-210000000001',
    );
    // Each name read back: its rung, or nothing for a name that claims none.
    const readBack = {
      'billing-alarm-120pct': '120%',
      'billing-alarm-1500': '1500',
      'billing-alarm-critical-payments': 'critical',
      'billing-alarm-x': undefined,
      'billing-alarm-criticalish': undefined,
      'billing-alarm-1500.5x': undefined,
      'billing-alarm-pct': undefined,
      'other-120pct': undefined,
    };
    expect(
      Object.fromEntries(Object.keys(readBack).map((n) => [n, rungOfAlarmName('billing-alarm-', n)])),
    ).toEqual(readBack);
    expect(parsePayerAlarmName('billing-alarm-', 'billing-alarm-120pct-210000000001')?.rung).toBe('120%');
    expect(rungOfSlug(rungSlug('12.5%'))).toBe('12.5%');
  });

  it('writes every slot and reads the ladder back; older instances with two tiers read as two rungs', () => {
    const ladder = ladderOf([
      { name: '80%', threshold: 3200 },
      { name: '120%', threshold: 4800 },
      { name: '150%', threshold: 6000 },
    ]);
    const params = ladderParameters(ladder);

    // 8 slots × (threshold, name) and the daily limit.
    expect(params).toHaveLength(17);
    expect(ladderIn(params, twoTierLadder(2000, 3000))).toEqual(ladder);
    // An instance overridden before the ladder: only the two tiers' parameters.
    const older = [
      { ParameterKey: 'WarningThreshold', ParameterValue: '150' },
      { ParameterKey: 'CriticalThreshold', ParameterValue: '300' },
    ];
    expect(ladderIn(older, twoTierLadder(2000, 3000))).toEqual(twoTierLadder(150, 300));
    expect(payerAlarmSpecs('billing-alarm-', '210000000001', ladder).map((s) => s.name)).toEqual([
      'billing-alarm-80pct-210000000001',
      'billing-alarm-120pct-210000000001',
      'billing-alarm-150pct-210000000001',
    ]);
  });

  it('keeps the critical alarm in slot 2 when a two-rung ladder has no warning', () => {
    expect(ladderParameters(twoTierLadder(0, 300)).slice(0, 4)).toEqual([
      { ParameterKey: 'WarningThreshold', ParameterValue: '0' },
      { ParameterKey: 'Rung1Name', ParameterValue: '' },
      { ParameterKey: 'CriticalThreshold', ParameterValue: '300' },
      { ParameterKey: 'Rung2Name', ParameterValue: 'critical' },
    ]);
  });

  it('names each changed rung in the plan', () => {
    const deployed = twoTierLadder(2000, 3000);
    const desired = ladderOf([
      { name: '50%', threshold: 2000 },
      { name: '100%', threshold: 4000 },
    ]);

    expect(rungChanges(deployed, desired)).toEqual([
      { rung: '50%', deployed: 0, desired: 2000 },
      { rung: '100%', deployed: 0, desired: 4000 },
      { rung: 'warning', deployed: 2000, desired: 0 },
      { rung: 'critical', deployed: 3000, desired: 0 },
    ]);
    expect(rungChanges(desired, desired)).toEqual([]);
  });
});

describe('ladder tags', () => {
  const config = parseConfig(ladderInput());

  it('takes billing-alarms:budget for the percentages and billing-alarms:rungs for the ladder', () => {
    const budget = desiredThresholds(config, '299999999999', undefined, { 'billing-alarms:budget': '1000' });
    const rungs = desiredThresholds(config, '299999999999', undefined, {
      'billing-alarms:rungs': '90%, 110% 130%',
    });

    expect(names(budget.ladder)).toEqual([
      ['50%', 500],
      ['80%', 800],
      ['100%', 1000],
      ['120%', 1200],
      ['150%', 1500],
    ]);
    expect(budget.source).toBe('tag');
    expect(names(rungs.ladder)).toEqual([
      ['90%', 3600],
      ['110%', 4400],
      ['130%', 5200],
    ]);
  });

  it('ignores, and names, a rungs tag the configuration would refuse', () => {
    const desired = desiredThresholds(config, '299999999999', undefined, {
      'billing-alarms:rungs': '10% 20% 30% 40% 50% 60% 70% 80% 90%',
    });

    expect(desired.source).toBe('default');
    expect(desired.tagProblems).toEqual([
      expect.stringMatching(/billing-alarms:rungs=.* ignored: at most 8 rungs/),
    ]);
  });
});

describe('the ladder at the edge and in the report', () => {
  const config = parseConfig(ladderInput());
  const now = new Date('2026-11-20T09:00:00Z');

  it('maps a member and a payer alarm to its rung', () => {
    const member = verifyBillingAlarm(sampleEvent(config, { account: '210000000003', rung: '120%', now }), {
      alarmNamePrefix: config.alarmNamePrefix,
      managementAccountId: config.organization.managementAccountId,
    });
    const payer = verifyBillingAlarm(
      sampleEvent(config, { account: '210000000003', rung: '150%', placement: 'payer', now }),
      {
        alarmNamePrefix: config.alarmNamePrefix,
        managementAccountId: config.organization.managementAccountId,
      },
    );

    expect(member).toMatchObject({ ok: true, value: { rung: '120%', threshold: 4800, placement: 'member' } });
    expect(payer).toMatchObject({
      ok: true,
      value: { rung: '150%', threshold: 6000, placement: 'payer', accountId: '210000000003' },
    });
  });

  it('shows the highest rung reached and when this month’s pace reaches each higher rung', () => {
    const snapshot = testSnapshot([{ id: '299999999999', name: 'growing', current: 2500 }]);
    const t = translator('en');
    const f = formatter('en', 'USD', 'UTC');

    const table = thresholdTable(snapshot, config, {}, t, f, (a) => a.name);

    expect(table.columns.tiers).toBe('Rungs / top');
    expect(table.rows[0]).toMatchObject({ reached: 'reached 50% ($2,000.00)' });
    // 2,500 in 19 days: 80 % on Nov 25, 100 % only after the month ends.
    expect(table.rows[0]?.pace).toBe('reaches 80% around Nov 25, 2026');
    expect(thresholdOf(policyFor(config, '299999999999').ladder, '150%')).toBe(6000);
    expect(rungBand('120%', policyFor(config, '299999999999').ladder)).toBe('critical');
    expect(rungBand('80%', policyFor(config, '299999999999').ladder)).toBe('warning');
  });

  it('sends one pace notice per account, for the highest rung its pace crosses', () => {
    const snapshot = testSnapshot([{ id: '299999999999', name: 'growing', current: 2500 }]);

    const alerts = paceAlerts(snapshot, config, {});

    expect(alerts.map((a) => a.rung)).toEqual(['80%']);
    expect(alerts[0]).toMatchObject({ accountId: '299999999999', budget: 4000 });
  });
});
