import type { Config } from '../../contract/config/schema.js';
import { percentChange } from '../analysis/trends.js';
import { basisOf } from '../costs/cost-basis.js';
import { sum } from '../costs/money.js';
import { addMonths } from '../costs/periods.js';
import type { CostSnapshot } from '../costs/snapshot-schema.js';
import { basisLine } from '../email/basis-line.js';
import { type DriversSection, driversSection } from '../email/drivers-section.js';
import { costExplorerUrl, type Formatter, formatter, singleLine, withIdParts } from '../email/format.js';
import { reasonText, type Translate, translator } from '../email/messages.js';
import type { Coverage } from '../governance/coverage.js';
import type { Result } from '../result.js';
import type { AlertRecord } from '../state/alert-rules.js';
import type { FirstSpendCheck } from '../state/first-spend-store.js';
import type { QuietedAlarm } from '../state/noise.js';
import type { IgnoredTag } from '../state/org-copy.js';
import type { PlacementRecord } from '../state/placements.js';
import type { RecipientFeedbackRecord } from '../state/recipient-feedback.js';
import type { ConflictCount } from '../state/rejection-log.js';
import type { AlarmHealth } from './alarm-health.js';
import { type AlertList, type AlertsSection, alertsSection } from './alerts-section.js';
import { type ChangesSection, changesSection } from './changes-section.js';
import { type CoverageList, type CoverageSection, coverageSection } from './coverage-section.js';
import { type HeadlineSection, headlineSection } from './headline-section.js';
import { type NewSpendSection, newSpendSection } from './new-spend-section.js';
import type { PaceAlert } from './pace.js';
import { type PaceSection, paceSection } from './pace-section.js';
import { type QuietedSection, quietedSection } from './quieted-section.js';
import { type RankingSection, rankingSection } from './ranking-section.js';
import { type ReconciliationSection, reconciliationSection } from './reconciliation-section.js';
import { type ChartSection, stackedChart } from './report-chart.js';
import type { ReportDrivers } from './report-drivers.js';
import type { ReportReconciliation } from './report-reconciliation.js';
import { type ThresholdSection, thresholdTable } from './threshold-table.js';

/** Everything the organisation report shows, decided and formatted. */
export interface ReportViewModel {
  readonly lang: string;
  readonly subject: string;
  readonly preheader: string;
  readonly headline: string;
  readonly accentColor: string;
  /** The first block: how the organisation is doing, in four labelled figures. */
  readonly summary: HeadlineSection;
  /** Month to date (or, on a month close, the closed month) against its comparison, labelled with the source. */
  readonly facts: { label: string; value: string }[];
  readonly unavailable: { heading: string; items: string[] } | null;
  readonly changes: ChangesSection | null;
  /** Why the services and the accounts that moved most moved: usage, rate, credits (issue 21). */
  readonly drivers: DriversSection | null;
  readonly accountDrivers: DriversSection | null;
  readonly accounts: RankingSection;
  readonly services: RankingSection;
  readonly chart: ChartSection;
  readonly thresholds: ThresholdSection;
  readonly coverage: CoverageSection | null;
  /** Alarm state changes that were not mailed (re-alert window, hourly cap) in the last day. */
  readonly quieted: QuietedSection | null;
  /** Accounts on pace to cross a tier this month. */
  readonly pace: PaceSection | null;
  /** Open, acknowledged, snoozed and planned alerts, what snoozes held, the last 30 days (issue 20). */
  readonly alerts: AlertsSection | null;
  /** Services and Regions an account spent on this week for the first time in 90 days. */
  readonly newSpend: NewSpendSection | null;
  /** Fast-burn estimates of the last days against billed EC2 usage. */
  readonly reconciliation: ReconciliationSection | null;
  readonly asOf: string;
  readonly basis: string[];
  readonly link: { url: string; label: string };
  readonly footer: string;
}

