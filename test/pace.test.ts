import { describe, expect, it } from 'vitest';
import { reportPeriods } from '../handlers/lib/costs/periods.js';
import { paceAlerts } from '../handlers/lib/report/pace.js';
import { exampleConfig } from './helpers/config.js';
import { testSnapshot } from './helpers/snapshot.js';

const config = exampleConfig();

describe('pace alerts', () => {
  it('flags an account whose month-end pace passes a tier it has not reached, once, at its highest tier', () => {
    // 19 of 30 days: an account at $2,000 ends near $3,157.89 (critical 3,000 by default).
    const snapshot = testSnapshot([
      { id: '299999999991', name: 'fast', current: 2_000 },
      { id: '299999999992', name: 'crossed', current: 3_100 },
      { id: '299999999993', name: 'calm', current: 100 },
      { id: '299999999994', name: 'warning only', current: 1_900 },
    ]);

    const alerts = paceAlerts(snapshot, config, {});

    // $1,900 ends at $3,000.00: not above critical, well above warning (largest overshoot first).
    expect(alerts.map((a) => [a.accountId, a.rung])).toEqual([
      ['299999999994', 'warning'],
      ['299999999991', 'critical'],
    ]);
    for (const a of alerts) {
      expect(a.forecast).toBeGreaterThan(a.threshold);
      expect(a.monthToDate).toBeLessThan(a.threshold);
    }
    expect(alerts[1]).toMatchObject({
      monthToDate: 2_000,
      forecast: 3_157.89,
      threshold: 3_000,
      month: '2026-11',
    });
  });

  it('uses the OU and account overrides, and says nothing before five days of data or in a closed month', () => {
    const sandbox = testSnapshot([{ id: '220000000001', name: 'sandbox', current: 100 }]);
    const fast = testSnapshot([{ id: '299999999991', name: 'fast', current: 2_000 }]);
    // Four days of data (the 1st to the 4th), and the 1st of December before any data (November closed).
    const early = {
      ...fast,
      periods: reportPeriods(new Date('2026-11-05T09:00:00Z'), 'Asia/Seoul', '2026-11-04'),
    };
    const closed = { ...fast, periods: reportPeriods(new Date('2026-12-01T03:00:00Z'), 'Asia/Seoul', null) };

    expect(paceAlerts(sandbox, config, { '220000000001': 'ou-a1b2-sandboxes' })).toMatchObject([
      { accountId: '220000000001', rung: 'warning', threshold: 150 },
    ]);
    expect(paceAlerts(sandbox, config, {})).toEqual([]);
    expect(paceAlerts(early, config, {})).toEqual([]);
    expect(paceAlerts(closed, config, {})).toEqual([]);
  });
});
