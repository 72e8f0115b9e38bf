// What the alarm email says it lacks: Cost Explorer's figures (and why), cost for an account that
// has none yet, and the account's OU and tags when Organizations could not be read, when they come
// from the organisation copy (and since when), or when no policy was known at all.
import type { AccountFigures } from '../costs/account-figures.js';
import { reasonText, type Translate } from '../email/messages.js';
import type { Result } from '../result.js';
import type { Staleness } from './explain.js';

/** The list of missing details, under its heading. */
export interface MissingSection {
  heading: string;
  items: string[];
}

/** Inputs of {@link missingSection}. */
export interface MissingInput {
  readonly figures: Result<AccountFigures>;
  /** Organizations reads that failed (failure codes). */
  readonly unread?: { readonly ou?: string; readonly tags?: string };
  /** Details taken from the organisation copy (may be stale), or that no policy was known. */
  readonly stale?: Staleness;
}

/** The missing details, or null when nothing is missing. */
export function missingSection(
  input: MissingInput,
  dateTime: (iso: string) => string,
  t: Translate,
): MissingSection | null {
  const missing: string[] = [];
  if (!input.figures.ok)
    missing.push(t('alarm.missing.costs', { reason: reasonText(t, input.figures.reason) }));
  else if (input.figures.value.dataThrough === null) missing.push(t('alarm.missing.account'));
  missing.push(...organisationLines(input, dateTime, t));
  return missing.length > 0 ? { heading: t('alarm.missing'), items: missing } : null;
}

/** What the email says about the account's OU and tags: unread, taken from the copy (and since when), or no policy known. */
function organisationLines(input: MissingInput, dateTime: (iso: string) => string, t: Translate): string[] {
  const { unread, stale } = input;
  const lines: string[] = [];
  if (stale?.unknownPolicy) {
    lines.push(t('alarm.unknownPolicy', { reason: reasonText(t, stale.unknownPolicy) }));
    return lines;
  }
  const said = (d: NonNullable<Staleness['ou']>) => ({
    reason: reasonText(t, d.reason),
    date: dateTime(d.readAt),
    reader: t(`alarm.reader.${d.readBy}`),
  });
  if (stale?.ou)
    lines.push(t('alarm.stale.ou', { ...said(stale.ou), ou: stale.ou.ouId ?? t('alarm.stale.noOu') }));
  else if (unread?.ou) lines.push(t('alarm.missing.ou', { reason: reasonText(t, unread.ou) }));
  if (stale?.tags) lines.push(t('alarm.stale.tags', said(stale.tags)));
  else if (unread?.tags) lines.push(t('alarm.missing.tags', { reason: reasonText(t, unread.tags) }));
  return lines;
}
