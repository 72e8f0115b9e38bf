import { percentChange } from '../analysis/trends.js';
import type { AccountFigures } from '../costs/account-figures.js';
import { daysBetween } from '../costs/periods.js';
import type { Formatter } from '../email/format.js';
import type { Translate } from '../email/messages.js';

/** Month to date against the same days of last month. */
export interface ChangeSection {
  readonly heading: string;
  readonly text: string;
}

/** Says how the account's month to date compares with the same days of last month. */
export function changeSection(figures: AccountFigures, t: Translate, f: Formatter): ChangeSection {
  const days = daysBetween(figures.periods.current.start, figures.periods.current.end);
  const change = percentChange(figures.current, figures.comparison);
  return {
    heading: t('alarm.change'),
    text:
      change === null
        ? t('alarm.changeNone', { current: f.money(figures.current), count: days })
        : t('alarm.changeText', {
            current: f.money(figures.current),
            previous: f.money(figures.comparison),
            count: days,
            change: f.percent(change, true),
          }),
  };
}
