import { percentChange } from '../analysis/trends.js';
import { daysBetween } from '../costs/periods.js';
import type { AccountCosts, CostSnapshot } from '../costs/snapshot-schema.js';
import type { Formatter } from '../email/format.js';
import type { Translate } from '../email/messages.js';

/** Month to date against the same days of last month. */
export interface ChangeSection {
  readonly heading: string;
  readonly text: string;
}

/** Says how the account's month to date compares with the same days of last month. */
export function changeSection(
  costs: AccountCosts,
  snapshot: CostSnapshot,
  t: Translate,
  f: Formatter,
): ChangeSection {
  const days = daysBetween(snapshot.periods.monthToDate.start, snapshot.periods.monthToDate.end);
  const change = percentChange(costs.monthToDate, costs.sameDaysLastMonth);
  return {
    heading: t('alarm.change'),
    text:
      change === null
        ? t('alarm.changeNone', { current: f.money(costs.monthToDate), days })
        : t('alarm.changeText', {
            current: f.money(costs.monthToDate),
            previous: f.money(costs.sameDaysLastMonth),
            days,
            change: f.percent(change, true),
          }),
  };
}