/** Inputs of {@link reportViewModel}. */
export interface ReportViewInput {
  readonly snapshot: CostSnapshot;
  readonly coverage: Result<Coverage>;
  /** Stuck and silent member alarms, when coverage and the alarm states could be read. */
  readonly health?: AlarmHealth;
  /** Each account's alarm placement, as the governance sweep decided it. */
  readonly placements?: readonly PlacementRecord[];
  /** Recipients SES reported bounced, complained or rejected. @default - none */
  readonly feedback?: readonly RecipientFeedbackRecord[];
  readonly config: Config;
  /** Alarm state changes not mailed, per account and tier. @default - none */
  readonly quieted?: readonly QuietedAlarm[];
  /** Accounts on pace to cross a tier this month. @default - none */
  readonly pace?: readonly PaceAlert[];
  /** Threshold tags ignored, per account (from the organisation copy). @default - none */
  readonly ignoredTags?: readonly (IgnoredTag & { readonly accountId: string })[];
  /** Event ids seen again with another payload, counted per month. @default - none */
  readonly conflicts?: readonly ConflictCount[];
  /** The typed drivers of the services and accounts that moved most. @default - none shown */
  readonly drivers?: ReportDrivers;
  /** The alerts kept in the state table, or why they could not be read. @default - no alerts section */
  readonly alerts?: Result<readonly AlertRecord[]>;
  /** The report's time (the snapshot may be cached). @default - when the snapshot was built */
  readonly now?: Date;
  /** The first-spend check of this run. @default - no section */
  readonly firstSpend?: FirstSpendCheck;
  /** The fast-burn estimates reconciled in this run. @default - no section */
  readonly reconciliation?: ReportReconciliation;
}

