import { snapshotPeriods } from '../../handlers/lib/costs/periods.js';
import type { AccountCosts, CostSnapshot } from '../../handlers/lib/costs/snapshot-schema.js';
import { found } from '../../handlers/lib/result.js';

/** A small hand-made snapshot at 2026-11-20 for view-model tests. */
export function testSnapshot(accounts: Partial<AccountCosts>[]): CostSnapshot {
  const now = new Date('2026-11-20T09:00:00Z');
  return {
    version: 2,
    builtAt: now.toISOString(),
    currency: 'USD',
    periods: snapshotPeriods(now),
    dataThrough: '2026-11-19',
    estimated: true,
    accounts: accounts.map((a, i) => ({
      id: a.id ?? `21000000000${i}`,
      name: a.name ?? `account-${i}`,
      byService: a.byService ?? {},
      monthToDate: a.monthToDate ?? Object.values(a.byService ?? {}).reduce((x, y) => x + y, 0),
      credits: a.credits ?? 0,
      refunds: a.refunds ?? 0,
      daily: a.daily ?? {},
      sameDaysLastMonth: a.sameDaysLastMonth ?? 0,
    })),
    forecast: found(1000),
    costExplorerRequests: 5,
  };
}
