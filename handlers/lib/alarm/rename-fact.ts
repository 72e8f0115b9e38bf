// The line saying the account was renamed since the organisation copy was read, placed right after
// the account in the alarm email's top block.
import { singleLine } from '../email/format.js';
import type { Translate } from '../email/messages.js';
import type { Fact } from './summary-section.js';

/** The summary facts with, right after the account, the line saying it was renamed since the copy was read. */
export function withRename(
  renamedFrom: { readonly name: string; readonly readAt: string } | undefined,
  name: string,
  dateTime: (iso: string) => string,
  t: Translate,
  facts: Fact[],
): Fact[] {
  if (!renamedFrom || !name) return facts;
  const renamed = {
    label: t('alarm.renamedLabel'),
    value: t('alarm.renamed', {
      old: singleLine(renamedFrom.name, 80),
      name,
      date: dateTime(renamedFrom.readAt),
    }),
  };
  return [...facts.slice(0, 1), renamed, ...facts.slice(1)];
}
