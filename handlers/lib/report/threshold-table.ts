import type { Config } from '../../contract/config/schema.js';
import { policyFor } from '../../contract/config/thresholds.js';
import type { CostSnapshot } from '../costs/snapshot-schema.js';
import type { Formatter } from '../email/format.js';
import type { Translate } from '../email/messages.js';

/** Rows of the threshold table at least (more when more accounts are above their warning tier). */
export const THRESHOLD_ROWS = 15;

/** Row colours by band, each decoded in the legend. */
const BANDS = {
  critical: { color: '#991b1b', background: '#fee2e2' },
  warning: { color: '#92400e', background: '#fef3c7' },
  ok: { color: '#111827', background: '#ffffff' },
} as const;

/** Each account's spend against its warning and critical thresholds. */
export interface ThresholdSection {
  readonly heading: string;
  readonly columns: { name: string; amount: string; tiers: string; use: string };
  readonly rows: {
    name: string;
    amount: string;
    /** "$X of $Y" in the reader's words, for the plain-text part. */
    text: string;
    warning: string;
    critical: string;
    use: string;
    color: string;
    background: string;
  }[];
  /** What the row colours mean. */
  readonly legend: { name: string; color: string; background: string }[];
  readonly summary: string;
  readonly more: string | null;
}

/** Each account's use of its critical threshold, highest first, rows shaded by the tier they are over. */
export function thresholdTable(
  snapshot: CostSnapshot,
  config: Config,
  ouOf: Record<string, string>,
  t: Translate,
  f: Formatter,
  name: (a: { id: string; name: string }) => string,
): ThresholdSection {
  const uses = snapshot.accounts
    .map((a) => {
      const policy = policyFor(config, a.id, ouOf[a.id]);
      return { a, policy, use: (a.current / policy.critical) * 100 };
    })
    .sort((x, y) => y.use - x.use);
  const level = (u: (typeof uses)[number]) =>
    u.use >= 100 ? 'critical' : u.policy.warning > 0 && u.a.current >= u.policy.warning ? 'warning' : 'ok';
  const over = uses.filter((u) => level(u) === 'critical').length;
  const warning = uses.filter((u) => level(u) === 'warning').length;
  const shown = uses.slice(0, Math.max(THRESHOLD_ROWS, Math.min(over + warning, 40)));
  return {
    heading: t('report.thresholds'),
    columns: {
      name: t('report.account'),
      amount: t('report.amount'),
      tiers: t('report.tiers'),
      use: t('report.use'),
    },
    rows: shown.map((u) => ({
      name: name(u.a),
      amount: f.money(u.a.current),
      text: t('report.useOf', { amount: f.money(u.a.current), critical: f.money(u.policy.critical) }),
      warning: u.policy.warning > 0 ? f.money(u.policy.warning) : t('report.noWarning'),
      critical: f.money(u.policy.critical),
      use: f.percent(u.use),
      ...BANDS[level(u)],
    })),
    legend: [
      { name: t('report.legendCritical'), ...BANDS.critical },
      { name: t('report.legendWarning'), ...BANDS.warning },
      { name: t('report.legendBelow'), ...BANDS.ok },
    ],
    summary: t('report.thresholdSummary', { over, warning, below: uses.length - over - warning }),
    more:
      uses.length > shown.length ? t('report.thresholdMore', { count: uses.length - shown.length }) : null,
  };
}