/** Decides and formats the organisation report from one snapshot and the coverage. */
export function reportViewModel({
  snapshot,
  coverage,
  config,
  quieted = [],
  health,
  pace = [],
  placements = [],
  feedback = [],
  ignoredTags = [],
  conflicts = [],
  drivers,
  alerts,
  now,
  firstSpend,
  reconciliation,
}: ReportViewInput): ReportViewModel {
  const t = translator(config.locale);
  const unit = snapshot.unit || config.currency;
  const f = formatter(config.locale, unit, config.timeZone, config.displayCurrency);
  const n = config.report.topN;
  const { periods } = snapshot;
  const closing = periods.mode === 'monthClose';
  const name = (a: { id: string; name: string }) => `${singleLine(a.name, 60)} (${a.id})`;

  const total = sum(snapshot.accounts.map((a) => a.current));
  const before = sum(snapshot.accounts.map((a) => a.comparison));
  const credits = sum(snapshot.accounts.map((a) => a.credits));
  const refunds = sum(snapshot.accounts.map((a) => a.refunds));
  const change = percentChange(total, before);
  const changeText = change === null ? '—' : f.percent(change, true);
  // Every account with a non-zero cost this period: usage of either sign, credits or refunds.
  const active = snapshot.accounts.filter(
    (a) => a.current !== 0 || a.credits !== 0 || a.refunds !== 0,
  ).length;
  const month = f.month(periods.month.start);
  const previousMonth = f.month(addMonths(periods.month.start, -1));
  const forecast = !closing && snapshot.forecast.ok ? total + snapshot.forecast.value.amount : undefined;

  const facts = [
    {
      label: closing ? t('report.monthTotal', { month }) : t('report.monthToDate'),
      value: f.moneyBoth(total),
    },
    {
      label: closing ? t('report.monthTotal', { month: previousMonth }) : t('report.sameDaysLastMonth'),
      value: f.money(before),
    },
    { label: t('report.change'), value: changeText },
    ...(closing
      ? []
      : [
          {
            label: t('report.forecast'),
            value:
              forecast !== undefined
                ? f.moneyBoth(forecast)
                : t('report.forecastUnavailable', {
                    reason: reasonText(t, snapshot.forecast.ok ? 'noData' : snapshot.forecast.reason),
                  }),
          },
        ]),
    { label: t('report.activeAccounts'), value: f.count(active) },
    ...(credits !== 0 ? [{ label: t('report.credits'), value: f.money(credits) }] : []),
    ...(refunds !== 0 ? [{ label: t('report.refunds'), value: f.money(refunds) }] : []),
    ...(credits !== 0 || refunds !== 0
      ? [{ label: t('report.net'), value: f.money(sum([total, credits, refunds])) }]
      : []),
  ];

  const unavailable: string[] = [];
  if (!closing && !snapshot.forecast.ok) {
    unavailable.push(t('report.unavailable.forecast', { reason: reasonText(t, snapshot.forecast.reason) }));
  }
  if (!coverage.ok)
    unavailable.push(t('report.unavailable.coverage', { reason: reasonText(t, coverage.reason) }));
  if (snapshot.dataThrough === null) unavailable.push(t('report.noCosts'));

  const changeColumn = closing
    ? t('report.changeColumnClosed', { month: previousMonth })
    : t('report.changeColumn');
  const date = snapshot.dataThrough ? f.date(snapshot.dataThrough) : '—';
  const ctx = { t, f, locale: config.locale };
  const byService = driversSection(drivers?.services, periods, total, {
    ...ctx,
    ...(drivers?.source ? { source: drivers.source } : {}),
    ...(drivers?.awsUnavailable
      ? { sourceNote: t('drivers.awsUnavailable', { reason: reasonText(t, drivers.awsUnavailable) }) }
      : {}),
  });
  const byAccount = driversSection(drivers?.accounts, periods, total, ctx);
  // Both methods when AWS's drivers explain the services and the accounts are computed.
  const method = [...new Set([byService?.method, byAccount?.method].filter((m): m is string => !!m))];
  return keepIdsWhole({
    lang: config.locale,
    subject: singleLine(
      closing
        ? t('report.subjectClosed', { month, total: f.money(total) })
        : snapshot.dataThrough === null
          ? t('report.subjectNoData', { month })
          : forecast !== undefined
            ? t('report.subject', { date, total: f.money(total), forecast: f.money(forecast) })
            : t('report.subjectNoForecast', { date, total: f.money(total) }),
    ),
    preheader: closing
      ? t('report.preheaderClosed', {
          month,
          total: f.money(total),
          accounts: active,
          change: changeText,
          previous: previousMonth,
        })
      : t('report.preheader', { total: f.money(total), accounts: active, change: changeText }),
    headline: closing ? t('report.headlineClosed', { month }) : t('report.headline'),
    accentColor: '#1f2937',
    summary: headlineSection(
      snapshot,
      forecast,
      reasonText(t, snapshot.forecast.ok ? 'noData' : snapshot.forecast.reason),
      t,
      f,
    ),
    facts,
    unavailable: unavailable.length > 0 ? { heading: t('report.unavailable'), items: unavailable } : null,
    changes: changesSection(snapshot, t, f),
    drivers: byService,
    accountDrivers: byAccount && {
      ...byAccount,
      heading: `${byAccount.heading} — ${t('drivers.byAccount')}`,
    },
    accounts: rankingSection(
      snapshot.accounts.map((a) => ({ label: name(a), current: a.current, comparison: a.comparison })),
      n,
      { heading: t('report.topAccounts', { n }), changeColumn, others: 'report.othersAccounts' },
      t,
      f,
    ),
    services: rankingSection(
      snapshot.services.map((s) => ({ label: s.name, current: s.current, comparison: s.comparison })),
      n,
      { heading: t('report.topServices', { n }), changeColumn, others: 'report.othersServices' },
      t,
      f,
    ),
    chart: stackedChart(snapshot, t, f),
    thresholds: thresholdTable(snapshot, config, coverage.ok ? coverage.value.ouOf : {}, t, f, name),
    coverage: coverage.ok
      ? coverageSection(
          coverage.value,
          new Map(snapshot.accounts.map((a) => [a.id, a])),
          t,
          f,
          health,
          placements,
          feedback,
          ignoredTags,
          conflicts,
        )
      : null,
    quieted: quietedSection(quieted, new Map(snapshot.accounts.map((a) => [a.id, a.name])), config, t),
    pace: paceSection(pace, t, f),
    alerts: alerts
      ? alertsSection(alerts, {
          t,
          f,
          names: new Map(snapshot.accounts.map((a) => [a.id, a.name])),
          now: now ?? new Date(snapshot.builtAt),
        })
      : null,
    newSpend: firstSpend
      ? newSpendSection(firstSpend, new Map(snapshot.accounts.map((a) => [a.id, a.name])), t, f)
      : null,
    reconciliation: reconciliation
      ? reconciliationSection(reconciliation, new Map(snapshot.accounts.map((a) => [a.id, a.name])), {
          t,
          f,
          metric: basisOf(config).metric,
        })
      : null,
    asOf: t('common.asOf', { date, builtAt: f.dateTime(snapshot.builtAt) }),
    basis: [...basisNotes(snapshot, config, t, f), ...method],
    link: { url: costExplorerUrl(periods.trend), label: t('common.openCostExplorer') },
    footer: t('common.footer', { org: config.organization.id }),
  });
}

