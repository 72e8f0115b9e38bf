import type { ReconciledLine } from '../analysis/estimate-reconciliation.js';
import { type Formatter, singleLine } from '../email/format.js';
import { reasonText, type Translate } from '../email/messages.js';
import { ESTIMATES_PER_DAY } from '../state/estimate-log.js';
import { type ReportReconciliation, TOO_MANY_ESTIMATES } from './report-reconciliation.js';

/** Rows of the section at most, largest estimates first. */
export const RECONCILE_ROWS = 10;

/** Fast-burn estimates against the EC2 usage Cost Explorer billed since (issue 19). */
export interface ReconciliationSection {
  readonly heading: string;
  /** "p5.48xlarge × 2 in us-east-1, prod-payments (210000000001)": `name` holds the id for `withIdParts`. */
  readonly rows: { name: string; detail: string }[];
  readonly more: string | null;
  /** Why nothing could be reconciled (the table or Cost Explorer failing, the bounds). */
  readonly unavailable: string | null;
  /** What the figures are: sources, currency, the lag, the assumption. */
  readonly notes: string[];
}

/**
 * The report's "Fast-burn estimates against billing" section: null without estimates (no request
 * was made); otherwise each account's instance type with its estimate and what was billed, or
 * "awaiting billing data" — never a billed zero for days Cost Explorer does not have yet.
 */
export function reconciliationSection(
  r: ReportReconciliation,
  names: ReadonlyMap<string, string>,
  context: { readonly t: Translate; readonly f: Formatter; readonly metric: string },
): ReconciliationSection | null {
  const { t, f } = context;
  const heading = t('report.reconcile');
  const currency = r.estimates[0]?.currency ?? f.currency;
  const notes = [
    t('report.reconcileNote', { currency, metric: context.metric, unit: r.unit ?? currency }),
    ...(r.dropped > 0 ? [t('report.reconcileDropped', { count: r.dropped, max: ESTIMATES_PER_DAY })] : []),
  ];
  if (!r.lines.ok) {
    const reason =
      r.lines.reason === TOO_MANY_ESTIMATES ? t('report.reconcileTooMany') : reasonText(t, r.lines.reason);
    return {
      heading,
      rows: [],
      more: null,
      unavailable: t('report.reconcileUnavailable', { reason }),
      notes,
    };
  }
  if (r.lines.value.length === 0 && r.dropped === 0) return null;
  const sorted = [...r.lines.value].sort((a, b) => b.hourly - a.hourly);
  const rows = sorted.slice(0, RECONCILE_ROWS).map((line) => {
    const account = `${singleLine(names.get(line.accountId) ?? line.accountId, 60)} (${line.accountId})`;
    return {
      name: t('report.reconcileLine', { type: line.type, count: line.count, region: line.region, account }),
      detail: lineDetail(line, { currency, unit: r.unit ?? currency }, t, f),
    };
  });
  const left = sorted.length - rows.length;
  return {
    heading,
    rows,
    more: left > 0 ? t('report.more', { count: left }) : null,
    unavailable: null,
    notes,
  };
}

/** One line's estimate against its billed figure, or that billing data is awaited. */
function lineDetail(
  line: ReconciledLine,
  labels: { currency: string; unit: string },
  t: Translate,
  f: Formatter,
): string {
  const launched = {
    time: f.dateTime(line.firstAt),
    hourly: f.money(line.hourly),
    currency: labels.currency,
  };
  const launches =
    line.launches > 1
      ? `${t('report.reconcileLaunches', { count: line.launches, alerted: line.alerted })} `
      : '';
  if (line.status === 'awaiting' || !line.days || line.estimated === undefined || line.billed === undefined)
    return launches + t('report.reconcileAwaiting', launched);
  const verdict =
    line.verdict === 'over'
      ? t('report.reconcileOver')
      : line.verdict === 'under'
        ? t('report.reconcileUnder')
        : line.verdict === 'close'
          ? t('report.reconcileClose')
          : '—';
  const parts = [
    launches +
      t('report.reconcileBilled', {
        ...launched,
        hourly: f.money(line.comparedHourly ?? line.hourly),
        billed: f.money(line.billed),
        unit: labels.unit,
        usageType: line.usageType,
        start: f.date(line.days.start),
        end: f.date(line.days.end),
        estimated: f.money(line.estimated),
        ratio: line.ratio === undefined ? '—' : line.ratio.toFixed(2),
        verdict,
      }),
    ...(line.status === 'partial' ? [t('report.reconcilePartial', { end: f.date(line.days.end) })] : []),
    ...(line.later > 0 ? [t('report.reconcileLater', { count: line.later })] : []),
  ];
  return parts.join('; ');
}
