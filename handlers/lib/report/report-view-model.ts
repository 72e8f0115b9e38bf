import { topWithOthers } from '../analysis/top-n.js';
import { percentChange } from '../analysis/trends.js';
import type { Config } from '../config/schema.js';
import { policyFor } from '../config/thresholds.js';
import { sum } from '../costs/money.js';
import { datesBetween } from '../costs/periods.js';
import type { CostSnapshot } from '../costs/snapshot.js';
import { CHART_HEIGHT } from '../email/chart.js';
import { costExplorerUrl, formatter, singleLine } from '../email/format.js';
import { translator } from '../email/messages.js';
import type { Coverage } from './coverage.js';

/** Accounts drawn as their own colour in the stacked chart; the rest is "others". */
export const CHART_ACCOUNTS = 6;
/** Rows of the threshold table at most. */
export const THRESHOLD_ROWS = 15;
/** Rows of the coverage lists at most. */
export const COVERAGE_ROWS = 20;

const PALETTE = ['#1d4ed8', '#0f766e', '#b45309', '#7c3aed', '#be185d', '#15803d'];
const OTHERS_COLOR = '#9ca3af';
const COLORS = {
  critical: '#b91c1c',
  warning: '#b45309',
  ok: '#15803d',
  criticalBg: '#fee2e2',
  warningBg: '#fef3c7',
};

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
  readonly chart: {
    heading: string;
    caption: string;
    days: { label: string; title: string; gap: number; segments: { height: number; color: string }[] }[];
    legend: { name: string; color: string }[];
  };
  readonly thresholds: {
    heading: string;
    columns: { name: string; amount: string; critical: string; use: string };
    rows: {
      name: string;
      amount: string;
      critical: string;
      use: string;
      color: string;
      background: string;
    }[];
    summary: string;
    more: string | null;
  };
  readonly coverage: {
    heading: string;
    summary: string;
    uncovered: { heading: string; rows: { name: string; detail: string }[]; more: string | null } | null;
    drifted: { heading: string; rows: { name: string; detail: string }[]; more: string | null } | null;
    note: string | null;
  } | null;
  readonly asOf: string;
  readonly link: { url: string; label: string };
  readonly footer: string;
}

/** Inputs of {@link reportViewModel}. */
export interface ReportViewInput {
  readonly snapshot: CostSnapshot;
  readonly coverage: Coverage | { error: string };
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
  const forecast =
    'amount' in snapshot.forecast
      ? f.money(total + snapshot.forecast.amount)
      : t('report.forecastUnavailable', { reason: snapshot.forecast.unavailable });
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
  if ('unavailable' in snapshot.forecast)
    unavailable.push(t('report.unavailable.forecast', { reason: snapshot.forecast.unavailable }));
  if ('error' in coverage) unavailable.push(t('report.unavailable.coverage', { reason: coverage.error }));

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
    thresholds: thresholdTable(snapshot, config, 'error' in coverage ? {} : coverage.ouOf, t, f, name),
    coverage: 'error' in coverage ? null : coverageSection(coverage, byId, t, f),
    asOf: t('common.asOf', {
      date: snapshot.dataThrough ? f.date(snapshot.dataThrough) : '—',
      builtAt: f.dateTime(snapshot.builtAt),
    }),
    link: { url: costExplorerUrl(snapshot.periods.daily), label: t('common.openCostExplorer') },
    footer: t('common.footer', { org: config.organization.id }),
  };
}

function stackedChart(
  snapshot: CostSnapshot,
  t: ReturnType<typeof translator>,
  f: ReturnType<typeof formatter>,
): ReportViewModel['chart'] {
  const days = datesBetween(snapshot.periods.daily.start, snapshot.periods.daily.end);
  const drawn = snapshot.accounts.slice(0, CHART_ACCOUNTS);
  const totals = days.map((d) => sum(snapshot.accounts.map((a) => a.daily[d] ?? 0)));
  const max = Math.max(0, ...totals);
  const px = (v: number) => (max <= 0 ? 0 : Math.round((Math.max(0, v) / max) * CHART_HEIGHT));
  const maxIndex = totals.indexOf(max);
  return {
    heading: t('report.chart', { days: days.length }),
    caption: t('report.chartCaption', {
      amount: f.money(max),
      date: f.date(days[maxIndex] ?? snapshot.periods.daily.start),
    }),
    days: days.map((d, i) => {
      const parts = drawn.map((a) => a.daily[d] ?? 0);
      const others = sum([totals[i] ?? 0, ...parts.map((p) => -p)]);
      // Round the running total, not each part, so that the stack is exactly as tall as the day.
      const values = [...parts, others];
      const colors = [...drawn.map((_, j) => PALETTE[j % PALETTE.length] as string), OTHERS_COLOR];
      let acc = 0;
      let drawnPx = 0;
      const segments = values.map((v, j) => {
        acc += Math.max(0, v);
        const top = px(acc);
        const height = top - drawnPx;
        drawnPx = top;
        return { height, color: colors[j] as string };
      });
      return {
        label: f.dayOfMonth(d),
        title: `${f.date(d)}: ${f.money(totals[i] ?? 0)}`,
        gap: CHART_HEIGHT - drawnPx,
        // Largest account at the bottom: table rows are drawn top-down.
        segments: segments.filter((s) => s.height > 0).reverse(),
      };
    }),
    legend: [
      ...drawn.map((a, j) => ({
        name: singleLine(a.name, 40),
        color: PALETTE[j % PALETTE.length] as string,
      })),
      { name: t('report.others'), color: OTHERS_COLOR },
    ],
  };
}

