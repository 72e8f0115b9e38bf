import { describe, expect, it } from 'vitest';
import type { AccountFigures } from '../handlers/lib/costs/account-figures.js';
import { routeAlarm } from '../handlers/lib/delivery/routing.js';
import { CHART_LINE } from '../handlers/lib/email/chart.js';
import { renderHtml } from '../handlers/lib/email/render.js';
import { PACE_NOTICE } from '../handlers/lib/email/templates.generated.js';
import { PACE_DETAIL_LIMIT, paceAlerts } from '../handlers/lib/report/pace.js';
import {
  NOT_READ,
  paceNoticeText,
  paceNoticeViewModel,
} from '../handlers/lib/report/pace-notice-view-model.js';
import { found, missing, type Result } from '../handlers/lib/result.js';
import { exampleConfig } from './helpers/config.js';
import { testFigures, testSnapshot } from './helpers/snapshot.js';

const config = exampleConfig();
const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}`;
// 19 days of data; $2,000 so far is $105.26 a day: the default critical threshold ($3,000) falls on day 29.
const snapshot = testSnapshot([{ id: '299999999991', name: 'fast', current: 2_000 }]);
const [alert] = paceAlerts(snapshot, config, {});
const daily = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [day(6 + i), 90 + i * 5]));
const figures = found(
  testFigures({
    id: '299999999991',
    byService: { 'Amazon EC2': 1_500, 'Amazon S3': 400, 'AWS Lambda': 100 },
    daily,
  }),
);

function view(f: Result<AccountFigures> = figures) {
  if (!alert) throw new Error('no pace alert');
  return paceNoticeViewModel({
    config,
    alert,
    snapshot,
    figures: f,
    routing: routeAlarm(config, { accountId: alert.accountId }),
  });
}

describe('pace notice', () => {
  it('gives month to date with its date, the threshold, the month end at this pace and the expected crossing day', () => {
    const vm = view();

    expect(alert).toMatchObject({ rung: 'critical', crossesOn: '2026-11-29', dataThrough: '2026-11-19' });
    expect(vm.facts).toEqual([
      { label: 'Month to date (USD, Cost Explorer usage), through Nov 19, 2026', value: '$2,000.00' },
      { label: 'Critical threshold (USD)', value: '$3,000.00' },
      { label: 'Month end at this month’s average pace, $105.26 a day (USD)', value: '$3,157.89' },
      { label: 'Expected to cross', value: 'around Nov 29, 2026, at that pace' },
    ]);
    expect(vm.preheader).toBe(
      'At this month’s pace the critical threshold of $3,000.00 is crossed around Nov 29, 2026.',
    );
  });

  it('names the services driving the pace and draws the daily chart with the tier’s pace as a line', () => {
    const vm = view();

    expect(vm.services?.heading).toBe('Services driving the pace (month to date)');
    expect(vm.services?.rows.map((r) => [r.name, r.amount])).toEqual([
      ['Amazon EC2', '$1,500.00'],
      ['Amazon S3', '$400.00'],
      ['AWS Lambda', '$100.00'],
    ]);
    expect(vm.trend?.bars).toHaveLength(14);
    expect(vm.trend?.pace).toBe(
      'Threshold pace (the line): $100.00 a day, which spends exactly the critical threshold ($3,000.00) over the 30 days of the month.',
    );
    expect(vm.trend?.bars.every((b) => b.cells.some((c) => c.color === CHART_LINE))).toBe(true);
  });

  it('says why the reader got it, as of when, and what they can do', () => {
    const vm = view();

    expect(vm.routing?.lead).toBe('Why you got this email:');
    expect(vm.routing?.lines[0]).toMatch(/^the central billing list \(configuration\): finops@example\.com/);
    expect(vm.asOf).toMatch(/^Cost Explorer figures as of Nov 19, 2026/);
    expect(vm.paragraphs.at(-1)).toMatch(/^What you can do: open the account in Cost Explorer/);
  });

  it('still goes out without the account’s figures, saying what is missing and why', () => {
    const vm = view(missing('timeout'));

    expect(vm.services).toBeNull();
    expect(vm.trend).toBeNull();
    expect(vm.missing?.items[0]).toMatch(/^The services and the daily chart: /);
    expect(vm.facts).toHaveLength(4);
  });

  it('renders the figures, the services, the chart and the routing into HTML and text', () => {
    const vm = view();
    const html = renderHtml(PACE_NOTICE, vm);
    const text = paceNoticeText(vm);

    expect(html).toContain('Services driving the pace (month to date)');
    expect(html).toContain(`bgcolor="${CHART_LINE}"`);
    expect(html).toContain('Why you got this email:');
    expect(text).toContain('Expected to cross: around Nov 29, 2026, at that pace');
    expect(text).toContain('  Nov 19, 2026: $155.00 (above the threshold pace)');
  });
});

describe('pace notices past the run’s detail limit', () => {
  it('go out without the services and chart, saying why', () => {
    const vm = view(missing(NOT_READ));

    expect(vm.missing?.items).toEqual([
      `The services and the daily chart: not read for this notice: a run reads them for its first ${PACE_DETAIL_LIMIT} notices only (one Cost Explorer request each); open Cost Explorer below.`,
    ]);
  });
});
