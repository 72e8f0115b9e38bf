import type { AlertAction } from '../../contract/alert-lifecycle.js';
import { type ActionKeys, MAX_TOKEN_SECONDS, signActionToken } from '../actions/action-token.js';
import type { Translate } from '../email/messages.js';
import { toError } from '../result.js';

/** One answer: its label, the signed page's URL, and the action and token it carries (chat buttons). */
export interface AnswerLink {
  readonly label: string;
  readonly url: string;
  readonly action: AlertAction;
  /** The signed token (also in the URL): a Slack button's value. */
  readonly token: string;
}

/** The alert email's answer links (acknowledge, snooze, planned), or why there are none. */
export interface AlertLinks {
  readonly heading: string;
  readonly links: readonly AnswerLink[];
  readonly note: string;
}

/** Where links point and what signs them: the action page's base URL and the signing keys. */
export interface AlertLinkSource {
  /** The function URL (or `serve`'s address); links are `<base>/a/<account>/<rung>?t=<token>`. */
  readonly baseUrl: string;
  readonly keys: () => Promise<ActionKeys>;
}

/** What the links are about and how they are worded. */
export interface AlertLinkInput {
  readonly accountId: string;
  readonly rung: string;
  /** A snooze or plan may last at most this long (`lifecycle.maxSnoozeDays`). */
  readonly maxSnoozeDays: number;
  readonly now: Date;
  readonly t: Translate;
  /** Formats the links' expiry for the reader. */
  readonly dateTime: (iso: string) => string;
}

/**
 * Signed links for one account and rung, each valid for 7 days and once: acknowledge, snooze a day,
 * snooze a week and planned for a week (both capped at `maxSnoozeDays`, so the page never refuses
 * what the email offered). The URL holds the account, the rung and the token: no address, no secret.
 */
export function alertLinks(baseUrl: string, keys: ActionKeys, input: AlertLinkInput): AlertLinks {
  const { t } = input;
  const days = Math.min(7, input.maxSnoozeDays);
  const offers: { action: AlertAction; hours?: number; label: string }[] = [
    { action: 'ack', label: t('alarm.actions.ack') },
    { action: 'snooze', hours: 24, label: t('alarm.actions.snoozeDay') },
    ...(days > 1
      ? [{ action: 'snooze' as const, hours: days * 24, label: t('alarm.actions.snoozeWeek', { days }) }]
      : []),
    { action: 'plan', hours: days * 24, label: t('alarm.actions.plan', { count: days }) },
  ];
  const base = baseUrl.replace(/\/+$/, '');
  const path = `${base}/a/${input.accountId}/${encodeURIComponent(input.rung)}`;
  const links = offers.map((o) => {
    const token = signActionToken(
      {
        accountId: input.accountId,
        rung: input.rung,
        action: o.action,
        ...(o.hours ? { hours: o.hours } : {}),
      },
      keys,
      input.now,
    );
    return { label: o.label, url: `${path}?t=${encodeURIComponent(token)}`, action: o.action, token };
  });
  const expires = new Date(input.now.getTime() + MAX_TOKEN_SECONDS * 1000).toISOString();
  return {
    heading: t('alarm.actions.heading'),
    links,
    note: t('alarm.actions.note', { date: input.dateTime(expires) }),
  };
}

/**
 * The links for an alarm email, best effort: when the signing key cannot be read the email goes
 * out without links and says so (the alert can still be answered from the command line).
 */
export async function answerLinks(
  source: AlertLinkSource,
  input: AlertLinkInput,
  warn: (message: string, detail: Record<string, unknown>) => void,
): Promise<AlertLinks> {
  try {
    return alertLinks(source.baseUrl, await source.keys(), input);
  } catch (err) {
    warn('action links left out: the signing key could not be read', { error: toError(err).message });
    return {
      heading: input.t('alarm.actions.heading'),
      links: [],
      note: input.t('alarm.actions.unavailable'),
    };
  }
}
