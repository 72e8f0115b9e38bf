// The alarm email's view-model, assembled: what each section shows is decided in its own file
// (`alarm-headline.ts`, `summary-section.ts`, `month-sections.ts`, ...); here, the figures and
// formatters they share, and a daily-rate alarm's own top block, services and chart in place of a
// rung's. Reached only through the deferred module (`deferred.ts`, DESIGN.md "Cold start").
import { isDailyRung, rungBudget, thresholdOf } from '../../contract/ladder.js';
import { DEFAULT_BASIS } from '../costs/cost-basis.js';
import { addDays, isoDate } from '../costs/periods.js';
import { costExplorerUrl, formatter, singleLine } from '../email/format.js';
import { translator } from '../email/messages.js';
import { rungLabel } from '../email/rung-label.js';
import { alarmHeadline, dailyHeadline } from './alarm-headline.js';
import type { AlarmViewInput, AlarmViewModel } from './alarm-view-types.js';
import { basisLines } from './basis-lines.js';
import { biggestRise } from './cause.js';
import { dailyLimitTrend, dailyRateView } from './daily-rate-section.js';
import { firstSpendLines } from './first-spend-line.js';
import { missingSection } from './missing-section.js';
import { monthSections } from './month-sections.js';
import { alarmNotes } from './notes-section.js';
import { withRename } from './rename-fact.js';
import { routingLines } from './routing-lines.js';
import { causeLine, summaryFacts } from './summary-section.js';
import { trendSection } from './trend-section.js';

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
  const account = name || alarm.accountId;
  const tier = rungLabel(alarm.rung, t);
  const threshold = alarm.threshold ?? thresholdOf(policy.ladder, alarm.rung);
  const budget = rungBudget({ name: alarm.rung, threshold }, policy.budget);
  const cause = figures ? biggestRise(figures) : null;
  const month = monthSections({
    figures,
    policy,
    threshold,
    tier,
    costExplorerForecast: input.costExplorerForecast,
    drivers: input.drivers,
    locale: input.locale,
    ce,
    t,
  });
  const today = isoDate(input.now);
  const range = figures?.periods.trend ?? { start: addDays(today, -14), end: today };
  // A daily-rate alarm: the 24 hours against the limit, the day's services, the month so far; no
  // month-end forecast (it is about a rung of the month, which this alarm is not).
  const daily = isDailyRung(alarm.rung)
    ? dailyRateView({ alarm, limit: threshold, figures: input.figures, accountLabel, account, cw, ce, t })
    : undefined;

  // Only an alarm says it: an OK is not about what is being spent.
  const firstSpend =
    input.firstSpend && alarm.state === 'ALARM'
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
    ...alarmHeadline({
      alarm,
      ladder: policy.ladder,
      account,
      tier,
      threshold,
      budget,
      cause: causeLine({ figures: input.figures, cause, ce, t }),
      cw,
      t,
    }),
    facts: withRename(input.renamedFrom, name, cw.dateTime, t, [
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
    notes: alarmNotes({
      alarm,
      policy,
      ...(input.changesSince ? { changesSince: input.changesSince } : {}),
      more: firstSpend.notes,
      dateTime: cw.dateTime,
      t,
    }),
    missing: missingSection(input, cw.dateTime, t),
    ...month,
    asOf: figures?.dataThrough
      ? t('common.asOf', {
          date: ce.date(figures.dataThrough),
          builtAt: ce.dateTime(input.now.toISOString()),
        })
      : null,
    basis: basisLines({
      figures,
      unit,
      basis: input.basis ?? DEFAULT_BASIS,
      currency: input.currency,
      displayCurrency: input.displayCurrency,
      driversMethod: month.drivers?.method,
      ce,
      t,
    }),
    link: { url: costExplorerUrl(range, alarm.accountId), label: t('common.openCostExplorer') },
    routing: input.routing ? routingLines(input.routing, t) : null,
    actions: input.actions ?? null,
    footer: t('common.footer', { org: input.organizationId }),
  };
  if (!daily) return model;
  return {
    ...model,
    ...dailyHeadline(daily, alarm),
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
