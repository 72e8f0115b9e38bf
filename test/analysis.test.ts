import { describe, expect, it } from 'vitest';
import { roundedShares, topWithOthers } from '../handlers/lib/analysis/top-n.js';
import { percentChange, runRateForecast, topMovers } from '../handlers/lib/analysis/trends.js';
import { sum } from '../handlers/lib/costs/money.js';
import { scaleHeights } from '../handlers/lib/email/chart.js';

describe('ranking and shares', () => {
  it('keeps the top N, folds the rest into others, and the shares add up to 100', () => {
    const items = [3, 1, 7, 2, 9, 4].map((amount, i) => ({ key: `s${i}`, amount }));

    const top = topWithOthers(items, 3);

    expect(top.rows.map((r) => r.key)).toEqual(['s4', 's2', 's5']);
    expect(top.others).toEqual({ count: 3, amount: 6, share: 23.1 });
    expect(top.total).toBe(26);
    expect(sum([...top.rows.map((r) => r.share), top.others?.share ?? 0])).toBe(100);
  });

  it('has no others row when everything fits', () => {
    expect(topWithOthers([{ key: 'a', amount: 1 }], 5).others).toBeNull();
  });

  it('rounds thirds so that they still add up to 100.0', () => {
    expect(roundedShares([1, 1, 1], 3)).toEqual([33.4, 33.3, 33.3]);
    expect(roundedShares([0, 0], 0)).toEqual([0, 0]);
  });

  it('sums Cost Explorer amounts without floating-point drift', () => {
    expect(sum([0.1, 0.2, 0.3])).toBe(0.6);
    expect(sum(Array.from({ length: 1000 }, () => 0.001))).toBe(1);
  });
});

describe('trends', () => {
  const daily = {
    '2026-11-13': 10,
    '2026-11-14': 10,
    '2026-11-15': 10,
    '2026-11-16': 10,
    '2026-11-17': 20,
    '2026-11-18': 20,
    '2026-11-19': 20,
  };

  it('projects month end from month to date plus the 7-day run rate for the days left', () => {
    const forecast = runRateForecast({
      monthToDate: 300,
      daily,
      dataThrough: '2026-11-19',
      nextMonthStart: '2026-12-01',
    });

    expect(forecast).toMatchObject({ ok: true, value: { basisDays: 7, dailyRate: 100 / 7 } });
    expect(forecast.ok && forecast.value.amount).toBeCloseTo(300 + (100 / 7) * 11, 6);
  });

  it('says "insufficient history" for an account with fewer than 3 days of costs', () => {
    expect(
      runRateForecast({
        monthToDate: 5,
        daily: { '2026-11-19': 5 },
        dataThrough: '2026-11-19',
        nextMonthStart: '2026-12-01',
      }),
    ).toEqual({ ok: false, reason: 'insufficient history' });
    expect(
      runRateForecast({ monthToDate: 0, daily: {}, dataThrough: null, nextMonthStart: '2026-12-01' }),
    ).toEqual({ ok: false, reason: 'no cost data yet' });
  });

  it('finds the top movers of the last 3 days against the 3 before', () => {
    const movers = topMovers(
      {
        EC2: {
          '2026-11-14': 10,
          '2026-11-15': 10,
          '2026-11-16': 10,
          '2026-11-17': 100,
          '2026-11-18': 100,
          '2026-11-19': 100,
        },
        S3: { '2026-11-14': 5, '2026-11-17': 1 },
        Lambda: { '2026-11-16': 1, '2026-11-19': 1 },
      },
      '2026-11-19',
    );

    expect(movers).toEqual([
      { key: 'EC2', before: 30, after: 300, delta: 270 },
      { key: 'S3', before: 5, after: 1, delta: -4 },
    ]);
  });

  it('computes the change against last month, or none without a baseline', () => {
    expect(percentChange(150, 100)).toBe(50);
    expect(percentChange(10, 0)).toBeNull();
  });
});

describe('chart scaling', () => {
  it('scales to the largest bar and keeps small non-zero bars visible', () => {
    expect(scaleHeights([0, 1, 50, 100], 96)).toEqual([0, 2, 48, 96]);
    expect(scaleHeights([0, 0], 96)).toEqual([0, 0]);
    expect(scaleHeights([-5, 10], 96)).toEqual([0, 96]);
  });
});
