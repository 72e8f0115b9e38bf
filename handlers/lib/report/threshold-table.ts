import type { Config } from '../../contract/config/schema.js';
import { policyFor } from '../../contract/config/thresholds.js';
import { isTwoTierLadder, rungBand, thresholdOf, usedRungs } from '../../contract/ladder.js';
import { addDays, daysBetween } from '../costs/periods.js';
import type { CostSnapshot } from '../costs/snapshot-schema.js';
import type { Formatter } from '../email/format.js';
import type { Translate } from '../email/messages.js';
import { rungLabel } from '../email/rung-label.js';

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
    /** A ladder's highest rung reached ("reached 120% ($4,800)"); null for the two-rung ladder. */
    reached: string | null;
    /** When this month's average pace reaches each higher rung ("reaches 150% around Nov 23"); null when none does. */
    pace: string | null;
    use: string;
    color: string;
    background: string;
  }[];
  /** What the row colours mean. */
  readonly legend: { name: string; color: string; background: string }[];
  readonly summary: string;
  readonly more: string | null;
}

/**
 * Each account's use of its top rung (the critical threshold of a two-rung ladder), highest first,
 * rows shaded by the band of the highest rung reached; a ladder's rows also name that rung and when
 * this month's average pace reaches each higher one.
 */
export function thresholdTable(
  snapshot: CostSnapshot,
  config: Config,
  ouOf: Record<string, string>,
  t: Translate,
  f: Formatter,
  name: (a: { id: string; name: string }) => string,
): ThresholdSection {
  const { periods } = snapshot;
  const days = daysBetween(periods.current.start, periods.current.end);
  const uses = snapshot.accounts
    .map((a) => {
      const policy = policyFor(config, a.id, ouOf[a.id]);
      const rungs = usedRungs(policy.ladder);
      const top = rungs.at(-1)?.threshold ?? 0;
      const reached = rungs.filter((r) => a.current >= r.threshold).at(-1);
      return { a, policy, rungs, reached, use: top > 0 ? (a.current / top) * 100 : 0 };
    })
    .sort((x, y) => y.use - x.use);
  const level = (u: (typeof uses)[number]) => (u.reached ? rungBand(u.reached.name, u.policy.ladder) : 'ok');
  // The day each higher rung is reached at this month's average daily pace, if within the month.
  const paceText = (u: (typeof uses)[number]): string | null => {
    if (periods.mode !== 'monthToDate' || days <= 0 || u.a.current <= 0) return null;
    const rate = u.a.current / days;
    const ahead = u.rungs
      .filter((r) => r.threshold > u.a.current)
      .map((r) => ({ r, day: addDays(periods.current.start, Math.ceil(r.threshold / rate) - 1) }))
      .filter(({ day }) => day < periods.month.end);
    return ahead.length > 0
      ? ahead
          .map(({ r, day }) => t('report.rungPace', { rung: rungLabel(r.name, t), date: f.date(day) }))
          .join(', ')
      : null;
  };
  const over = uses.filter((u) => level(u) === 'critical').length;
  const warning = uses.filter((u) => level(u) === 'warning').length;
  const shown = uses.slice(0, Math.max(THRESHOLD_ROWS, Math.min(over + warning, 40)));
  return {
    heading: t('report.thresholds'),
    columns: {
      name: t('report.account'),
      amount: t('report.amount'),
      // Two-tier rows show warning and critical; as soon as a shown row is a ladder, its rungs and top rung.
      tiers: shown.every((u) => isTwoTierLadder(u.policy.ladder)) ? t('report.tiers') : t('report.rungs'),
      use: t('report.use'),
    },
    rows: shown.map((u) => {
      const twoTier = isTwoTierLadder(u.policy.ladder);
      const top = u.rungs.at(-1);
      const warning = thresholdOf(u.policy.ladder, 'warning');
      const reached = twoTier
        ? null
        : u.reached
          ? t('report.rungReached', {
              rung: rungLabel(u.reached.name, t),
              amount: f.money(u.reached.threshold),
            })
          : t('report.rungNone');
      const pace = twoTier ? null : paceText(u);
      const useOf = t('report.useOf', {
        amount: f.money(u.a.current),
        critical: f.money(top?.threshold ?? 0),
      });
      return {
        name: name(u.a),
        amount: f.money(u.a.current),
        text: [useOf, reached, pace].filter((x) => x !== null).join('; '),
        warning: twoTier
          ? warning > 0
            ? f.money(warning)
            : t('report.noWarning')
          : u.rungs.map((r) => rungLabel(r.name, t)).join(' · '),
        critical: twoTier
          ? f.money(top?.threshold ?? 0)
          : `${rungLabel(top?.name ?? '', t)} ${f.money(top?.threshold ?? 0)}`,
        reached,
        pace,
        use: f.percent(u.use),
        ...BANDS[level(u)],
      };
    }),
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
