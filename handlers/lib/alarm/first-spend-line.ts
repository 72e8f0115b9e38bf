import type { AccountFigures } from '../costs/account-figures.js';
import { sum } from '../costs/money.js';
import { addDays } from '../costs/periods.js';
import type { Formatter } from '../email/format.js';
import { singleLine } from '../email/format.js';
import { reasonText, type Translate } from '../email/messages.js';
import { FIRST_SPEND_MAX_AGE_MS, type FirstSpendCheck, TOO_MANY_GROUPS } from '../state/first-spend-store.js';
import type { Fact } from './summary-section.js';

/** First-spend lines in one alarm email at most. */
export const FIRST_SPEND_LINES = 5;

/** What the alarm email says about first spend: facts for each new service or Region, or a note why it was not checked. */
export interface FirstSpendLines {
  readonly facts: Fact[];
  readonly notes: Fact[];
}

/**
 * The account's first spends from the report's last check (read with one GetItem, no Cost
 * Explorer request). A service's amount and first day come from the alarm's own figures when they
 * have the service's days (fresher than the report), else the check's week total. A check older
 * than 48 hours, none, or one that could not be made is a note saying so, never silence.
 */
export function firstSpendLines(input: {
  readonly accountId: string;
  /** The report's last check; undefined when there is none or it could not be read. */
  readonly check: FirstSpendCheck | undefined;
  readonly figures: AccountFigures | undefined;
  readonly now: Date;
  readonly t: Translate;
  readonly f: Formatter;
}): FirstSpendLines {
  const { check, t, f } = input;
  const label = t('alarm.firstSpend');
  const none = (reason: string) => ({
    facts: [],
    notes: [{ label, value: t('alarm.firstSpendNone', { reason }) }],
  });
  if (!check || input.now.getTime() - Date.parse(check.builtAt) > FIRST_SPEND_MAX_AGE_MS)
    return none(t('alarm.firstSpendNoCheck'));
  if (!check.outcome.ok)
    return none(
      check.outcome.reason === TOO_MANY_GROUPS
        ? t('report.newSpendTooLarge')
        : reasonText(t, check.outcome.reason),
    );
  const week = { start: f.date(check.week.start), end: f.date(addDays(check.week.end, -1)) };
  const mine = check.outcome.entries.filter((e) => e.accountId === input.accountId);
  const facts = mine.slice(0, FIRST_SPEND_LINES).map((e) => {
    const name = singleLine(e.name, 80);
    if (e.kind === 'region')
      return { label, value: t('alarm.firstSpendRegion', { name, amount: f.money(e.amount), ...week }) };
    const days = Object.entries(input.figures?.dailyByService[e.name] ?? {})
      .filter(([day, amount]) => day >= check.week.start && amount > 0)
      .sort(([a], [b]) => a.localeCompare(b));
    const first = days[0];
    return first
      ? {
          label,
          value: t('alarm.firstSpendService', {
            name,
            amount: f.money(sum(days.map(([, amount]) => amount))),
            since: f.date(first[0]),
          }),
        }
      : { label, value: t('alarm.firstSpendServiceWeek', { name, amount: f.money(e.amount), ...week }) };
  });
  const cut = mine.length === 0 && check.outcome.more > 0;
  return {
    facts,
    notes: cut ? [{ label, value: t('alarm.firstSpendCut', { count: check.outcome.entries.length }) }] : [],
  };
}
