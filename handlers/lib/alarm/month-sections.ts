// The alarm email's sections about the month, from Cost Explorer's figures: the services, the daily
// chart against the alarm's own rung, the forecast, the change, the movers and what drove them.
// Without cost in the month (none yet, or the 1st, whose last day with cost is last month's) only
// the chart.
import type { AccountPolicy } from '../../contract/config/thresholds.js';
import type { ServiceDrivers } from '../analysis/drivers.js';
import type { AccountFigures } from '../costs/account-figures.js';
import type { Forecast } from '../costs/cost-queries.js';
import { daysBetween } from '../costs/periods.js';
import { type DriversSection, driversSection } from '../email/drivers-section.js';
import type { Formatter } from '../email/format.js';
import type { Locale, Translate } from '../email/messages.js';
import type { Result } from '../result.js';
import { type ChangeSection, changeSection } from './change-section.js';
import { type ForecastSection, forecastSection } from './forecast-section.js';
import { type MoversSection, moversSection } from './movers-section.js';
import { type ServicesSection, servicesSection } from './services-section.js';
import { type TrendSection, trendSection } from './trend-section.js';

/** The month's sections, each null when the alarm has none. */
export interface MonthSections {
  readonly services: ServicesSection | null;
  readonly trend: TrendSection | null;
  readonly forecast: ForecastSection | null;
  readonly change: ChangeSection | null;
  readonly movers: MoversSection | null;
  /** Why the largest services moved: usage, rate, credits (issue 21). */
  readonly drivers: DriversSection | null;
}

/** Inputs of {@link monthSections}. */
export interface MonthInput {
  /** Cost Explorer's figures, when they were read. */
  readonly figures: AccountFigures | undefined;
  readonly policy: AccountPolicy;
  /** The alarm's own rung: a warning charts against the warning amount, not the critical one. */
  readonly threshold: number;
  /** The rung's label (`rungLabel`). */
  readonly tier: string;
  readonly costExplorerForecast: Result<Forecast> | undefined;
  readonly drivers: Result<ServiceDrivers[]> | undefined;
  readonly locale: Locale;
  /** Formats Cost Explorer's figures (the unit it returned). */
  readonly ce: Formatter;
  readonly t: Translate;
}

/** The sections of a rung's alarm. */
export function monthSections(input: MonthInput): MonthSections {
  const { figures, policy, threshold, tier, t, ce } = input;
  // On the 1st the last day with cost is last month's: no month-to-date sections, the closed month instead.
  const hasCosts = figures !== undefined && figures.dataThrough !== null && figures.closedMonth === undefined;
  return {
    services: figures && hasCosts ? servicesSection(figures, t, ce) : null,
    trend: figures
      ? trendSection(
          figures.daily,
          figures.periods.trend,
          threshold,
          tier.toLowerCase(),
          daysBetween(figures.periods.month.start, figures.periods.month.end),
          t,
          ce,
        )
      : null,
    forecast:
      figures && hasCosts
        ? forecastSection(
            figures,
            policy,
            { amount: threshold, tier: tier.toLowerCase() },
            t,
            ce,
            input.costExplorerForecast,
          )
        : null,
    change: figures && hasCosts ? changeSection(figures, t, ce) : null,
    movers: figures && hasCosts ? moversSection(figures, threshold, t, ce) : null,
    drivers:
      figures && hasCosts
        ? driversSection(input.drivers, figures.periods, threshold, {
            t,
            f: ce,
            locale: input.locale,
            ...(figures.creditsUnread ? { creditsUnread: true } : {}),
          })
        : null,
  };
}
