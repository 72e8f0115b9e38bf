import { topWithOthers } from '../analysis/top-n.js';
import { percentChange } from '../analysis/trends.js';
import { sum } from '../costs/money.js';
import { CHANGE_COLORS, changeColor } from '../email/change-color.js';
import { type Formatter, nameText } from '../email/format.js';
import type { MessageKey, Translate } from '../email/messages.js';

/** A ranked table: the top rows by amount with their share and their change, and an others row. */
export interface RankingSection {
  readonly heading: string;
  readonly columns: { name: string; amount: string; share: string; change: string };
  readonly rows: { name: string; amount: string; share: string; change: string; changeColor: string }[];
}

/** One item to rank: its label, amount now and amount in the comparison period. */
export interface RankedItem {
  readonly label: string;
  readonly current: number;
  readonly comparison: number;
}

/**
 * Ranks `items` by amount: the top `n` with shares that add up to 100 and their change, then
 * "others". A change is coloured when it is over 0.05 % and material against the items' total.
 */
export function rankingSection(
  items: readonly RankedItem[],
  n: number,
  text: { heading: string; changeColumn: string; others: MessageKey },
  t: Translate,
  f: Formatter,
): RankingSection {
  const top = topWithOthers(
    items.map((i) => ({ key: i, amount: i.current })),
    n,
  );
  const total = sum(items.map((i) => i.current));
  const change = (current: number, comparison: number) => {
    const pct = percentChange(current, comparison);
    if (pct === null) return { change: current > 0 ? t('report.new') : '—', changeColor: CHANGE_COLORS.flat };
    return {
      change: f.percent(pct, true),
      changeColor: Math.abs(pct) > 0.05 ? changeColor(current - comparison, total) : CHANGE_COLORS.flat,
    };
  };
  const rows = top.rows.map((r) => ({
    name: nameText(r.key.label),
    amount: f.money(r.amount),
    share: f.percent(r.share),
    ...change(r.key.current, r.key.comparison),
  }));
  if (top.others) {
    const rest = [...items].sort((a, b) => b.current - a.current).slice(n);
    rows.push({
      name: t(text.others, { count: top.others.count }),
      amount: f.money(top.others.amount),
      share: f.percent(top.others.share),
      ...change(top.others.amount, sum(rest.map((i) => i.comparison))),
    });
  }
  return {
    heading: text.heading,
    columns: { name: '', amount: t('report.amount'), share: t('report.share'), change: text.changeColumn },
    rows,
  };
}
