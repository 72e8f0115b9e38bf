import { topWithOthers } from '../analysis/top-n.js';
import { percentChange, runRateForecast, topMovers } from '../analysis/trends.js';
import type { AccountPolicy } from '../config/thresholds.js';
import type { DailyByService } from '../costs/account-daily.js';
import { sum } from '../costs/money.js';
import { addDays, datesBetween, daysBetween } from '../costs/periods.js';
import type { CostSnapshot } from '../costs/snapshot.js';
import type { BillingAlarm } from '../events/alarm-event.js';
import { CHART_HEIGHT, type ChartBar, scaleHeights } from './chart.js';
import { costExplorerUrl, type Formatter, formatter, singleLine } from './format.js';
import { type Locale, type Translate, translator } from './messages.js';

/** Services listed by name before the "others" row. */
export const TOP_SERVICES = 8;

const COLORS = { warning: '#b45309', critical: '#b91c1c', ok: '#15803d', bar: '#2563eb', over: '#dc2626' };

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
  readonly services: {
    heading: string;
    columns: { name: string; amount: string; share: string };
    rows: { name: string; amount: string; share: string }[];
    totals: { label: string; amount: string }[];
  } | null;
  readonly trend: { heading: string; caption: string; height: number; bars: ChartBar[] } | null;
  readonly forecast: { heading: string; text: string; basis: string; color: string } | null;
  readonly change: { heading: string; text: string } | null;
  readonly movers: {
    heading: string;
    rows: { name: string; detail: string; delta: string; color: string }[];
    empty: string | null;
  } | null;
  readonly asOf: string | null;
  readonly link: { url: string; label: string };
  readonly footer: string;
}

/** Inputs of {@link alarmViewModel}; absent cost parts come with the reason they are missing. */
export interface AlarmViewInput {
  readonly alarm: BillingAlarm;
  readonly policy: AccountPolicy;
  readonly snapshot: CostSnapshot | { error: string };
  readonly dailyByService: { data: DailyByService } | { error: string };
  readonly locale: Locale;
  readonly timeZone: string;
  readonly organizationId: string;
  readonly now: Date;
}

