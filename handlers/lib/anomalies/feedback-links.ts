import type { AnomalyFeedback } from '../../contract/anomaly-events.js';
import { type ActionKeys, MAX_TOKEN_SECONDS } from '../actions/action-token.js';
import { LINKED_ANOMALY_ID_MAX, signFeedbackToken } from '../actions/feedback-token.js';
import type { Translate } from '../email/messages.js';
import { toError } from '../result.js';
import type { FeedbackLinks } from './anomaly-notice.js';

/** Where feedback links point and what signs them: the action page's base URL and the signing keys. */
export interface FeedbackLinkSource {
  readonly baseUrl: string;
  readonly keys: () => Promise<ActionKeys>;
}

/** The three answers, in the order the email offers them. */
const OFFERS: readonly {
  feedback: AnomalyFeedback;
  label: 'anomaly.actions.planned' | 'anomaly.actions.notAnomaly' | 'anomaly.actions.real';
}[] = [
  { feedback: 'PLANNED_ACTIVITY', label: 'anomaly.actions.planned' },
  { feedback: 'NO', label: 'anomaly.actions.notAnomaly' },
  { feedback: 'YES', label: 'anomaly.actions.real' },
];

/**
 * Signed links `<base>/f/<account>?t=<token>` for "expected (planned)", "not an anomaly" and "real
 * anomaly", each valid 7 days and once. Best effort: without the key (or for an id too long for a
 * link) the email goes out without links and says why.
 */
export async function feedbackLinks(
  source: FeedbackLinkSource | undefined,
  input: { accountId: string; anomalyId: string; now: Date; t: Translate; dateTime: (iso: string) => string },
  warn: (message: string, detail: Record<string, unknown>) => void,
): Promise<FeedbackLinks> {
  const { t } = input;
  const none = (note: string): FeedbackLinks => ({ heading: t('anomaly.actions.heading'), links: [], note });
  if (!source) return none(t('anomaly.actions.unavailable'));
  if (input.anomalyId.length > LINKED_ANOMALY_ID_MAX) return none(t('anomaly.actions.longId'));
  let keys: ActionKeys;
  try {
    keys = await source.keys();
  } catch (err) {
    warn('feedback links left out: the signing key could not be read', { error: toError(err).message });
    return none(t('anomaly.actions.unavailable'));
  }
  const base = `${source.baseUrl.replace(/\/+$/, '')}/f/${input.accountId}`;
  const links = OFFERS.map((o) => ({
    label: t(o.label),
    url: `${base}?t=${encodeURIComponent(signFeedbackToken({ accountId: input.accountId, anomalyId: input.anomalyId, feedback: o.feedback }, keys, input.now))}`,
  }));
  const expires = new Date(input.now.getTime() + MAX_TOKEN_SECONDS * 1000).toISOString();
  return {
    heading: t('anomaly.actions.heading'),
    links,
    note: t('anomaly.actions.note', { date: input.dateTime(expires) }),
  };
}
