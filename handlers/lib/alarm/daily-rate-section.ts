import type { AccountFigures } from '../costs/account-figures.js';
import { sum } from '../costs/money.js';
import type { IsoDate } from '../costs/periods.js';
import type { Formatter } from '../email/format.js';
import type { Translate } from '../email/messages.js';
import type { Result } from '../result.js';
import type { BillingAlarm } from './alarm-event.js';
import { type ServicesSection, serviceRows } from './services-section.js';
import type { Fact } from './summary-section.js';
import type { TrendSection } from './trend-section.js';

/** What a daily-rate alarm's email says in place of a rung's: the 24 hours against the limit. */
export interface DailyRateView {
  readonly subject: string;
  readonly preheader: string;
  readonly headline: string;
  readonly facts: Fact[];
  /** What drove it: the services of the last day with cost (Cost Explorer). */
  readonly services: ServicesSection | null;
}

/** Inputs of {@link dailyRateView}. */
export interface DailyRateInput {
  readonly alarm: BillingAlarm;
  /** The daily limit (CloudWatch's threshold when the event has it, else the configured one). */
  readonly limit: number;
  readonly figures: Result<AccountFigures>;
  readonly accountLabel: string;
  /** The account's name, or its id. */
  readonly account: string;
  readonly cw: Formatter;
  readonly ce: Formatter;
  readonly t: Translate;
}

/** The last day with cost and its services' usage, from the alarm's one Cost Explorer answer. */
export function lastDayByService(
  figures: AccountFigures,
): { readonly date: IsoDate; readonly byService: Record<string, number> } | null {
  const date = figures.dataThrough;
  if (!date) return null;
  const byService: Record<string, number> = {};
  for (const [service, days] of Object.entries(figures.dailyByService)) {
    const amount = days[date];
    if (amount !== undefined && amount !== 0) byService[service] = amount;
  }
  return { date, byService };
}

/**
 * "Spent $X in the last 24 hours (limit $Y)": CloudWatch's increase over 24 hours (the alarm's
 * datapoint) against the limit, what drove it (the services of the last day with cost) and the
 * month so far, each named with its source. No second Cost Explorer request: the day's services
 * are in the answer every alarm already reads.
 */
export function dailyRateView(input: DailyRateInput): DailyRateView {
  const { alarm, limit, cw, ce, t } = input;
  const figures = input.figures.ok ? input.figures.value : undefined;
  const isAlarm = alarm.state === 'ALARM';
  const spent = alarm.estimatedCharges;
  const monthSoFar =
    figures === undefined
      ? undefined
      : figures.closedMonth !== undefined
        ? t('alarm.daily.monthNotYet', { month: ce.month(figures.periods.month.start) })
        : t('alarm.ceMonthToDateValue', {
            amount: ce.moneyBoth(figures.current),
            date: figures.dataThrough ? ce.date(figures.dataThrough) : '—',
          });
  const values = {
    account: input.account,
    accountId: alarm.accountId,
    spent: spent === undefined ? t('common.unavailable') : cw.money(spent),
    limit: cw.money(limit),
    month: figures ? ce.money(figures.current) : t('common.unavailable'),
  };
  const facts: Fact[] = [
    { label: t('alarm.account'), value: input.accountLabel },
    {
      label: t('alarm.rung'),
      value: isAlarm ? t('tier.daily') : `${t('tier.daily')} — ${t(`state.${alarm.state}` as const)}`,
    },
    {
      label: t('alarm.daily.spent', { currency: cw.currency }),
      value: spent === undefined ? t('alarm.noDatapoint') : cw.moneyBoth(spent),
    },
    { label: t('alarm.daily.limit'), value: cw.moneyBoth(limit) },
  ];
  if (spent !== undefined && spent > limit && limit > 0)
    facts.push({
      label: t('alarm.overBy'),
      value: `${cw.money(spent - limit)} (${cw.percent(((spent - limit) / limit) * 100, true)})`,
    });
  if (monthSoFar !== undefined)
    facts.push({ label: t('alarm.daily.monthSoFar', { currency: ce.currency }), value: monthSoFar });
  facts.push({ label: t('alarm.changedAt'), value: cw.dateTime(alarm.changedAt) });
  const day = figures ? lastDayByService(figures) : null;
  return {
    subject: !isAlarm
      ? t('alarm.daily.subjectOk', values)
      : spent === undefined
        ? t('alarm.daily.subjectNoDatapoint', values)
        : t('alarm.daily.subject', values),
    preheader: t('alarm.daily.preheader', values),
    headline: isAlarm ? t('alarm.daily.headline', values) : t('alarm.daily.headlineOk', values),
    facts,
    services:
      day && Object.keys(day.byService).length > 0
        ? {
            heading: t('alarm.daily.drivers', { date: ce.date(day.date) }),
            columns: { name: t('alarm.service'), amount: t('alarm.amount'), share: t('alarm.share') },
            rows: serviceRows(day.byService, t, ce),
            totals: [
              {
                label: t('alarm.daily.dayTotal', { date: ce.date(day.date) }),
                amount: ce.moneyBoth(sum(Object.values(day.byService))),
              },
            ],
          }
        : null,
  };
}

/** The daily chart with the daily limit as its line (the rung chart's line is a monthly pace). */
export function dailyLimitTrend(
  trend: TrendSection,
  limit: number,
  t: Translate,
  f: Formatter,
): TrendSection {
  return {
    ...trend,
    legend: trend.legend.map((l, i) =>
      i === trend.legend.length - 1
        ? { ...l, name: t('alarm.daily.legendLimit', { limit: f.money(limit) }) }
        : l,
    ),
    pace: t('alarm.daily.line', { limit: f.money(limit) }),
  };
}