function thresholdTable(
  snapshot: CostSnapshot,
  config: Config,
  ouOf: Record<string, string>,
  t: ReturnType<typeof translator>,
  f: ReturnType<typeof formatter>,
  name: (a: { id: string; name: string }) => string,
): ReportViewModel['thresholds'] {
  const uses = snapshot.accounts
    .map((a) => {
      const policy = policyFor(config, a.id, ouOf[a.id]);
      return { a, policy, use: (a.monthToDate / policy.critical) * 100 };
    })
    .sort((x, y) => y.use - x.use);
  const level = (u: (typeof uses)[number]) =>
    u.use >= 100
      ? 'critical'
      : u.policy.warning > 0 && u.a.monthToDate >= u.policy.warning
        ? 'warning'
        : 'ok';
  const over = uses.filter((u) => level(u) === 'critical').length;
  const warning = uses.filter((u) => level(u) === 'warning').length;
  const shown = uses.slice(0, Math.max(THRESHOLD_ROWS, Math.min(over + warning, 40)));
  return {
    heading: t('report.thresholds'),
    columns: {
      name: t('report.account'),
      amount: t('alarm.amount'),
      critical: t('report.critical'),
      use: t('report.use'),
    },
    rows: shown.map((u) => {
      const l = level(u);
      return {
        name: name(u.a),
        amount: f.money(u.a.monthToDate),
        critical: f.money(u.policy.critical),
        use: f.percent(u.use),
        color: l === 'critical' ? COLORS.critical : l === 'warning' ? COLORS.warning : '#111827',
        background: l === 'critical' ? COLORS.criticalBg : l === 'warning' ? COLORS.warningBg : '#ffffff',
      };
    }),
    summary: t('report.thresholdSummary', {
      over: f.count(over),
      warning: f.count(warning),
      below: f.count(uses.length - over - warning),
    }),
    more:
      uses.length > shown.length ? t('report.thresholdMore', { count: uses.length - shown.length }) : null,
  };
}

function coverageSection(
  coverage: Coverage,
  byId: Map<string, { name: string }>,
  t: ReturnType<typeof translator>,
  f: ReturnType<typeof formatter>,
): ReportViewModel['coverage'] {
  const pair = (p: { warning: number; critical: number }) => `${f.money(p.warning)} / ${f.money(p.critical)}`;
  const list = <T>(items: T[], row: (i: T) => { name: string; detail: string }) => ({
    rows: items.slice(0, COVERAGE_ROWS).map(row),
    more:
      items.length > COVERAGE_ROWS
        ? t('report.more', { count: f.count(items.length - COVERAGE_ROWS) })
        : null,
  });
  const label = (id: string, fallback: string) =>
    id === '*' ? t('report.drift.stackSetName') : `${singleLine(byId.get(id)?.name ?? fallback, 60)} (${id})`;
  const driftNote = {
    defaults: 'report.drift.defaults',
    override: 'report.drift.override',
    stackSet: 'report.drift.stackSet',
  } as const;
  return {
    heading: t('report.coverage'),
    summary: t('report.coverageSummary', {
      covered: f.count(coverage.covered),
      total: f.count(coverage.activeAccounts),
    }),
    uncovered:
      coverage.uncovered.length > 0
        ? {
            heading: t('report.uncovered'),
            ...list(coverage.uncovered, (u) => ({
              name: label(u.id, u.name),
              detail: u.status
                ? t('report.reason.status', { status: u.status })
                : t('report.reason.noInstance'),
            })),
          }
        : null,
    drifted:
      coverage.drifted.length > 0
        ? {
            heading: t('report.drifted'),
            ...list(coverage.drifted, (d) => ({
              name: label(d.id, d.name),
              detail: t('report.driftRow', {
                expected: pair(d.expected),
                deployed: pair(d.deployed),
                note: t(driftNote[d.kind]),
              }),
            })),
          }
        : null,
    note: coverage.driftCheckLimited
      ? t('report.driftLimited', { count: coverage.driftChecked })
      : coverage.uncovered.length === 0 && coverage.drifted.length === 0
        ? t('report.allCovered')
        : null,
  };
}
