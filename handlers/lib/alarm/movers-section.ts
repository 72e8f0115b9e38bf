import { topMovers } from '../analysis/trends.js';
import type { AccountFigures } from '../costs/account-figures.js';
import { type Formatter, nameText } from '../email/format.js';
import type { Translate } from '../email/messages.js';
import { ALARM_COLORS } from './colors.js';

/** The services whose spend moved most over the last days. */
export interface MoversSection {
  readonly heading: string;
  readonly rows: { name: string; detail: string; delta: string; color: string }[];
  readonly empty: string | null;
}

/** The account's top movers through its last day with data (none without data). */
export function moversSection(figures: AccountFigures, t: Translate, f: Formatter): MoversSection {
  const movers = figures.dataThrough ? topMovers(figures.dailyByService, figures.dataThrough) : [];
  return {
    heading: t('alarm.movers'),
    rows: movers.map((m) => ({
      name: nameText(m.key),
      detail: `${f.money(m.before)} → ${f.money(m.after)}`,
      delta: `${m.delta > 0 ? '+' : ''}${f.money(m.delta)}`,
      color: m.delta > 0 ? ALARM_COLORS.critical : ALARM_COLORS.ok,
    })),
    empty: movers.length === 0 ? t('alarm.moversNone') : null,
  };
}
