import { sum } from '../costs/money.js';

/** A ranked row with its share of the total. */
export interface RankedRow<K> {
  readonly key: K;
  readonly amount: number;
  /** Share of the total in percent, one decimal. */
  readonly share: number;
}

/** The top rows and one "others" row that together make up the whole. */
export interface TopN<K> {
  readonly rows: RankedRow<K>[];
  readonly others: { readonly count: number; readonly amount: number; readonly share: number } | null;
  readonly total: number;
}

/**
 * Ranks by amount (ties by key order given), keeps `n` rows and folds the rest into "others".
 * Shares are rounded with the largest-remainder method so the printed shares add up to 100.0.
 */
export function topWithOthers<K>(items: readonly { key: K; amount: number }[], n: number): TopN<K> {
  const sorted = [...items].sort((a, b) => b.amount - a.amount);
  const top = sorted.slice(0, n);
  const rest = sorted.slice(n);
  const total = sum(items.map((i) => i.amount));
  const othersAmount = sum(rest.map((i) => i.amount));
  const amounts = [...top.map((t) => t.amount), ...(rest.length > 0 ? [othersAmount] : [])];
  const shares = roundedShares(amounts, total);
  return {
    rows: top.map((t, i) => ({ key: t.key, amount: t.amount, share: shares[i] ?? 0 })),
    others:
      rest.length > 0 ? { count: rest.length, amount: othersAmount, share: shares[top.length] ?? 0 } : null,
    total,
  };
}

/** Percent shares with one decimal that add up to exactly 100.0 (largest remainder). */
export function roundedShares(amounts: readonly number[], total: number): number[] {
  if (total <= 0 || amounts.length === 0) return amounts.map(() => 0);
  const tenths = amounts.map((a) => (Math.max(a, 0) / total) * 1000);
  const floors = tenths.map(Math.floor);
  let left = 1000 - floors.reduce((x, y) => x + y, 0);
  const order = tenths.map((t, i) => ({ i, r: t - Math.floor(t) })).sort((a, b) => b.r - a.r);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    left -= 1;
  }
  return floors.map((f) => f / 10);
}
