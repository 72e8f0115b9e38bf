import type { Config } from '../../contract/config/schema.js';
import { topWithOthers } from '../analysis/top-n.js';
import { percentChange } from '../analysis/trends.js';
import { sum } from '../costs/money.js';
import type { CostSnapshot } from '../costs/snapshot-schema.js';
import { costExplorerUrl, formatter, singleLine } from '../email/format.js';
import { translator } from '../email/messages.js';
import type { Coverage } from '../org/coverage.js';
import type { Result } from '../result.js';
import { type CoverageSection, coverageSection } from './coverage-section.js';
import { type ChartSection, stackedChart } from './report-chart.js';
import { type ThresholdSection, thresholdTable } from './threshold-table.js';

type Row = { name: string; amount: string; share: string };

/** Everything the organisation report shows, decided and formatted. */
export interface ReportViewModel {
  readonly lang: string;
  readonly subject: string;
  readonly preheader: string;
  readonly headline: string;
  readonly accentColor: string;
  readonly facts: { label: string; value: string }[];
  readonly unavailable: { heading: string; items: string[] } | null;
  readonly accounts: { heading: string; columns: Row; rows: Row[] };
  readonly services: { heading: string; columns: Row; rows: Row[] };
  readonly chart: ChartSection;
  readonly thresholds: ThresholdSection;
  readonly coverage: CoverageSection | null;
  readonly asOf: string;
  readonly link: { url: string; label: string };
  readonly footer: string;
}

/** Inputs of {@link reportViewModel}. */
export interface ReportViewInput {
  readonly snapshot: CostSnapshot;
  readonly coverage: Result<Coverage>;
  readonly config: Config;
}

/** Decides and formats the organisation report from one snapshot and the coverage. */
export function reportViewModel({ snapshot, coverage, config }: ReportViewInput): ReportViewModel {
  const t = translator(config.locale);
  const f = formatter(config.locale, snapshot.currency, config.timeZone);
  const n = config.report.topN;
  const name = (a: { id: string; name: string }) => `${singleLine(a.name, 60)} (${a.id})`;
  const byId = new Map(snapshot.accounts.map((a) => [a.id, a]));

  const total = sum(snapshot.accounts.map((a) => a.monthToDate));
  const lastMonth = sum(snapshot.accounts.map((a) => a.sameDaysLastMonth));
  const credits = sum(snapshot.accounts.map((a) => a.credits));
  const refunds = sum(snapshot.accounts.map((a) => a.refunds));
  const change = percentChange(total, lastMonth);
  const active = snapshot.accounts.filter((a) => a.monthToDate > 0).length;
  const forecast = snapshot.forecast.ok
    ? f.money(total + snapshot.forecast.value)
    : t('report.forecastUnavailable', { reason: snapshot.forecast.reason });
  const changeText = change === null ? '—' : f.percent(change, true);

  const facts = [
    { label: t('report.monthToDate'), value: f.money(total) },
    { label: t('report.sameDaysLastMonth'), value: f.money(lastMonth) },
    { label: t('report.change'), value: changeText },
    { label: t('report.forecast'), value: forecast },
    { label: t('report.activeAccounts'), value: f.count(active) },
    ...(credits !== 0 ? [{ label: t('report.credits'), value: f.money(credits) }] : []),
    ...(refunds !== 0 ? [{ label: t('report.refunds'), value: f.money(refunds) }] : []),
    ...(credits !== 0 || refunds !== 0
      ? [{ label: t('report.net'), value: f.money(sum([total, credits, refunds])) }]
      : []),
  ];

  const rank = <K>(
    items: { key: K; amount: number }[],
    label: (k: K) => string,
    othersKey: 'report.othersAccounts' | 'report.othersServices',
  ) => {
    const top = topWithOthers(items, n);
    const rows = top.rows.map((r) => ({
      name: label(r.key),
      amount: f.money(r.amount),
      share: f.percent(r.share),
    }));
    if (top.others)
      rows.push({
        name: t(othersKey, { count: f.count(top.others.count) }),
        amount: f.money(top.others.amount),
        share: f.percent(top.others.share),
      });
    return rows;
  };
  const services = new Map<string, number>();
  for (const a of snapshot.accounts)
    for (const [s, v] of Object.entries(a.byService))
      services.set(s, (services.get(s) ?? 0) + Math.round(v * 1e6));

  const unavailable: string[] = [];
  if (!snapshot.forecast.ok)
    unavailable.push(t('report.unavailable.forecast', { reason: snapshot.forecast.reason }));
  if (!coverage.ok) unavailable.push(t('report.unavailable.coverage', { reason: coverage.reason }));

  return {
    lang: config.locale,
    subject: singleLine(
      t('report.subject', {
        date: snapshot.dataThrough ? f.date(snapshot.dataThrough) : '—',
        total: f.money(total),
        forecast,
      }),
    ),
    preheader: t('report.preheader', {
      total: f.money(total),
      accounts: f.count(active),
      change: changeText,
    }),
    headline: t('report.headline'),
    accentColor: '#1f2937',
    facts,
    unavailable: unavailable.length > 0 ? { heading: t('report.unavailable'), items: unavailable } : null,
    accounts: {
      heading: t('report.topAccounts', { n }),
      columns: { name: t('report.account'), amount: t('alarm.amount'), share: t('alarm.share') },
      rows: rank(
        snapshot.accounts.map((a) => ({ key: a, amount: a.monthToDate })),
        name,
        'report.othersAccounts',
      ),
    },
    services: {
      heading: t('report.topServices', { n }),
      columns: { name: t('report.service'), amount: t('alarm.amount'), share: t('alarm.share') },
      rows: rank(
        [...services].map(([key, micros]) => ({ key, amount: micros / 1e6 })),
        (k) => k,
        'report.othersServices',
      ),
    },
    chart: stackedChart(snapshot, t, f),
    thresholds: thresholdTable(snapshot, config, coverage.ok ? coverage.value.ouOf : {}, t, f, name),
    coverage: coverage.ok ? coverageSection(coverage.value, byId, t, f) : null,
    asOf: t('common.asOf', {
      date: snapshot.dataThrough ? f.date(snapshot.dataThrough) : '—',
      builtAt: f.dateTime(snapshot.builtAt),
    }),
    link: { url: costExplorerUrl(snapshot.periods.daily), label: t('common.openCostExplorer') },
    footer: t('common.footer', { org: config.organization.id }),
  };
}
