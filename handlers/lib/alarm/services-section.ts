import { topWithOthers } from '../analysis/top-n.js';
import { sum } from '../costs/money.js';
import type { AccountCosts } from '../costs/snapshot-schema.js';
import type { Formatter } from '../email/format.js';
import type { Translate } from '../email/messages.js';

/** Services listed by name before the "others" row. */
export const TOP_SERVICES = 8;

/** The account's month to date by service, with usage, credits, refunds and net totals. */
export interface ServicesSection {
  readonly heading: string;
  readonly columns: { name: string; amount: string; share: string };
  readonly rows: { name: string; amount: string; share: string }[];
  readonly totals: { label: string; amount: string }[];
}

/** Ranks the account's services (top {@link TOP_SERVICES} and an others row) and adds the totals. */
export function servicesSection(costs: AccountCosts, t: Translate, f: Formatter): ServicesSection {
  const ranked = topWithOthers(
    Object.entries(costs.byService).map(([key, amount]) => ({ key, amount })),
    TOP_SERVICES,
  );
  const rows = ranked.rows.map((r) => ({
    name: r.key,
    amount: f.money(r.amount),
    share: f.percent(r.share),
  }));
  if (ranked.others) {
    rows.push({
      name: t('alarm.othersRow', { count: f.count(ranked.others.count) }),
      amount: f.money(ranked.others.amount),
      share: f.percent(ranked.others.share),
    });
  }
  const totals = [{ label: t('alarm.usageTotal'), amount: f.money(costs.monthToDate) }];
  if (costs.credits !== 0) totals.push({ label: t('alarm.credits'), amount: f.money(costs.credits) });
  if (costs.refunds !== 0) totals.push({ label: t('alarm.refunds'), amount: f.money(costs.refunds) });
  if (costs.credits !== 0 || costs.refunds !== 0) {
    totals.push({
      label: t('alarm.netTotal'),
      amount: f.money(sum([costs.monthToDate, costs.credits, costs.refunds])),
    });
  }
  return {
    heading: t('alarm.byService'),
    columns: { name: t('alarm.service'), amount: t('alarm.amount'), share: t('alarm.share') },
    rows,
    totals,
  };
}
