import type { AccountPolicy } from '../../contract/config/thresholds.js';
import { isDailyRung, rungBand, rungBudget, rungPercent, thresholdOf } from '../../contract/ladder.js';
import type { ServiceDrivers } from '../analysis/drivers.js';
import type { AccountFigures } from '../costs/account-figures.js';
import { type CostBasis, DEFAULT_BASIS } from '../costs/cost-basis.js';
import type { Forecast } from '../costs/cost-queries.js';
import { addDays, daysBetween, isoDate } from '../costs/periods.js';
import type { Routing } from '../delivery/routing.js';
import { basisLine } from '../email/basis-line.js';
import { type DriversSection, driversSection } from '../email/drivers-section.js';
import { costExplorerUrl, type DisplayCurrency, formatter, singleLine } from '../email/format.js';
import { type Locale, reasonText, translator } from '../email/messages.js';
import { rungLabel } from '../email/rung-label.js';
import type { Result } from '../result.js';
import type { FirstSpendCheck } from '../state/first-spend-store.js';
import type { BillingAlarm } from './alarm-event.js';
import type { AlertLinks } from './alert-links.js';
import { biggestRise } from './cause.js';
import { type ChangeSection, changeSection } from './change-section.js';
import { ALARM_COLORS } from './colors.js';
import { dailyLimitTrend, dailyRateView } from './daily-rate-section.js';
import type { Staleness } from './explain.js';
import { firstSpendLines } from './first-spend-line.js';
import { type ForecastSection, forecastSection } from './forecast-section.js';
import { type MoversSection, moversSection } from './movers-section.js';
import { type ServicesSection, servicesSection } from './services-section.js';
import { causeLine, type Fact, summaryFacts } from './summary-section.js';
import { type TrendSection, trendSection } from './trend-section.js';

/** Everything the alarm email shows, already decided and formatted: the template only places it. */
export interface AlarmViewModel {
  readonly lang: Locale;
  readonly subject: string;
  readonly preheader: string;
  readonly headline: string;
  readonly accentColor: string;
  /** The top block: account, tier, CloudWatch's figure and threshold, cause, Cost Explorer's month to date. */
  readonly facts: Fact[];
  /** CloudWatch's own words for the state change (escaped by the template). */
  readonly reason: { label: string; text: string } | null;
  readonly notes: Fact[];
  readonly missing: { heading: string; items: string[] } | null;
  readonly services: ServicesSection | null;
  readonly trend: TrendSection | null;
  readonly forecast: ForecastSection | null;
  readonly change: ChangeSection | null;
  readonly movers: MoversSection | null;
  /** Why the largest services moved: usage, rate, credits (issue 21). */
  readonly drivers: DriversSection | null;
  readonly asOf: string | null;
  /** What the amounts are: currency, cost basis, and any currency note. */
  readonly basis: string[];
  readonly link: { url: string; label: string };
  /** Why the recipients got the email: one line per group (central list, OU, account, tag, billing contact). */
  readonly routing: { lead: string; lines: string[] } | null;
  /** Signed links to answer the alert (issue 20), when the action page is configured. */
  readonly actions: AlertLinks | null;
  readonly footer: string;
}

/** Inputs of {@link alarmViewModel}; Cost Explorer's figures come with the reason when they are missing. */
export interface AlarmViewInput {
  readonly alarm: BillingAlarm;
  readonly policy: AccountPolicy;
  readonly figures: Result<AccountFigures>;
  /** Cost Explorer's forecast of the days left, when `alarms.forecast` asked for it. */
  readonly costExplorerForecast?: Result<Forecast>;
  /** The largest services' typed drivers, when the month to date moved. */
  readonly drivers?: Result<ServiceDrivers[]>;
  /** The account's name from the organisation, when known. */
  readonly accountName?: string;
  /** The organisation copy's last known name (and when it was read), when the account has been renamed since. */
  readonly renamedFrom?: { readonly name: string; readonly readAt: string };
  readonly locale: Locale;
  readonly timeZone: string;
  readonly organizationId: string;
  /** Who gets the email and why. */
  readonly routing?: Routing;
  /** What the figures count (named in the footer). @default {@link DEFAULT_BASIS} */
  readonly basis?: CostBasis;
  /** The configured billing currency: what Cost Explorer's unit is checked against. */
  readonly currency: string;
  readonly displayCurrency?: DisplayCurrency;
  /** Organizations reads that failed (failure codes): said in the email's list of missing details. */
  readonly unread?: { readonly ou?: string; readonly tags?: string };
  /** Details taken from the organisation copy (may be stale), or that no policy was known. */
  readonly stale?: Staleness;
  /** State changes of this alarm since its last email, which were not mailed. */
  readonly changesSince?: { count: number; since: number; hours: number };
  /** The answer links, already signed (see `alert-links.ts`). */
  readonly actions?: AlertLinks;
  /** The report's last first-spend check, when the alarm looked it up (`check` undefined: none to be had). */
  readonly firstSpend?: { readonly check: FirstSpendCheck | undefined };
  readonly now: Date;
}