/** Every account label with its id apart (`parts`), so that the HTML never breaks an id. */
function keepIdsWhole(vm: ReportViewModel): ReportViewModel {
  const list = (l: CoverageList | null) => l && { ...l, rows: withIdParts(l.rows, 'name') };
  return {
    ...vm,
    summary: { ...vm.summary, figures: withIdParts(vm.summary.figures, 'value') },
    changes: vm.changes && {
      ...vm.changes,
      groups: vm.changes.groups.map((g) => ({ ...g, rows: withIdParts(g.rows, 'name') })),
    },
    accounts: { ...vm.accounts, rows: withIdParts(vm.accounts.rows, 'name') },
    thresholds: { ...vm.thresholds, rows: withIdParts(vm.thresholds.rows, 'name') },
    coverage: vm.coverage && {
      ...vm.coverage,
      uncovered: list(vm.coverage.uncovered),
      drifted: list(vm.coverage.drifted),
      stuck: list(vm.coverage.stuck),
      silent: list(vm.coverage.silent),
      payer: list(vm.coverage.payer),
    },
    quieted: vm.quieted && { ...vm.quieted, rows: withIdParts(vm.quieted.rows, 'name') },
    pace: vm.pace && { ...vm.pace, rows: withIdParts(vm.pace.rows, 'name') },
    alerts: vm.alerts && {
      ...vm.alerts,
      current: alertList(vm.alerts.current),
      held: vm.alerts.held && alertList(vm.alerts.held),
      recent: vm.alerts.recent && alertList(vm.alerts.recent),
    },
    newSpend: vm.newSpend && { ...vm.newSpend, rows: withIdParts(vm.newSpend.rows, 'name') },
    reconciliation: vm.reconciliation && {
      ...vm.reconciliation,
      rows: withIdParts(vm.reconciliation.rows, 'name'),
    },
  };
}

function alertList(l: AlertList): AlertList {
  return { ...l, rows: withIdParts(l.rows, 'name') };
}

/** What the amounts are: their currency and basis, and any currency surprise. */
export function basisNotes(snapshot: CostSnapshot, config: Config, t: Translate, f: Formatter): string[] {
  const notes = [basisLine(t, f.currency, basisOf(config))];
  if (snapshot.unit && snapshot.unit !== config.currency) {
    notes.push(t('common.unitMismatch', { unit: snapshot.unit, configured: config.currency }));
  }
  if (snapshot.units.length > 1) notes.push(t('common.mixedUnits', { units: snapshot.units.join(', ') }));
  if (config.displayCurrency) {
    notes.push(
      t('common.displayCurrency', {
        code: config.displayCurrency.code,
        rate: config.displayCurrency.rate,
        unit: f.currency,
        asOf: f.date(config.displayCurrency.asOf),
      }),
    );
  }
  return notes;
}
