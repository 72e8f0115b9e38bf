import type { AccountPolicy } from '../../contract/config/thresholds.js';
import type { RunRateForecast } from '../analysis/trends.js';
import { addDays, type IsoDate } from '../costs/periods.js';
import type { Formatter } from '../email/format.js';
import type { Translate } from '../email/messages.js';
import { ALARM_COLORS } from './colors.js';

/** The month-end projection against the critical threshold. */
export interface ForecastSection {
  readonly heading: string;
  readonly text: string;
  readonly basis: string;
  readonly color: string;
}

/** Says where the run rate ends the month, coloured by the tier it reaches. */
export function forecastSection(
  forecast: RunRateForecast,
  policy: AccountPolicy,
  nextMonthStart: IsoDate,
  t: Translate,
  f: Formatter,
): ForecastSection {
  const share = (forecast.amount / policy.critical) * 100;
  return {
    heading: t('alarm.forecast'),
    text: t('alarm.forecastText', {
      amount: f.money(forecast.amount),
      monthEnd: f.date(addDays(nextMonthStart, -1)),
      share: f.percent(share),
    }),
    basis: t('alarm.forecastBasis', { rate: f.money(forecast.dailyRate), days: forecast.basisDays }),
    color:
      share >= 100
        ? ALARM_COLORS.critical
        : share >= (policy.warning / policy.critical) * 100
          ? ALARM_COLORS.warning
          : ALARM_COLORS.ok,
  };
}
