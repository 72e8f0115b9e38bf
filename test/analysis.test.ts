import { describe, expect, it } from 'vitest';
import { roundedShares, topWithOthers } from '../handlers/lib/analysis/top-n.js';
import { dailyPace, percentChange, projectAtPace, topMovers } from '../handlers/lib/analysis/trends.js';
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

  it('projects month end from month to date plus the 7-day pace for the days left', () => {
    const pace = dailyPace(daily, '2026-11-19', 7);

    expect(pace).toEqual({ ok: true, value: { rate: 100 / 7, days: 7 } });
    expect(pace.ok && projectAtPace(300, pace.value, 11).amount).toBeCloseTo(300 + (100 / 7) * 11, 6);
  });

  it('averages the 3-day pace over the last 3 days only', () => {
    expect(dailyPace(daily, '2026-11-19', 3)).toEqual({ ok: true, value: { rate: 20, days: 3 } });
  });

  it('says "insufficient history" for an account with fewer than 3 days of costs, "no data" without any', () => {
    expect(dailyPace({ '2026-11-19': 5 }, '2026-11-19', 7)).toEqual({
      ok: false,
      reason: 'insufficientHistory',
    });
    expect(dailyPace({}, null, 7)).toEqual({ ok: false, reason: 'noData' });
  });

  it('counts a young account’s pace from its first day with cost', () => {
    expect(
      dailyPace({ '2026-11-16': 6, '2026-11-17': 6, '2026-11-18': 6, '2026-11-19': 6 }, '2026-11-19', 7),
    ).toEqual({
      ok: true,
      value: { rate: 6, days: 4 },
    });
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

describe('exact money', () => {
  it('sums amounts to the cent at any size, negatives and tiny fractions included', () => {
    const rows = Array.from({ length: 1425 }, () => 1e12 + 0.01);

    expect(sum(rows).toFixed(2)).toBe('1425000000000014.25');
    expect(sum([0.1, 0.2])).toBe(0.3);
    expect(sum([12.3456789, -12.3456789, 0.0000004])).toBe(0);
    expect(sum([-0.015, -0.015])).toBe(-0.03);
    expect(sum([1.5e-7, 1.5e-7])).toBe(0.0);
  });
});

describe('words that count', () => {
  it('says "1 day" on the first day with data, and "days" after', async () => {
    const { changeSection } = await import('../handlers/lib/alarm/change-section.js');
    const { formatter } = await import('../handlers/lib/email/format.js');
    const { translator } = await import('../handlers/lib/email/messages.js');
    const { testFigures } = await import('./helpers/snapshot.js');
    const t = translator('en');
    const f = formatter('en', 'USD', 'UTC');
    const one = changeSection(
      testFigures({ dataThrough: '2026-11-01', byService: { EC2: 5 }, comparison: 4 }),
      t,
      f,
    );
    const many = changeSection(testFigures({ byService: { EC2: 5 }, comparison: 4 }), t, f);

    expect(one.text).toMatch(/ for 1 day this month vs .* for the same day last month/);
    expect(many.text).toMatch(/ for \d+ days this month vs .* for the same days last month/);
  });
});
