import { type Mover, rankMovers, topMovers } from '../analysis/trends.js';
import { moverWindows } from '../costs/periods.js';
import type { CostSnapshot } from '../costs/snapshot-schema.js';

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

/** Movers of the largest accounts (their daily usage is in the snapshot) and of every service. */
export function changesSection(snapshot: CostSnapshot, t: Translate, f: Formatter): ChangesSection | null {
  if (!snapshot.dataThrough) return null;
  const names = new Map(snapshot.accounts.map((a) => [a.id, a.name]));
  const accountMovers = topMovers(
    Object.fromEntries(snapshot.topAccountsDaily.map((a) => [a.id, a.daily])),
    snapshot.dataThrough,
    MOVERS_PER_GROUP,
  );
  const serviceMovers = rankMovers(
    snapshot.services.map((s) => ({ key: s.name, before: s.before, after: s.last })),
    MOVERS_PER_GROUP,
  );
  const rows = (movers: Mover[], label: (key: string) => string) =>
    movers.map((m) => ({
      name: label(m.key),
      detail: `${f.money(m.before)} → ${f.money(m.after)}`,
      delta: `${m.delta > 0 ? '+' : ''}${f.money(m.delta)}`,
      color: m.delta > 0 ? '#b91c1c' : '#15803d',
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
        rows(accountMovers, (id) => `${singleLine(names.get(id) ?? id, 60)} (${id})`),
      ),
      group(
        t('report.moversServices'),
        rows(serviceMovers, (s) => nameText(s)),
      ),
    ],
  };
}