/** Decides and formats what the alarm email says. */
export function alarmViewModel(input: AlarmViewInput): AlarmViewModel {
  const { alarm, policy } = input;
  const t = translator(input.locale);
  const snapshot = 'error' in input.snapshot ? undefined : input.snapshot;
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
  if ('error' in input.snapshot) missing.push(t('alarm.missing.costs', { reason: input.snapshot.error }));
  else if (!costs) missing.push(t('alarm.missing.account'));
  if (snapshot && 'error' in input.dailyByService) {
    missing.push(t('alarm.missing.movers', { reason: input.dailyByService.error }));
  }

  const periods = snapshot?.periods;
  const range = periods
    ? { start: periods.daily.start, end: periods.daily.end }
    : {
        start: addDays(input.now.toISOString().slice(0, 10), -13),
        end: addDays(input.now.toISOString().slice(0, 10), 1),
      };

  let forecast: AlarmViewModel['forecast'] = null;
  if (snapshot && costs && periods) {
    const rr = runRateForecast({
      ...costs,
      dataThrough: snapshot.dataThrough,
      nextMonthStart: periods.nextMonthStart,
    });
    if ('unavailable' in rr) {
      missing.push(t('alarm.missing.forecast', { reason: t('common.insufficientHistory') }));
    } else {
      const share = (rr.amount / policy.critical) * 100;
      forecast = {
        heading: t('alarm.forecast'),
        text: t('alarm.forecastText', {
          amount: f.money(rr.amount),
          monthEnd: f.date(addDays(periods.nextMonthStart, -1)),
          share: f.percent(share),
        }),
        basis: t('alarm.forecastBasis', { rate: f.money(rr.dailyRate), days: rr.basisDays }),
        color:
          share >= 100
            ? COLORS.critical
            : share >= (policy.warning / policy.critical) * 100
              ? COLORS.warning
              : COLORS.ok,
      };
    }
  }

  return {
    lang: input.locale,
    subject,
    preheader: t('alarm.preheader', values),
    headline: isAlarm ? t('alarm.headline', values) : t('alarm.headlineOk', values),
    accentColor: isAlarm ? COLORS[alarm.tier] : COLORS.ok,
    facts,
    notes,
    missing: missing.length > 0 ? { heading: t('alarm.missing'), items: missing } : null,
    services: snapshot && costs ? servicesSection(costs, t, f) : null,
    trend:
      snapshot && costs && periods
        ? trendSection(costs.daily, periods.daily, policy.critical / periods.daysInMonth, t, f)
        : null,
    forecast,
    change: snapshot && costs && periods ? changeSection(costs, snapshot, t, f) : null,
    movers:
      snapshot && costs && 'data' in input.dailyByService
        ? moversSection(input.dailyByService.data, snapshot, t, f)
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

function servicesSection(
  costs: CostSnapshot['accounts'][number],
  t: Translate,
  f: Formatter,
): AlarmViewModel['services'] {
  const ranked = topWithOthers(
    Object.entries(costs.byService).map(([key, amount]) => ({ key, amount })),
    TOP_SERVICES,
  );
  const rows = ranked.rows.map((r) => ({
    name: r.key,
    amount: f.money(r.amount),
    share: f.percent(r.share),
  }));
  if (ranked.others) {
    rows.push({
      name: t('alarm.othersRow', { count: f.count(ranked.others.count) }),
      amount: f.money(ranked.others.amount),
      share: f.percent(ranked.others.share),
    });
  }
  const totals = [{ label: t('alarm.usageTotal'), amount: f.money(costs.monthToDate) }];
  if (costs.credits !== 0) totals.push({ label: t('alarm.credits'), amount: f.money(costs.credits) });
  if (costs.refunds !== 0) totals.push({ label: t('alarm.refunds'), amount: f.money(costs.refunds) });
  if (costs.credits !== 0 || costs.refunds !== 0) {
    totals.push({
      label: t('alarm.netTotal'),
      amount: f.money(sum([costs.monthToDate, costs.credits, costs.refunds])),
    });
  }
  return {
    heading: t('alarm.byService'),
    columns: { name: t('alarm.service'), amount: t('alarm.amount'), share: t('alarm.share') },
    rows,
    totals,
  };
}

function trendSection(
  daily: Record<string, number>,
  window: { start: string; end: string },
  dailyPace: number,
  t: Translate,
  f: Formatter,
): AlarmViewModel['trend'] {
  const days = datesBetween(window.start, window.end);
  const values = days.map((d) => daily[d] ?? 0);
  const heights = scaleHeights(values);
  const maxIndex = values.indexOf(Math.max(...values));
  return {
    heading: t('alarm.trend', { days: days.length }),
    caption: t('alarm.trendMax', {
      amount: f.money(values[maxIndex] ?? 0),
      date: f.date(days[maxIndex] ?? window.start),
    }),
    height: CHART_HEIGHT,
    bars: days.map((d, i) => ({
      label: f.dayOfMonth(d),
      title: `${f.date(d)}: ${f.money(values[i] ?? 0)}`,
      amount: f.money(values[i] ?? 0),
      height: heights[i] ?? 0,
      gap: CHART_HEIGHT - (heights[i] ?? 0),
      // Days spent faster than the pace that would end the month at the critical threshold stand out.
      color: (values[i] ?? 0) > dailyPace ? COLORS.over : COLORS.bar,
    })),
  };
}

function changeSection(
  costs: CostSnapshot['accounts'][number],
  snapshot: CostSnapshot,
  t: Translate,
  f: Formatter,
): AlarmViewModel['change'] {
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

function moversSection(
  daily: DailyByService,
  snapshot: CostSnapshot,
  t: Translate,
  f: Formatter,
): AlarmViewModel['movers'] {
  const through = snapshot.dataThrough;
  const movers = through ? topMovers(daily, through) : [];
  return {
    heading: t('alarm.movers'),
    rows: movers.map((m) => ({
      name: m.key,
      detail: `${f.money(m.before)} → ${f.money(m.after)}`,
      delta: `${m.delta > 0 ? '+' : ''}${f.money(m.delta)}`,
      color: m.delta > 0 ? COLORS.critical : COLORS.ok,
    })),
    empty: movers.length === 0 ? t('alarm.moversNone') : null,
  };
}
