import { CostExplorerClient, GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { sampleEvent } from '../cli/sample-event.js';
import { policyFor } from '../handlers/contract/config/thresholds.js';
import { verifyBillingAlarm } from '../handlers/lib/alarm/alarm-event.js';
import { alarmViewModel } from '../handlers/lib/alarm/alarm-view-model.js';
import { getAccountFigures } from '../handlers/lib/costs/account-figures.js';
import { RequestCounter } from '../handlers/lib/costs/cost-queries.js';
import { reportViewModel } from '../handlers/lib/report/report-view-model.js';
import { found, missing } from '../handlers/lib/result.js';
import { exampleConfig } from './helpers/config.js';
import { TEST_NOW, testFigures, testSnapshot } from './helpers/snapshot.js';

const config = exampleConfig();
const ce = mockClient(CostExplorerClient);
/** 03:00 UTC on October 1st: Cost Explorer's last day with cost is September 30. */
const FIRST = new Date('2026-10-01T03:00:00Z');
const usd = (amount: number) => ({ UnblendedCost: { Amount: String(amount), Unit: 'USD' } });

function alarmView(figures: Parameters<typeof alarmViewModel>[0]['figures'], now: Date, charges: number) {
  const event = sampleEvent(config, { account: '210000000001', charges, now });
  const verdict = verifyBillingAlarm(event, { alarmNamePrefix: 'billing-alarm-' });
  if (!verdict.ok) throw new Error(verdict.reason);
  return alarmViewModel({
    alarm: verdict.value,
    policy: policyFor(config, verdict.value.accountId),
    figures,
    locale: 'en',
    timeZone: 'UTC',
    organizationId: 'o-a1b2c3d4e5',
    currency: 'USD',
    now,
  });
}

describe('an alarm on the 1st (UTC)', () => {
  beforeEach(() => {
    ce.reset();
    // The alarm's one request: September by day (its last day with cost is the 30th), nothing of October.
    ce.on(GetCostAndUsageCommand, { Granularity: 'DAILY' }).resolves({
      ResultsByTime: [
        ['2026-09-01', 5713.45],
        ['2026-09-29', 200],
        ['2026-09-30', 210],
      ].map(([start, amount]) => ({
        TimePeriod: { Start: String(start), End: String(start) },
        Groups: [{ Keys: ['Amazon EC2', 'Usage'], Metrics: usd(Number(amount)) }],
      })),
    });
  });

  it('sums the whole month just closed from the same request', async () => {
    const asked = new RequestCounter();
    const client = new CostExplorerClient({});

    const { dataThrough, current, closedMonth, comparison } = await getAccountFigures(
      client,
      '210000000001',
      FIRST,
      asked,
    );

    expect(asked.count).toBe(1);
    expect({ dataThrough, current, closedMonth, comparison }).toEqual({
      dataThrough: '2026-09-30',
      current: 0,
      closedMonth: 6123.45,
      comparison: 0,
    });
    expect(ce).toReceiveCommandWith(GetCostAndUsageCommand, {
      TimePeriod: { Start: '2026-09-01', End: '2026-10-01' },
    });
  });

  it('shows the closed month’s total, labelled, instead of "Month to date: $0.00, as of Sep 30"', async () => {
    const figures = await getAccountFigures(
      new CostExplorerClient({}),
      '210000000001',
      FIRST,
      new RequestCounter(),
    );

    const vm = alarmView(found(figures), FIRST, 6200);

    const labels = vm.facts.map((f) => f.label);
    expect(labels).not.toContain('Month to date (Cost Explorer, USD)');
    expect(vm.facts).toContainEqual({
      label: 'September 2026, closed (Cost Explorer, USD)',
      value: '$6,123.45 through Sep 30, 2026; October 2026 has no costs in Cost Explorer yet',
    });
    // No month-to-date sections built on an empty month.
    expect([vm.services, vm.forecast, vm.change, vm.movers]).toEqual([null, null, null, null]);
  });
});

describe('CloudWatch’s estimate beside Cost Explorer’s month to date', () => {
  it('explains a material difference: source, basis and timing', () => {
    const vm = alarmView(found(testFigures({ byService: { 'Amazon EC2': 2831 } })), TEST_NOW, 6720);

    const note = vm.facts.find((f) => f.label === 'Why the two figures differ')?.value;
    expect(note).toMatch(
      /^CloudWatch’s \$6,720\.00 is AWS’s running estimate of this month’s bill \(EstimatedCharges\)/,
    );
    expect(note).toContain('Cost Explorer’s $2,831.00 counts usage through Nov 19, 2026 only');
    expect(note).toContain('The $3,889.00 between them is that timing and basis');
  });

  it('says nothing when the two agree within 1% of the threshold', () => {
    const vm = alarmView(found(testFigures({ byService: { 'Amazon EC2': 6700 } })), TEST_NOW, 6720);

    expect(vm.facts.some((f) => f.label === 'Why the two figures differ')).toBe(false);
  });
});

describe('accounts with costs', () => {
  it('counts every account with a non-zero cost: negative usage and credits-only accounts too', () => {
    const snapshot = testSnapshot([
      { current: 100 },
      { current: -5 },
      { current: 0, credits: -20 },
      { current: 0, refunds: -3 },
      { current: 0, comparison: 50 },
    ]);

    const vm = reportViewModel({ snapshot, coverage: missing('denied'), config });

    expect(vm.facts).toContainEqual({ label: 'Accounts with costs', value: '4' });
  });
});
