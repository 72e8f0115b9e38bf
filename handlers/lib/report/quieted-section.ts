import type { Config } from '../../contract/config/schema.js';
import { singleLine } from '../email/format.js';
import type { Translate } from '../email/messages.js';
import { rungLabel } from '../email/rung-label.js';
import type { QuietedAlarm } from '../state/noise.js';

/** Rows of the quieted list at most. */
export const QUIETED_ROWS = 10;

/** Alarm state changes that were counted, not mailed, in the last day. */
export interface QuietedSection {
  readonly heading: string;
  readonly rows: { name: string; detail: string }[];
  readonly note: string;
}

/** Lists the alarms whose state changes were not mailed (re-alert window, hourly cap), most first. */
export function quietedSection(
  quieted: readonly QuietedAlarm[],
  names: Map<string, string>,
  config: Config,
  t: Translate,
): QuietedSection | null {
  if (quieted.length === 0) return null;
  return {
    heading: t('report.quieted'),
    rows: quieted.slice(0, QUIETED_ROWS).map((q) => ({
      name: `${singleLine(names.get(q.accountId) ?? q.accountId, 60)} (${q.accountId})`,
      detail: t('report.quietedRow', {
        count: q.count,
        tier: rungLabel(q.rung, t).toLowerCase(),
      }),
    })),
    note: t('report.quietedNote', {
      hours: config.email.realertAfterHours,
      cap: config.email.maxAlarmEmailsPerHour,
    }),
  };
}
