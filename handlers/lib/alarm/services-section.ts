import { topWithOthers } from '../analysis/top-n.js';
import type { AccountFigures } from '../costs/account-figures.js';
import { sum } from '../costs/money.js';
import { type Formatter, nameText } from '../email/format.js';
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
export function servicesSection(figures: AccountFigures, t: Translate, f: Formatter): ServicesSection {
  const rows = serviceRows(figures.byService, t, f);
  const totals = [{ label: t('alarm.usageTotal'), amount: f.moneyBoth(figures.current) }];
  if (figures.credits !== 0) totals.push({ label: t('alarm.credits'), amount: f.money(figures.credits) });
  if (figures.refunds !== 0) totals.push({ label: t('alarm.refunds'), amount: f.money(figures.refunds) });
  // The alarm's one request reads usage only: say so rather than show no credits.
  if (figures.creditsUnread)
    totals.push({ label: t('alarm.creditsUnreadLabel'), amount: t('alarm.creditsUnread') });
  if (figures.credits !== 0 || figures.refunds !== 0) {
    totals.push({
      label: t('alarm.netTotal'),
      amount: f.money(sum([figures.current, figures.credits, figures.refunds])),
    });
  }
  return {
    heading: t('alarm.byService'),
    columns: { name: t('alarm.service'), amount: t('alarm.amount'), share: t('alarm.share') },
    rows,
    totals,
  };
}

/** Services by amount: the top {@link TOP_SERVICES} by name and one row for the others, each with its share. */
export function serviceRows(
  byService: Readonly<Record<string, number>>,
  t: Translate,
  f: Formatter,
): ServicesSection['rows'] {
  const ranked = topWithOthers(
    Object.entries(byService).map(([key, amount]) => ({ key, amount })),
    TOP_SERVICES,
  );
  const rows = ranked.rows.map((r) => ({
    name: nameText(r.key),
    amount: f.money(r.amount),
    share: f.percent(r.share),
  }));
  if (ranked.others) {
    rows.push({
      name: t('alarm.othersRow', { count: ranked.others.count }),
      amount: f.money(ranked.others.amount),
      share: f.percent(ranked.others.share),
    });
  }
  return rows;
}
