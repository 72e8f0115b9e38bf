import { ANOMALY_FEEDBACK, ANOMALY_ID_MAX } from '../handlers/contract/anomaly-events.js';
import { CeError } from './cost-explorer-wire.js';

/**
 * ProvideAnomalyFeedback as the API reference states it: `AnomalyId` (required, a string of at most
 * 1,024 characters) and `Feedback` (required, `YES | NO | PLANNED_ACTIVITY`); the answer is
 * `{ AnomalyId }`. The reference lists only `LimitExceededException` among its errors (no error for
 * an id it does not know), so any id is taken; a missing or malformed field is the common
 * `ValidationException`. The answers are kept per anomaly id for the tests to read.
 */
export function provideAnomalyFeedback(
  given: Map<string, string>,
  input: Record<string, unknown>,
): { AnomalyId: string } {
  const id = input.AnomalyId;
  const feedback = input.Feedback;
  if (typeof id !== 'string' || id.length > ANOMALY_ID_MAX)
    throw new CeError(
      'ValidationException',
      `AnomalyId must be a string of at most ${ANOMALY_ID_MAX} characters`,
    );
  if (typeof feedback !== 'string' || !(ANOMALY_FEEDBACK as readonly string[]).includes(feedback))
    throw new CeError(
      'ValidationException',
      `1 validation error detected: Value '${String(feedback)}' at 'feedback' failed to satisfy constraint: Member must satisfy enum value set: [${ANOMALY_FEEDBACK.join(', ')}]`,
    );
  given.set(id, feedback);
  return { AnomalyId: id };
}
