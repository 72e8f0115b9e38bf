import { type Formatter, singleLine } from '../email/format.js';
import type { Translate } from '../email/messages.js';
import { rungLabel } from '../email/rung-label.js';
import type { PaceAlert } from './pace.js';

/** Rows of the pace list at most. */
export const PACE_ROWS = 10;

/** Accounts on pace to cross a rung this month. */
export interface PaceSection {
  readonly heading: string;
  readonly rows: { name: string; detail: string }[];
  readonly more: string | null;
  /** How the pace is computed, in words. */
  readonly method: string;
}

/** The report's list of accounts on pace, largest overshoot first. */
export function paceSection(alerts: readonly PaceAlert[], t: Translate, f: Formatter): PaceSection | null {
  if (alerts.length === 0) return null;
  return {
    heading: t('report.pace'),
    rows: alerts.slice(0, PACE_ROWS).map((a) => ({
      name: `${singleLine(a.accountName, 60)} (${a.accountId})`,
      detail: t('report.paceRow', {
        tier: rungLabel(a.rung, t).toLowerCase(),
        threshold: f.money(a.threshold),
        mtd: f.money(a.monthToDate),
        forecast: f.money(a.forecast),
        crossesOn: f.date(a.crossesOn),
      }),
    })),
    more: alerts.length > PACE_ROWS ? t('report.more', { count: alerts.length - PACE_ROWS }) : null,
    method: t('report.paceMethod'),
  };
}
