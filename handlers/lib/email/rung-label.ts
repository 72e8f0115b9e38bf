import { isDailyRung, isTwoTierName } from '../../contract/ladder.js';
import type { Translate } from './messages.js';

/**
 * A rung as the reader sees it: the two-tier names in the reader's language (`Warning`,
 * `Critical`), a percentage as written (`120%`), an amount rung as its amount (`1500`), the
 * daily-rate alarm as such (`Daily rate`).
 */
export function rungLabel(name: string, t: Translate): string {
  if (isDailyRung(name)) return t('tier.daily');
  return isTwoTierName(name) ? t(`tier.${name}`) : name;
}
