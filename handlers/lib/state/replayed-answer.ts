// What a replay answers: a delivery already done hands back its first outcome instead of sending.

import type { DeliveryOutcome } from './delivery-records.js';

/**
 * What a replay of a finished delivery answers: the first delivery's outcome, where a mailed one
 * is a `duplicate` unless this is the same invocation retrying (then it is still `sent`).
 */
export function replayedAnswer(outcome: DeliveryOutcome, owner: string, requestId: string) {
  const status = outcome.status === 'sent' && owner !== requestId ? ('duplicate' as const) : outcome.status;
  return {
    status,
    ...(outcome.reason ? { reason: outcome.reason } : {}),
    recipients: outcome.recipients,
    ...(outcome.subject ? { subject: outcome.subject } : {}),
    messageIds: outcome.messageIds,
    costExplorerRequests: 0,
  };
}
