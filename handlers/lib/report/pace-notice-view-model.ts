import type { Config } from '../../contract/config/schema.js';
import { routingLines } from '../alarm/routing-lines.js';
import { type ServicesSection, servicesSection } from '../alarm/services-section.js';
import { type TrendSection, trendSection } from '../alarm/trend-section.js';
import type { AccountFigures } from '../costs/account-figures.js';
import { basisOf } from '../costs/cost-basis.js';
import { daysBetween } from '../costs/periods.js';
import type { CostSnapshot } from '../costs/snapshot-schema.js';
import type { Routing } from '../delivery/routing.js';
import { basisLine } from '../email/basis-line.js';
import { costExplorerUrl, formatter, type IdParts, idParts, singleLine } from '../email/format.js';
import { type Locale, reasonText, translator } from '../email/messages.js';
import { rungLabel } from '../email/rung-label.js';
import type { Result } from '../result.js';
import { PACE_DETAIL_LIMIT, type PaceAlert } from './pace.js';

/** The reason of figures a run did not read (past its limit of detailed notices). */
export const NOT_READ = 'notRead';

/** The "on pace to cross" notice: the figures, what drives them, the chart, when it crosses, and why you got it. */
export interface PaceNoticeViewModel {
  readonly lang: Locale;
  readonly subject: string;
  readonly preheader: string;
  readonly headline: string;
  /** The headline around the account id, kept on one line in the HTML. */
  readonly headlineParts: IdParts | null;
  readonly accentColor: string;
  /** Labelled figures: month to date with its date, the threshold, the month end at this pace, the crossing day. */
  readonly facts: { label: string; value: string }[];
  /** How the pace is computed, that nothing crossed yet, and what the reader can do. */
  readonly paragraphs: string[];
  readonly missing: { heading: string; items: string[] } | null;
  /** The account's month to date by service: what drives the pace. */
  readonly services: ServicesSection | null;
  /** The account's daily usage with the tier's pace as a line. */
  readonly trend: TrendSection | null;
  readonly link: { url: string; label: string };
  readonly asOf: string;
  readonly basis: string[];
  readonly routing: { lead: string; lines: string[] } | null;
  readonly footer: string;
}

/** Inputs of {@link paceNoticeViewModel}. */
export interface PaceNoticeInput {
  readonly config: Config;
  readonly alert: PaceAlert;
  readonly snapshot: CostSnapshot;
  /** The account's own figures (services, daily usage), or why they are missing. */
  readonly figures: Result<AccountFigures>;
  /** Who gets the notice and why. */
  readonly routing?: Routing;
}

/** Decides and formats the pace notice of one account and rung. */
export function paceNoticeViewModel({
  config,
  alert,
  snapshot,
  figures,
  routing,
}: PaceNoticeInput): PaceNoticeViewModel {
  const t = translator(config.locale);
  const unit = snapshot.unit || config.currency;
  const f = formatter(config.locale, unit, config.timeZone, config.displayCurrency);
  const account = `${singleLine(alert.accountName, 60)} (${alert.accountId})`;
  const tierName = rungLabel(alert.rung, t);
  const tier = tierName.toLowerCase();
  const { periods } = snapshot;
  const monthDays = daysBetween(periods.month.start, periods.month.end);
  const own = figures.ok && figures.value.dataThrough !== null ? figures.value : undefined;
  const currency = f.currency;
  return {
    lang: config.locale,
    subject: singleLine(
      t('pace.subject', {
        account,
        tier,
        threshold: f.money(alert.threshold),
        forecast: f.money(alert.forecast),
      }),
      250,
    ),
    preheader: singleLine(
      t('pace.preheader', { crossesOn: f.date(alert.crossesOn), tier, threshold: f.money(alert.threshold) }),
      200,
    ),
    headline: t('pace.headline', { account, tier }),
    headlineParts: idParts(t('pace.headline', { account, tier })),
    accentColor: '#b45309',
    facts: [
      {
        label: t('pace.monthToDate', { currency, date: f.date(alert.dataThrough) }),
        value: f.moneyBoth(alert.monthToDate),
      },
      { label: t('pace.threshold', { tier: tierName, currency }), value: f.moneyBoth(alert.threshold) },
      {
        label: t('pace.atPace', { currency, rate: f.money(alert.dailyRate) }),
        value: f.moneyBoth(alert.forecast),
      },
      { label: t('pace.crossing'), value: t('pace.crossingValue', { date: f.date(alert.crossesOn) }) },
    ],
    paragraphs: [
      ...t('pace.body', {
        mtd: f.money(alert.monthToDate),
        count: daysBetween(periods.current.start, periods.current.end),
        monthDays,
        forecast: f.money(alert.forecast),
        tier,
        threshold: f.money(alert.threshold),
      })
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean),
      t('pace.actions'),
    ],
    missing: own
      ? null
      : {
          heading: t('alarm.missing'),
          items: [
            t('pace.missingFigures', {
              reason: figures.ok
                ? t('alarm.missing.account')
                : figures.reason === NOT_READ
                  ? t('pace.notRead', { count: PACE_DETAIL_LIMIT })
                  : reasonText(t, figures.reason),
            }),
          ],
        },
    services: own ? { ...servicesSection(own, t, f), heading: t('pace.drivers') } : null,
    trend: own ? trendSection(own.daily, own.periods.trend, alert.threshold, tier, monthDays, t, f) : null,
    link: {
      url: costExplorerUrl(periods.current, alert.accountId),
      label: t('common.openCostExplorer'),
    },
    asOf: t('common.asOf', { date: f.date(alert.dataThrough), builtAt: f.dateTime(snapshot.builtAt) }),
    basis: [basisLine(t, unit, basisOf(config))],
    routing: routing ? routingLines(routing, t) : null,
    footer: t('common.footer', { org: config.organization.id }),
  };
}

/** The plain-text part of a pace notice, from the same view-model as the HTML. */
export function paceNoticeText(vm: PaceNoticeViewModel): string {
  const lines: string[] = [vm.headline, '='.repeat(Math.min(vm.headline.length, 72)), ''];
  for (const fact of vm.facts) lines.push(`${fact.label}: ${fact.value}`);
  lines.push('', ...vm.paragraphs.flatMap((p) => [p, '']));
  if (vm.missing) lines.push(`${vm.missing.heading}:`, ...vm.missing.items.map((i) => `  - ${i}`), '');
  if (vm.services) {
    lines.push(vm.services.heading);
    for (const r of vm.services.rows) lines.push(`  ${r.name}: ${r.amount} (${r.share})`);
    for (const total of vm.services.totals) lines.push(`  ${total.label}: ${total.amount}`);
    lines.push('');
  }
  if (vm.trend) {
    lines.push(vm.trend.heading, ...vm.trend.bars.map((b) => `  ${b.title}`), `  ${vm.trend.pace}`, '');
  }
  lines.push(`${vm.link.label}: ${vm.link.url}`, '', vm.asOf, ...vm.basis);
  if (vm.routing) lines.push(vm.routing.lead, ...vm.routing.lines.map((l) => `  ${l}`));
  lines.push(vm.footer, '');
  return lines.join('\n');
}
