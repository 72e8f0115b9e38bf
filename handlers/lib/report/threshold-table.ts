import type { Config } from '../../contract/config/schema.js';
import { policyFor } from '../../contract/config/thresholds.js';
import type { CostSnapshot } from '../costs/snapshot-schema.js';
import type { Formatter } from '../email/format.js';
import type { Translate } from '../email/messages.js';

/** Rows of the threshold table at least (more when more accounts are above their warning tier). */
export const THRESHOLD_ROWS = 15;

const COLORS = { critical: '#b91c1c', warning: '#b45309', criticalBg: '#fee2e2', warningBg: '#fef3c7' };

/** Each account's month to date against its critical threshold. */
export interface ThresholdSection {
  readonly heading: string;
  readonly columns: { name: string; amount: string; critical: string; use: string };
  readonly rows: {
    name: string;
    amount: string;
    critical: string;
    use: string;
    color: string;
    background: string;
  }[];
  readonly summary: string;
  readonly more: string | null;
}

/** Each account's use of its critical threshold, highest first, accounts above their warning tier highlighted. */
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
