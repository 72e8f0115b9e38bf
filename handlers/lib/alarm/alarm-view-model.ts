import type { AccountPolicy } from '../../contract/config/thresholds.js';
import { runRateForecast } from '../analysis/trends.js';
import type { DailyByService } from '../costs/account-daily.js';
import { addDays } from '../costs/periods.js';
import type { CostSnapshot } from '../costs/snapshot-schema.js';
import { costExplorerUrl, formatter, singleLine } from '../email/format.js';
import { type Locale, translator } from '../email/messages.js';
import type { BillingAlarm } from '../events/alarm-event.js';
import type { Result } from '../result.js';
import { type ChangeSection, changeSection } from './change-section.js';
import { ALARM_COLORS } from './colors.js';
import { type ForecastSection, forecastSection } from './forecast-section.js';
import { type MoversSection, moversSection } from './movers-section.js';
import { type ServicesSection, servicesSection } from './services-section.js';
import { type TrendSection, trendSection } from './trend-section.js';

/** Everything the alarm email shows, already decided and formatted: the template only places it. */
export interface AlarmViewModel {
  readonly lang: Locale;
  readonly subject: string;
  readonly preheader: string;
  readonly headline: string;
  readonly accentColor: string;
  readonly facts: { label: string; value: string }[];
  readonly notes: { label: string; value: string }[];
  readonly missing: { heading: string; items: string[] } | null;
  readonly services: ServicesSection | null;
  readonly trend: TrendSection | null;
  readonly forecast: ForecastSection | null;
  readonly change: ChangeSection | null;
  readonly movers: MoversSection | null;
  readonly asOf: string | null;
  readonly link: { url: string; label: string };
  readonly footer: string;
}

/** Inputs of {@link alarmViewModel}; absent cost parts come with the reason they are missing. */
export interface AlarmViewInput {
  readonly alarm: BillingAlarm;
  readonly policy: AccountPolicy;
  readonly snapshot: Result<CostSnapshot>;
  readonly dailyByService: Result<DailyByService>;
  readonly locale: Locale;
  readonly timeZone: string;
  readonly organizationId: string;
  readonly now: Date;
}

/** Decides and formats what the alarm email says. */
export function alarmViewModel(input: AlarmViewInput): AlarmViewModel {
  const { alarm, policy } = input;
  const t = translator(input.locale);
  const snapshot = input.snapshot.ok ? input.snapshot.value : undefined;
  const f = formatter(input.locale, snapshot?.currency ?? alarm.currency, input.timeZone);
  const costs = snapshot?.accounts.find((a) => a.id === alarm.accountId);
  const accountName = singleLine(costs?.name ?? alarm.accountId, 80);
  const tier = t(`tier.${alarm.tier}`);
  const threshold = alarm.threshold ?? policy[alarm.tier];
  const charges = alarm.estimatedCharges ?? costs?.monthToDate;
  const isAlarm = alarm.state === 'ALARM';
  const values = {
    account: accountName,
    accountId: alarm.accountId,
    tier: tier.toLowerCase(),
    charges: charges === undefined ? t('common.unavailable') : f.money(charges),
    threshold: f.money(threshold),
  };
  const subject = singleLine(
    isAlarm ? t('alarm.subject', { ...values, tier }) : t('alarm.subjectOk', values),
    250,
  );

  const facts = [
    { label: t('alarm.account'), value: `${accountName} (${alarm.accountId})` },
    {
      label: t('alarm.tier'),
      value: isAlarm ? tier : `${tier} — ${t(`state.${alarm.state}` as 'state.OK')}`,
    },
    { label: t('alarm.threshold'), value: f.money(threshold) },
    { label: t('alarm.estimatedCharges'), value: values.charges },
    ...(charges !== undefined && charges > threshold
      ? [
          {
            label: t('alarm.overBy'),
            value: `${f.money(charges - threshold)} (${f.percent(((charges - threshold) / threshold) * 100, true)})`,
          },
        ]
      : []),
    { label: t('alarm.changedAt'), value: f.dateTime(alarm.changedAt) },
    { label: t('alarm.name'), value: alarm.alarmName },
  ];
  const notes = [
    ...(alarm.description ? [{ label: t('alarm.description'), value: alarm.description }] : []),
    ...(policy.description ? [{ label: t('alarm.ownerNote'), value: policy.description }] : []),
  ];

  const missing: string[] = [];
  if (!input.snapshot.ok) missing.push(t('alarm.missing.costs', { reason: input.snapshot.reason }));
  else if (!costs) missing.push(t('alarm.missing.account'));
  if (snapshot && !input.dailyByService.ok) {
    missing.push(t('alarm.missing.movers', { reason: input.dailyByService.reason }));
  }

  const today = input.now.toISOString().slice(0, 10);
  const range = snapshot?.periods.daily ?? { start: addDays(today, -13), end: addDays(today, 1) };

  let forecast: ForecastSection | null = null;
  if (snapshot && costs) {
    const rr = runRateForecast({
      ...costs,
      dataThrough: snapshot.dataThrough,
      nextMonthStart: snapshot.periods.nextMonthStart,
    });
    if (rr.ok) forecast = forecastSection(rr.value, policy, snapshot.periods.nextMonthStart, t, f);
    else missing.push(t('alarm.missing.forecast', { reason: t('common.insufficientHistory') }));
  }

  return {
    lang: input.locale,
    subject,
    preheader: t('alarm.preheader', values),
    headline: isAlarm ? t('alarm.headline', values) : t('alarm.headlineOk', values),
    accentColor: isAlarm ? ALARM_COLORS[alarm.tier] : ALARM_COLORS.ok,
    facts,
    notes,
    missing: missing.length > 0 ? { heading: t('alarm.missing'), items: missing } : null,
    services: snapshot && costs ? servicesSection(costs, t, f) : null,
    trend:
      snapshot && costs
        ? trendSection(
            costs.daily,
            snapshot.periods.daily,
            policy.critical / snapshot.periods.daysInMonth,
            t,
            f,
          )
        : null,
    forecast,
    change: snapshot && costs ? changeSection(costs, snapshot, t, f) : null,
    movers:
      snapshot && costs && input.dailyByService.ok
        ? moversSection(input.dailyByService.value, snapshot.dataThrough, t, f)
        : null,
    asOf: snapshot
      ? t('common.asOf', {
          date: snapshot.dataThrough ? f.date(snapshot.dataThrough) : '—',
          builtAt: f.dateTime(snapshot.builtAt),
        })
      : null,
    link: { url: costExplorerUrl(range, alarm.accountId), label: t('common.openCostExplorer') },
    footer: t('common.footer', { org: input.organizationId }),
  };
}
