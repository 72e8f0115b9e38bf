import type { AccountPolicy } from '../../contract/config/thresholds.js';
import { isTwoTierName } from '../../contract/ladder.js';
import type { AccountFigures } from '../costs/account-figures.js';
import { addMonths } from '../costs/periods.js';
import { isMaterial } from '../email/change-color.js';
import type { Formatter } from '../email/format.js';
import { reasonText, type Translate } from '../email/messages.js';
import { rungLabel } from '../email/rung-label.js';
import type { Result } from '../result.js';
import type { BillingAlarm } from './alarm-event.js';
import type { Cause } from './cause.js';

/** One labelled figure of the top block. */
export interface Fact {
  readonly label: string;
  readonly value: string;
}

/** Inputs of {@link summaryFacts}. */
export interface SummaryInput {
  readonly alarm: BillingAlarm;
  readonly policy: AccountPolicy;
  readonly accountLabel: string;
  readonly threshold: number;
  /** The budget the rung refers to, when one applies. */
  readonly budget?: number;
  readonly figures: Result<AccountFigures>;
  readonly cause: Cause | null;
  /** Formats CloudWatch's figures (the alarm's currency). */
  readonly cw: Formatter;
  /** Formats Cost Explorer's figures (the unit it returned). */
  readonly ce: Formatter;
  readonly t: Translate;
}

/**
 * The first block of the alarm email: which account, which rung (and the budget it refers to), the alarm's own figure and
 * threshold (CloudWatch's estimate, labelled as such), one line of cause, and Cost Explorer's month
 * to date with its date — each figure named with its source and currency.
 */
export function summaryFacts(input: SummaryInput): Fact[] {
  const { alarm, threshold, figures, cw, ce, t } = input;
  const isAlarm = alarm.state === 'ALARM';
  const tier = rungLabel(alarm.rung, t);
  const charges = alarm.estimatedCharges;
  const facts: Fact[] = [
    { label: t('alarm.account'), value: input.accountLabel },
    {
      label: isTwoTierName(alarm.rung) ? t('alarm.tier') : t('alarm.rung'),
      value: isAlarm ? tier : `${tier} — ${t(`state.${alarm.state}` as const)}`,
    },
    {
      label: t('alarm.cloudWatchEstimate', { currency: cw.currency }),
      value: charges === undefined ? t('alarm.noDatapoint') : cw.moneyBoth(charges),
    },
    { label: t('alarm.threshold'), value: cw.moneyBoth(threshold) },
  ];
  if (input.budget !== undefined) facts.push({ label: t('alarm.budget'), value: cw.moneyBoth(input.budget) });
  if (charges !== undefined && charges > threshold) {
    facts.push({
      label: t('alarm.overBy'),
      value: `${cw.money(charges - threshold)} (${cw.percent(((charges - threshold) / threshold) * 100, true)})`,
    });
  }
  facts.push({ label: t('alarm.cause'), value: causeLine(input) });
  if (figures.ok && figures.value.closedMonth !== undefined) {
    // The 1st (UTC): nothing of the new month yet; the month just closed, named as such.
    const { periods, closedMonth, dataThrough } = figures.value;
    facts.push({
      label: t('alarm.ceClosedMonth', {
        month: ce.month(addMonths(periods.month.start, -1)),
        currency: ce.currency,
      }),
      value: t('alarm.ceClosedMonthValue', {
        amount: ce.moneyBoth(closedMonth),
        date: dataThrough ? ce.date(dataThrough) : '—',
        month: ce.month(periods.month.start),
      }),
    });
  } else if (figures.ok) {
    facts.push({
      label: t('alarm.ceMonthToDate', { currency: ce.currency }),
      value: t('alarm.ceMonthToDateValue', {
        amount: ce.moneyBoth(figures.value.current),
        date: figures.value.dataThrough ? ce.date(figures.value.dataThrough) : '—',
      }),
    });
  }
  const gap = differenceNote(input);
  if (gap) facts.push(gap);
  facts.push({ label: t('alarm.changedAt'), value: cw.dateTime(alarm.changedAt) });
  return facts;
}

/** The cause in one line, or why it is unknown. */
export function causeLine(input: Pick<SummaryInput, 'figures' | 'cause' | 'ce' | 't'>): string {
  const { figures, cause, ce, t } = input;
  if (!figures.ok) return t('alarm.causeUnavailable', { reason: reasonText(t, figures.reason) });
  if (!cause) return t('alarm.causeNone');
  return t('alarm.causeText', {
    service: cause.mover.key,
    delta: ce.money(cause.mover.delta),
    since: ce.date(cause.since),
  });
}

/**
 * Why CloudWatch's estimate and Cost Explorer's month to date differ, when they differ materially
 * (see `change-color.ts`): two sources, two bases, two clocks.
 */
function differenceNote(input: SummaryInput): Fact | null {
  const { alarm, figures, threshold, cw, ce, t } = input;
  const charges = alarm.estimatedCharges;
  if (charges === undefined || !figures.ok || figures.value.closedMonth !== undefined) return null;
  const { current, dataThrough } = figures.value;
  if (!dataThrough || !isMaterial(charges - current, threshold)) return null;
  return {
    label: t('alarm.whyDiffer'),
    value: t('alarm.whyDifferValue', {
      estimate: cw.money(charges),
      ce: ce.money(current),
      date: ce.date(dataThrough),
      gap: cw.money(Math.abs(charges - current)),
    }),
  };
}
