import { addDays } from '../costs/periods.js';
import { type Formatter, singleLine } from '../email/format.js';
import { reasonText, type Translate } from '../email/messages.js';
import { type FirstSpendCheck, TOO_MANY_GROUPS } from '../state/first-spend-store.js';

/** Rows of the "New this week" list at most. */
export const NEW_SPEND_ROWS = 10;

/** Services and Regions with spend this week in an account that had none in the 90 days before. */
export interface NewSpendSection {
  readonly heading: string;
  /** "Amazon Bedrock in ml-research (210000000005), $412.00": `name` holds the id for `withIdParts`. */
  readonly rows: { name: string }[];
  /** "…and 3 more", when the list is cut. */
  readonly more: string | null;
  /** The days compared, or why the check was not made. */
  readonly note: string;
}

/**
 * The report's "New this week" section: null when the check found nothing; the reason when it
 * could not be made (so a missing section never reads as "nothing new").
 */
export function newSpendSection(
  check: FirstSpendCheck,
  names: ReadonlyMap<string, string>,
  t: Translate,
  f: Formatter,
): NewSpendSection | null {
  const heading = t('report.newSpend');
  const days = {
    start: f.date(check.week.start),
    // Cost Explorer's end is exclusive: the last day counted is the one before.
    end: f.date(addDays(check.week.end, -1)),
    since: f.date(check.lookback.start),
  };
  const { outcome } = check;
  if (!outcome.ok) {
    const reason =
      outcome.reason === TOO_MANY_GROUPS ? t('report.newSpendTooLarge') : reasonText(t, outcome.reason);
    return { heading, rows: [], more: null, note: t('report.newSpendUnavailable', { reason }) };
  }
  if (outcome.entries.length === 0) return null;
  const rows = outcome.entries.slice(0, NEW_SPEND_ROWS).map((e) => {
    const account = `${singleLine(names.get(e.accountId) ?? e.accountId, 60)} (${e.accountId})`;
    const values = { name: singleLine(e.name, 80), account, amount: f.money(e.amount) };
    return {
      name: e.kind === 'service' ? t('report.newSpendService', values) : t('report.newSpendRegion', values),
    };
  });
  const left = outcome.entries.length - rows.length + outcome.more;
  return {
    heading,
    rows,
    more: left > 0 ? t('report.more', { count: left }) : null,
    note: t('report.newSpendNote', days),
  };
}
