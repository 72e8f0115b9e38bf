import { ANOMALY_SOURCE } from '../../contract/anomaly-events.js';
import { CLOUDTRAIL_API_CALL, LAUNCH_SOURCES } from '../../contract/launch-events.js';
import { SES_EVENT_SOURCE } from '../../contract/sending-events.js';
import { fieldsOf } from '../unknown-values.js';

// Which kind of event reached the alarm Lambda, told from the envelope alone. Kept apart from
// each kind's reader (its schema and its path are deferred, `deferred.ts`): the handler routes at
// init's cost of these few lines, not of the readers.

/** Whether an event is one of SES's (EventBridge `source: aws.ses`); nobody else may put that source. */
export function isSendingEvent(event: unknown): boolean {
  return fieldsOf(event).source === SES_EVENT_SOURCE;
}

/** Whether an event is Cost Anomaly Detection's. */
export function isAnomalyEvent(event: unknown): boolean {
  return fieldsOf(event).source === ANOMALY_SOURCE;
}

/** Whether an event is a CloudTrail API call from one of the launch services (fast burn). */
export function isLaunchEvent(event: unknown): boolean {
  const fields = fieldsOf(event);
  return (
    fields['detail-type'] === CLOUDTRAIL_API_CALL &&
    typeof fields.source === 'string' &&
    LAUNCH_SOURCES.includes(fields.source)
  );
}
