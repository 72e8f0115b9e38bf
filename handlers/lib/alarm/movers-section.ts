import { topMovers } from '../analysis/trends.js';
import type { AccountFigures } from '../costs/account-figures.js';
import { changeColor } from '../email/change-color.js';
import { type Formatter, nameText } from '../email/format.js';
import type { Translate } from '../email/messages.js';

/** The services whose spend moved most over the last days. */
export interface MoversSection {
  readonly heading: string;
  readonly rows: { name: string; detail: string; delta: string; color: string }[];
  readonly empty: string | null;
}

/**
 * The account's top movers through its last day with data (none without data), coloured when
 * material against the alarm's threshold (see `change-color.ts`): a $0.99 mover stays grey.
 */
export function moversSection(
  figures: AccountFigures,
  threshold: number,
  t: Translate,
  f: Formatter,
): MoversSection {
  const movers = figures.dataThrough ? topMovers(figures.dailyByService, figures.dataThrough) : [];
  return {
    heading: t('alarm.movers'),
    rows: movers.map((m) => ({
      name: nameText(m.key),
      detail: `${f.money(m.before)} → ${f.money(m.after)}`,
      delta: `${m.delta > 0 ? '+' : ''}${f.money(m.delta)}`,
      color: changeColor(m.delta, threshold),
    })),
    empty: movers.length === 0 ? t('alarm.moversNone') : null,
  };
}
