import type { AccountFigures } from '../../handlers/lib/costs/account-figures.js';
import { billingPeriods, reportPeriods } from '../../handlers/lib/costs/periods.js';
import type { AccountTotals, CostSnapshot, ServiceTotals } from '../../handlers/lib/costs/snapshot-schema.js';
import { found } from '../../handlers/lib/result.js';

/** The moment of the hand-made figures: 2026-11-20 09:00 UTC, data through the 19th. */
export const TEST_NOW = new Date('2026-11-20T09:00:00Z');

/** A hand-made organisation snapshot at {@link TEST_NOW} (month to date) for view-model tests. */
export function testSnapshot(
  accounts: Partial<AccountTotals>[],
  extra: {
    services?: ServiceTotals[];
    daily?: Record<string, number>;
    topAccountsDaily?: CostSnapshot['topAccountsDaily'];
  } = {},
): CostSnapshot {
  const full = accounts.map((a, i) => ({
    id: a.id ?? `21000000000${i}`,
    name: a.name ?? `account-${i}`,
    current: a.current ?? 0,
    comparison: a.comparison ?? 0,
    credits: a.credits ?? 0,
    refunds: a.refunds ?? 0,
  }));
  return {
    version: 3,
    builtAt: TEST_NOW.toISOString(),
    unit: 'USD',
    units: ['USD'],
    timeZone: 'Asia/Seoul',
    periods: reportPeriods(TEST_NOW, 'Asia/Seoul', '2026-11-19'),
    dataThrough: '2026-11-19',
    estimated: true,
    accounts: full,
    services: extra.services ?? [],
    daily: extra.daily ?? {},
    topAccountsDaily: extra.topAccountsDaily ?? [],
    forecast: found({ amount: 1000, unit: 'USD' }),
    costExplorerRequests: 8,
  };
}

/** Hand-made alarm figures for one account at {@link TEST_NOW}. */
export function testFigures(partial: Partial<AccountFigures> = {}): AccountFigures {
  const dataThrough = partial.dataThrough === undefined ? '2026-11-19' : partial.dataThrough;
  const byService = partial.byService ?? {};
  return {
    id: '210000000001',
    unit: 'USD',
    units: ['USD'],
    periods: billingPeriods(TEST_NOW, dataThrough),
    dataThrough,
    estimated: true,
    byService,
    current: Object.values(byService).reduce((a, b) => a + b, 0),
    credits: 0,
    refunds: 0,
    comparison: 0,
    daily: {},
    dailyByService: {},
    ...partial,
  };
}
