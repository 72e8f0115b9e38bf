import type { GroupedCost } from '../costs/cost-queries.js';
import type { FirstSpendCosts } from '../costs/first-spend-query.js';
import { sum } from '../costs/money.js';

/** Below half a cent a figure rounds to $0.00: not spend. */
export const MIN_SPEND = 0.005;
/** Cost Explorer's REGION values of charges that have no Region: never a "new Region". */
export const NOT_A_REGION: ReadonlySet<string> = new Set(['', 'NoRegion', 'global', 'Global']);
/** New spends kept at most (the report lists the largest; the alarm looks its account up in them). */
export const FIRST_SPEND_KEPT = 500;

/** A service or Region an account spent on this week and not in the 90 days before. */
export interface FirstSpend {
  readonly accountId: string;
  readonly kind: 'service' | 'region';
  /** The service's or the Region's name, as Cost Explorer gives it. */
  readonly name: string;
  /** Usage over the week. */
  readonly amount: number;
}

/** The new spends, largest first, and how many were left out past {@link FIRST_SPEND_KEPT}. */
export interface FirstSpends {
  readonly entries: FirstSpend[];
  readonly more: number;
}

/**
 * Finds every account × service and account × Region pair with spend in the week and none in the
 * lookback. "Spend" is usage (the queries leave credits and refunds out) adding up to at least
 * {@link MIN_SPEND}: a pair of $0.00, or of credits only, is neither new nor seen before. The
 * lookback counts a pair's positive amounts over all its months, so a spend split by a month end
 * into two sub-cent amounts still counts.
 */
export function findFirstSpend(costs: FirstSpendCosts, kept = FIRST_SPEND_KEPT): FirstSpends {
  const found = [
    ...newPairs(costs.services.week.groups, costs.services.lookback.groups, 'service'),
    ...newPairs(costs.regions.week.groups, costs.regions.lookback.groups, 'region'),
  ].sort(
    (a, b) =>
      b.amount - a.amount ||
      a.accountId.localeCompare(b.accountId) ||
      a.kind.localeCompare(b.kind) ||
      a.name.localeCompare(b.name),
  );
  return { entries: found.slice(0, kept), more: Math.max(0, found.length - kept) };
}

function newPairs(
  week: readonly GroupedCost[],
  lookback: readonly GroupedCost[],
  kind: FirstSpend['kind'],
): FirstSpend[] {
  const key = (g: GroupedCost) => {
    const [account, name] = g.keys;
    if (!account || name === undefined || (kind === 'region' && NOT_A_REGION.has(name))) return undefined;
    return `${account}\u0000${name}`;
  };
  const before = new Map<string, number[]>();
  for (const g of lookback) {
    const k = key(g);
    if (k && g.amount > 0) before.set(k, [...(before.get(k) ?? []), g.amount]);
  }
  const seen = new Set([...before].filter(([, amounts]) => sum(amounts) >= MIN_SPEND).map(([k]) => k));
  const spent = new Map<string, number[]>();
  for (const g of week) {
    const k = key(g);
    if (k && !seen.has(k)) spent.set(k, [...(spent.get(k) ?? []), g.amount]);
  }
  return [...spent].flatMap(([k, amounts]) => {
    const amount = sum(amounts);
    if (amount < MIN_SPEND) return [];
    const [accountId = '', name = ''] = k.split('\u0000');
    return [{ accountId, kind, name, amount }];
  });
}
