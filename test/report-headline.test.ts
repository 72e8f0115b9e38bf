import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  GetCostForecastCommand,
} from '@aws-sdk/client-cost-explorer';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { reportPeriods } from '../handlers/lib/costs/periods.js';
import { buildSnapshot } from '../handlers/lib/costs/snapshot.js';
import { CHANGE_COLORS } from '../handlers/lib/email/change-color.js';
import { reportText } from '../handlers/lib/report/report-text.js';
import { reportViewModel } from '../handlers/lib/report/report-view-model.js';
import { missing } from '../handlers/lib/result.js';
import { exampleConfig } from './helpers/config.js';
import { testSnapshot } from './helpers/snapshot.js';

const config = exampleConfig();
const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}`;

/** Two accounts; $50 on Nov 12, $80 on Nov 19 (the same weekday, a week later); EC2 up $300 over 3 days. */
function snapshot() {
  const daily = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [day(6 + i), 50]));
  daily[day(19)] = 80;
  return {
    ...testSnapshot(
      [
        { id: '210000000001', name: 'prod-payments', current: 1000, comparison: 800 },
        { id: '210000000002', name: 'dev', current: 500, comparison: 600 },
      ],
      {
        daily,
        services: [
          { name: 'Amazon EC2', current: 1200, comparison: 900, last: 600, before: 300 },
          { name: 'Amazon S3', current: 300, comparison: 500, last: 10.99, before: 10 },
        ],
      },
    ),
    previousMonthTotal: 2100,
  };
}

describe('report headline: how are we doing?', () => {
  it('gives the date and read time, month to date, yesterday against the same weekday, the forecast beside last month, and the biggest move', () => {
    const vm = reportViewModel({ snapshot: snapshot(), coverage: missing('denied'), config });

    expect(vm.summary.date.replace(/\u202f/g, ' ')).toBe(
      'Fri, Nov 20 · costs through Nov 19, 2026, read Nov 20, 2026, 6:00 PM GMT+9',
    );
    expect(vm.summary.figures.map(({ label, value, note }) => ({ label, value, note }))).toEqual([
      {
        label: 'Month to date (USD, Cost Explorer usage)',
        value: '$1,500.00',
        note: '+7.1% vs the same 19 days of October 2026 ($1,400.00)',
      },
      {
        label: 'Yesterday, Thu, Nov 19 (USD, Cost Explorer usage)',
        value: '$80.00',
        note: '+60.0% vs Thu, Nov 12, a week before ($50.00)',
      },
      {
        label: 'Forecast for November 2026 (USD, Cost Explorer’s forecast)',
        value: '$2,500.00',
        note: 'October 2026 total: $2,100.00',
      },
      {
        label: 'Changed most, last 3 days vs the 3 before (USD, Cost Explorer usage)',
        value: 'Amazon EC2 +$300.00',
        note: '$300.00 → $600.00',
      },
    ]);
    // Rises are amber (over), never the alarm's red.
    expect(vm.summary.figures[1]?.color).toBe(CHANGE_COLORS.up);
    expect(vm.summary.figures.map((f) => f.color)).not.toContain('#b91c1c');
  });

  it('puts the headline first in the text part, every figure with its label', () => {
    const text = reportText(reportViewModel({ snapshot: snapshot(), coverage: missing('denied'), config }));

    const lines = text.split('\n');
    expect(lines[2]).toMatch(/^Fri, Nov 20 · costs through Nov 19/);
    expect(lines[4]).toBe(
      'Month to date (USD, Cost Explorer usage): $1,500.00 — +7.1% vs the same 19 days of October 2026 ($1,400.00)',
    );
    expect(lines[6]).toBe(
      'Forecast for November 2026 (USD, Cost Explorer’s forecast): $2,500.00 — October 2026 total: $2,100.00',
    );
  });

  it('names the latest day with data, not "yesterday", when Cost Explorer lags, and says when a week before has no figure', () => {
    const s = snapshot();
    const lagging = {
      ...s,
      dataThrough: day(18),
      daily: { [day(18)]: 70 },
      periods: reportPeriods(new Date('2026-11-20T09:00:00Z'), 'Asia/Seoul', day(18)),
    };

    const vm = reportViewModel({ snapshot: lagging, coverage: missing('denied'), config });

    expect(vm.summary.figures[1]).toMatchObject({
      label: 'Latest day with data, Wed, Nov 18 (USD, Cost Explorer usage)',
      value: '$70.00',
      note: 'no figure for Wed, Nov 11, a week before',
      color: CHANGE_COLORS.flat,
    });
  });

  it('on the 2nd, with one day of data, compares with "the same day" of last month, never "1 days"', () => {
    const s = snapshot();
    const second = {
      ...s,
      dataThrough: '2026-12-01',
      daily: { '2026-12-01': 70 },
      periods: reportPeriods(new Date('2026-12-02T09:00:00Z'), 'Asia/Seoul', '2026-12-01'),
    };

    const vm = reportViewModel({ snapshot: second, coverage: missing('denied'), config });

    expect(vm.summary.figures[0]?.note).toMatch(/ vs the same day of November 2026 \(/);
    expect(reportText(vm)).not.toMatch(/\b1 days\b/);
  });

  it('on a closed month shows its total against the month before, and no forecast', () => {
    const s = snapshot();
    const closed = {
      ...s,
      dataThrough: '2026-10-31',
      previousMonthTotal: 1400,
      periods: reportPeriods(new Date('2026-11-01T01:00:00Z'), 'Asia/Seoul', '2026-10-31'),
    };

    const vm = reportViewModel({ snapshot: closed, coverage: missing('denied'), config });

    expect(vm.summary.figures[0]).toMatchObject({
      label: 'October 2026 total (USD, Cost Explorer usage)',
      value: '$1,500.00',
      note: '+7.1% vs September 2026 ($1,400.00)',
    });
    expect(vm.summary.figures.some((f) => f.label.startsWith('Forecast'))).toBe(false);
  });

  it('says last month’s total was not read when a cached snapshot lacks it', () => {
    const { previousMonthTotal: _, ...old } = snapshot();

    const vm = reportViewModel({ snapshot: old, coverage: missing('denied'), config });

    expect(vm.summary.figures[2]?.note).toBe('October 2026 total: not read this time');
  });
});

describe('snapshot: last month’s total', () => {
  const ce = mockClient(CostExplorerClient);

  it('reads the whole month before with one ungrouped request while the month is open', async () => {
    ce.reset();
    ce.on(GetCostForecastCommand).resolves({ Total: { Amount: '10', Unit: 'USD' } });
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [] });
    ce.on(GetCostAndUsageCommand, { Granularity: 'DAILY' }).resolves({
      ResultsByTime: [
        {
          TimePeriod: { Start: day(19), End: day(20) },
          Groups: [{ Keys: ['Amazon EC2'], Metrics: { UnblendedCost: { Amount: '5', Unit: 'USD' } } }],
        },
      ],
    });
    ce.on(GetCostAndUsageCommand, {
      Granularity: 'MONTHLY',
      TimePeriod: { Start: '2026-10-01', End: '2026-11-01' },
    }).resolves({
      ResultsByTime: [
        {
          TimePeriod: { Start: '2026-10-01', End: '2026-11-01' },
          Total: { UnblendedCost: { Amount: '2100.25', Unit: 'USD' } },
        },
      ],
    });

    const snap = await buildSnapshot(new CostExplorerClient({}), {
      now: new Date('2026-11-20T03:00:00Z'),
      timeZone: 'Asia/Seoul',
    });

    expect(snap.previousMonthTotal).toBe(2100.25);
    const asked = ce
      .commandCalls(GetCostAndUsageCommand, { TimePeriod: { Start: '2026-10-01', End: '2026-11-01' } })
      .map((c) => c.args[0].input);
    expect(asked).toHaveLength(1);
    expect(asked[0]?.GroupBy ?? []).toEqual([]);
  });
});

describe('report chart', () => {
  it('scales the stacked days on a round axis with its labels, and lists every day’s total in the text part', () => {
    const vm = reportViewModel({ snapshot: snapshot(), coverage: missing('denied'), config });

    // The tallest day is $80: the axis runs to $100.
    expect(vm.chart.axis.rows.map((r) => r.label)).toEqual(['$100', '$50', '$0']);
    expect(vm.chart.days.at(-1)?.gap).toBe(96 - 77);
    const text = reportText(vm);
    expect(text).toContain('  Nov 19, 2026: $80.00\n');
    expect(text).toContain('  Nov 6, 2026: $50.00\n');
  });
});
