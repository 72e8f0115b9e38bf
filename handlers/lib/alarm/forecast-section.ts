import type { AccountPolicy } from '../../contract/config/thresholds.js';
import { topRung, usedRungs } from '../../contract/ladder.js';
import {
  dailyPace,
  PACE_DAYS,
  type PaceForecast,
  projectAtPace,
  RECENT_PACE_DAYS,
  RECENT_PACE_FACTOR,
} from '../analysis/trends.js';
import type { AccountFigures } from '../costs/account-figures.js';
import type { Forecast } from '../costs/cost-queries.js';
import { addDays } from '../costs/periods.js';
import type { Formatter } from '../email/format.js';
import { reasonText, type Translate } from '../email/messages.js';
import type { Result } from '../result.js';
import { ALARM_COLORS } from './colors.js';

/** Month-end projections against the critical threshold, each naming its method. */
export interface ForecastSection {
  readonly heading: string;
  readonly lines: { text: string; color: string }[];
}

/**
 * The month end at the last {@link PACE_DAYS} days' pace; when the last {@link RECENT_PACE_DAYS}
 * days run above {@link RECENT_PACE_FACTOR}× that pace, also the month end at the recent pace; and,
 * when `alarms.forecast` asked for it, Cost Explorer's forecast, named as such. Each line names its
 * method.
 */
export function forecastSection(
  figures: AccountFigures,
  policy: AccountPolicy,
  /** What the shares are of: the alarm's own tier and amount (a warning is not measured against critical). */
  against: { amount: number; tier: string },
  t: Translate,
  f: Formatter,
  costExplorer?: Result<Forecast>,
): ForecastSection {
  const { periods, dataThrough } = figures;
  // The top rung is the critical threshold of a two-rung ladder; any rung below it is a warning.
  const top = topRung(policy.ladder)?.threshold ?? 0;
  const lowest = usedRungs(policy.ladder)[0]?.threshold ?? top;
  const colorOf = (amount: number) =>
    amount >= top ? ALARM_COLORS.critical : amount >= lowest ? ALARM_COLORS.warning : ALARM_COLORS.ok;
  const shareOf = (amount: number) => f.percent((amount / against.amount) * 100);
  const of = { tier: against.tier, threshold: f.money(against.amount) };
  const fromCostExplorer = costExplorer
    ? [
        costExplorer.ok
          ? {
              text: t('alarm.forecastCostExplorer', {
                amount: f.moneyBoth(figures.current + costExplorer.value.amount),
                monthEnd: f.date(addDays(periods.month.end, -1)),
                share: shareOf(figures.current + costExplorer.value.amount),
                ...of,
              }),
              color: colorOf(figures.current + costExplorer.value.amount),
            }
          : {
              text: t('alarm.forecastCostExplorerUnavailable', {
                reason: reasonText(t, costExplorer.reason),
              }),
              color: '#6b7280',
            },
      ]
    : [];
  const usual = dailyPace(figures.daily, dataThrough, PACE_DAYS);
  if (!usual.ok) {
    return {
      heading: t('alarm.forecast'),
      lines: [
        { text: t('alarm.forecastUnavailable', { reason: reasonText(t, usual.reason) }), color: '#6b7280' },
        ...fromCostExplorer,
      ],
    };
  }
  const share = (p: PaceForecast) => shareOf(p.amount);
  const atUsual = projectAtPace(figures.current, usual.value, periods.daysLeft);
  const lines = [
    {
      text: t('alarm.forecastAtPace', {
        amount: f.moneyBoth(atUsual.amount),
        monthEnd: f.date(addDays(periods.month.end, -1)),
        days: usual.value.days,
        rate: f.money(usual.value.rate),
        share: share(atUsual),
        ...of,
      }),
      color: colorOf(atUsual.amount),
    },
  ];
  const recent = dailyPace(figures.daily, dataThrough, RECENT_PACE_DAYS);
  if (recent.ok && usual.value.rate > 0 && recent.value.rate > RECENT_PACE_FACTOR * usual.value.rate) {
    const atRecent = projectAtPace(figures.current, recent.value, periods.daysLeft);
    lines.push({
      text: t('alarm.forecastRecent', {
        rate: f.money(recent.value.rate),
        factor: Math.round((recent.value.rate / usual.value.rate) * 10) / 10,
        amount: f.moneyBoth(atRecent.amount),
        share: share(atRecent),
        ...of,
      }),
      color: colorOf(atRecent.amount),
    });
  }
  return { heading: t('alarm.forecast'), lines: [...lines, ...fromCostExplorer] };
}