/** Decides and formats what the alarm email says. */
export function alarmViewModel(input: AlarmViewInput): AlarmViewModel {
  const { alarm, policy } = input;
  const t = translator(input.locale);
  const figures = input.figures.ok ? input.figures.value : undefined;
  // CloudWatch's figures are in the alarm's Currency dimension; Cost Explorer's in the unit it returned.
  const cw = formatter(input.locale, alarm.currency, input.timeZone, input.displayCurrency);
  const unit = figures?.unit || input.currency;
  const ce = formatter(input.locale, unit, input.timeZone, input.displayCurrency);
  const name = singleLine(input.accountName ?? '', 80);
  const accountLabel = name ? `${name} (${alarm.accountId})` : alarm.accountId;
  const tier = rungLabel(alarm.rung, t);
  const threshold = alarm.threshold ?? thresholdOf(policy.ladder, alarm.rung);
  const budget = rungBudget({ name: alarm.rung, threshold }, policy.budget);
  const cause = figures ? biggestRise(figures) : null;
  const isAlarm = alarm.state === 'ALARM';
  const values = {
    account: name || alarm.accountId,
    accountId: alarm.accountId,
    tier,
    tierLower: tier.toLowerCase(),
    charges:
      alarm.estimatedCharges === undefined ? t('common.unavailable') : cw.money(alarm.estimatedCharges),
    threshold: cw.money(threshold),
    cause: causeLine({ figures: input.figures, cause, ce, t }),
    budget: budget === undefined ? '' : cw.money(budget),
  };
  // A percentage rung says which budget it is a share of, in the subject and the headline.
  const ofBudget = budget !== undefined && rungPercent(alarm.rung) !== undefined;
  const subject = singleLine(
    !isAlarm
      ? t('alarm.subjectOk', values)
      : alarm.estimatedCharges === undefined
        ? t('alarm.subjectNoDatapoint', values)
        : ofBudget
          ? t('alarm.subjectBudget', values)
          : t('alarm.subject', values),
    250,
  );

  const missing: string[] = [];
  if (!input.figures.ok)
    missing.push(t('alarm.missing.costs', { reason: reasonText(t, input.figures.reason) }));
  else if (figures && figures.dataThrough === null) missing.push(t('alarm.missing.account'));
  missing.push(...organisationLines(input, cw.dateTime, t));
  // On the 1st the last day with cost is last month's: no month-to-date sections, the closed month instead.
  const hasCosts = figures !== undefined && figures.dataThrough !== null && figures.closedMonth === undefined;

  const basis = [basisLine(t, unit, input.basis ?? DEFAULT_BASIS)];
  if (figures?.unit && figures.unit !== input.currency) {
    basis.push(t('common.unitMismatch', { unit: figures.unit, configured: input.currency }));
  }
  if (figures && figures.units.length > 1)
    basis.push(t('common.mixedUnits', { units: figures.units.join(', ') }));
  if (input.displayCurrency) {
    basis.push(
      t('common.displayCurrency', {
        code: input.displayCurrency.code,
        rate: input.displayCurrency.rate,
        unit,
        asOf: ce.date(input.displayCurrency.asOf),
      }),
    );
  }
  const drivers =
    figures && hasCosts
      ? driversSection(input.drivers, figures.periods, threshold, {
          t,
          f: ce,
          locale: input.locale,
          ...(figures.creditsUnread ? { creditsUnread: true } : {}),
        })
      : null;
  if (drivers) basis.push(drivers.method);
  const today = isoDate(input.now);
  const range = figures?.periods.trend ?? { start: addDays(today, -14), end: today };
  // A daily-rate alarm: the 24 hours against the limit, the day's services, the month so far; no
  // month-end forecast (it is about a rung of the month, which this alarm is not).
  const daily = isDailyRung(alarm.rung)
    ? dailyRateView({
        alarm,
        limit: threshold,
        figures: input.figures,
        accountLabel,
        account: values.account,
        cw,
        ce,
        t,
      })
    : undefined;

  // Only an alarm says it: an OK is not about what is being spent.
  const firstSpend =
    input.firstSpend && isAlarm
      ? firstSpendLines({
          accountId: alarm.accountId,
          check: input.firstSpend.check,
          figures,
          now: input.now,
          t,
          f: ce,
        })
      : { facts: [], notes: [] };
  const model: AlarmViewModel = {
    lang: input.locale,
    subject,
    preheader: singleLine(
      alarm.estimatedCharges === undefined
        ? t('alarm.preheaderNoDatapoint', values)
        : t('alarm.preheader', values),
      250,
    ),
    headline: isAlarm
      ? t(ofBudget ? 'alarm.headlineBudget' : 'alarm.headline', values)
      : t('alarm.headlineOk', values),
    accentColor: isAlarm ? ALARM_COLORS[rungBand(alarm.rung, policy.ladder)] : ALARM_COLORS.ok,
    facts: withRename(input, name, cw.dateTime, t, [
      ...summaryFacts({
        alarm,
        policy,
        accountLabel,
        threshold,
        ...(budget !== undefined ? { budget } : {}),
        figures: input.figures,
        cause,
        cw,
        ce,
        t,
      }),
      ...firstSpend.facts,
    ]),
    reason: alarm.reason ? { label: t('alarm.reason'), text: alarm.reason } : null,
    notes: [
      ...(input.changesSince
        ? [
            {
              label: t('alarm.changesLabel'),
              value: t('alarm.changesSince', {
                count: input.changesSince.count,
                date: cw.dateTime(new Date(input.changesSince.since).toISOString()),
                hours: input.changesSince.hours,
              }),
            },
          ]
        : []),
      { label: t('alarm.name'), value: alarm.alarmName },
      ...(alarm.description ? [{ label: t('alarm.description'), value: alarm.description }] : []),
      ...(policy.description ? [{ label: t('alarm.ownerNote'), value: policy.description }] : []),
      ...firstSpend.notes,
    ],
    missing: missing.length > 0 ? { heading: t('alarm.missing'), items: missing } : null,
    services: figures && hasCosts ? servicesSection(figures, t, ce) : null,
    trend: figures
      ? trendSection(
          figures.daily,
          figures.periods.trend,
          // The alarm's own rung: a warning charts against the warning amount, not the critical one.
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
    drivers,
    asOf: figures?.dataThrough
      ? t('common.asOf', {
          date: ce.date(figures.dataThrough),
          builtAt: ce.dateTime(input.now.toISOString()),
        })
      : null,
    basis,
    link: { url: costExplorerUrl(range, alarm.accountId), label: t('common.openCostExplorer') },
    routing: input.routing ? routingLines(input.routing, t) : null,
    actions: input.actions ?? null,
    footer: t('common.footer', { org: input.organizationId }),
  };
  if (!daily) return model;
  return {
    ...model,
    subject: singleLine(daily.subject, 250),
    preheader: singleLine(daily.preheader, 250),
    headline: daily.headline,
    accentColor: isAlarm ? ALARM_COLORS.critical : ALARM_COLORS.ok,
    facts: [...daily.facts, ...firstSpend.facts],
    services: daily.services,
    trend: figures
      ? dailyLimitTrend(
          trendSection(figures.daily, figures.periods.trend, threshold, tier, 1, t, ce),
          threshold,
          t,
          ce,
        )
      : null,
    forecast: null,
  };
}

/** The summary facts with, right after the account, the line saying it was renamed since the copy was read. */
function withRename(
  input: AlarmViewInput,
  name: string,
  dateTime: (iso: string) => string,
  t: ReturnType<typeof translator>,
  facts: Fact[],
): Fact[] {
  if (!input.renamedFrom || !name) return facts;
  const renamed = {
    label: t('alarm.renamedLabel'),
    value: t('alarm.renamed', {
      old: singleLine(input.renamedFrom.name, 80),
      name,
      date: dateTime(input.renamedFrom.readAt),
    }),
  };
  return [...facts.slice(0, 1), renamed, ...facts.slice(1)];
}

/** What the email says about the account's OU and tags: unread, taken from the copy (and since when), or no policy known. */
function organisationLines(
  input: AlarmViewInput,
  dateTime: (iso: string) => string,
  t: ReturnType<typeof translator>,
): string[] {
  const { unread, stale } = input;
  const lines: string[] = [];
  if (stale?.unknownPolicy) {
    lines.push(t('alarm.unknownPolicy', { reason: reasonText(t, stale.unknownPolicy) }));
    return lines;
  }
  const said = (d: NonNullable<Staleness['ou']>) => ({
    reason: reasonText(t, d.reason),
    date: dateTime(d.readAt),
    reader: t(`alarm.reader.${d.readBy}`),
  });
  if (stale?.ou)
    lines.push(t('alarm.stale.ou', { ...said(stale.ou), ou: stale.ou.ouId ?? t('alarm.stale.noOu') }));
  else if (unread?.ou) lines.push(t('alarm.missing.ou', { reason: reasonText(t, unread.ou) }));
  if (stale?.tags) lines.push(t('alarm.stale.tags', said(stale.tags)));
  else if (unread?.tags) lines.push(t('alarm.missing.tags', { reason: reasonText(t, unread.tags) }));
  return lines;
}

/** The routing as the footer says it: a lead line, then each group with its addresses. */
export function routingLines(
  routing: Routing,
  t: ReturnType<typeof translator>,
): { lead: string; lines: string[] } | null {
  if (routing.groups.length === 0) return null;
  const key = {
    central: 'alarm.routing.central',
    ou: 'alarm.routing.ou',
    account: 'alarm.routing.account',
    tag: 'alarm.routing.tag',
    billingContact: 'alarm.routing.billingContact',
    operators: 'alarm.routing.operators',
  } as const;
  return {
    lead: t('alarm.routing.lead'),
    lines: routing.groups.map((g) => t(key[g.source], { addresses: g.addresses.join(', '), ou: g.ou ?? '' })),
  };
}
