import { type Mover, rankMovers, topMovers } from '../analysis/trends.js';
import { sum } from '../costs/money.js';
import { moverWindows } from '../costs/periods.js';
import type { CostSnapshot } from '../costs/snapshot-schema.js';
import { changeColor } from '../email/change-color.js';
import { type Formatter, nameText, singleLine } from '../email/format.js';
import type { Translate } from '../email/messages.js';

/** Movers listed per group. */
export const MOVERS_PER_GROUP = 3;

/** What changed over the last days: the accounts and the services that moved most. */
export interface ChangesSection {
  readonly heading: string;
  readonly groups: {
    heading: string;
    rows: { name: string; detail: string; delta: string; color: string }[];
    empty: string | null;
  }[];
}

/** An account as the report names it: its name (cut) and its id. */
export const accountLabel = (name: string, id: string) => `${singleLine(name, 60)} (${id})`;

/** The movers of the largest accounts (their daily usage is in the snapshot) and of every service. */
export function reportMovers(
  snapshot: CostSnapshot,
  count = MOVERS_PER_GROUP,
): { accounts: Mover[]; services: Mover[] } {
  if (!snapshot.dataThrough) return { accounts: [], services: [] };
  return {
    accounts: topMovers(
      Object.fromEntries(snapshot.topAccountsDaily.map((a) => [a.id, a.daily])),
      snapshot.dataThrough,
      count,
    ),
    services: rankMovers(
      snapshot.services.map((s) => ({ key: s.name, before: s.before, after: s.last })),
      count,
    ),
  };
}

/**
 * Movers of the largest accounts and of every service, coloured when material against the
 * organisation's month to date (see `change-color.ts`).
 */
export function changesSection(snapshot: CostSnapshot, t: Translate, f: Formatter): ChangesSection | null {
  if (!snapshot.dataThrough) return null;
  const names = new Map(snapshot.accounts.map((a) => [a.id, a.name]));
  const movers = reportMovers(snapshot);
  const reference = sum(snapshot.accounts.map((a) => a.current));
  const rows = (list: Mover[], label: (key: string) => string) =>
    list.map((m) => ({
      name: label(m.key),
      detail: `${f.money(m.before)} → ${f.money(m.after)}`,
      delta: `${m.delta > 0 ? '+' : ''}${f.money(m.delta)}`,
      color: changeColor(m.delta, reference),
    }));
  const group = (heading: string, r: ReturnType<typeof rows>) => ({
    heading,
    rows: r,
    empty: r.length === 0 ? t('report.moversNone') : null,
  });
  return {
    heading: t('report.movers', { since: f.date(moverWindows(snapshot.dataThrough).since) }),
    groups: [
      group(
        t('report.moversAccounts', { count: snapshot.topAccountsDaily.length }),
        rows(movers.accounts, (id) => accountLabel(names.get(id) ?? id, id)),
      ),
      group(t('report.moversServices'), rows(movers.services, nameText)),
    ],
  };
}
