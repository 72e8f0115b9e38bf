// The alarm email's notes below the top block: the state changes not mailed since its last email,
// the alarm's name and description, the account owner's note, and what first spend adds
// (`first-spend-line.ts`).
import type { AccountPolicy } from '../../contract/config/thresholds.js';
import type { Translate } from '../email/messages.js';
import type { BillingAlarm } from './alarm-event.js';
import type { Fact } from './summary-section.js';

/** State changes of an alarm since its last email, which were not mailed. */
export interface ChangesSince {
  count: number;
  /** When the last email went (epoch milliseconds). */
  since: number;
  /** How long the alarm waits before mailing the same state again. */
  hours: number;
}

/** Inputs of {@link alarmNotes}. */
export interface NotesInput {
  readonly alarm: BillingAlarm;
  readonly policy: AccountPolicy;
  readonly changesSince?: ChangesSince;
  /** Notes of other parts (first spend), placed last. */
  readonly more: Fact[];
  readonly dateTime: (iso: string) => string;
  readonly t: Translate;
}

/** The notes, in the email's order. */
export function alarmNotes(input: NotesInput): Fact[] {
  const { alarm, policy, changesSince, t } = input;
  return [
    ...(changesSince
      ? [
          {
            label: t('alarm.changesLabel'),
            value: t('alarm.changesSince', {
              count: changesSince.count,
              date: input.dateTime(new Date(changesSince.since).toISOString()),
              hours: changesSince.hours,
            }),
          },
        ]
      : []),
    { label: t('alarm.name'), value: alarm.alarmName },
    ...(alarm.description ? [{ label: t('alarm.description'), value: alarm.description }] : []),
    ...(policy.description ? [{ label: t('alarm.ownerNote'), value: policy.description }] : []),
    ...input.more,
  ];
}
