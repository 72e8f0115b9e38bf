import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { FORWARDER_EVENT_SOURCE } from '../../contract/billing.js';
import { type AlertChange, alertEventOf } from '../state/alert-lifecycle.js';

/** PutEvents takes at most 10 entries per call. */
const PUT_BATCH = 10;

/**
 * Puts each alert change's lifecycle event on the billing bus (the action page and the command
 * line; the alarm Lambda hands its changes to the publisher instead). A refused entry throws:
 * the change is recorded, and consumers deduplicate on `eventId` if it is put again.
 */
export async function putAlertEvents(
  events: EventBridgeClient,
  busName: string,
  changes: readonly AlertChange[],
): Promise<void> {
  const entries = changes.map((c) => {
    const { detailType, detail } = alertEventOf(c);
    return {
      Source: FORWARDER_EVENT_SOURCE,
      DetailType: detailType,
      Detail: JSON.stringify(detail),
      EventBusName: busName,
    };
  });
  for (let i = 0; i < entries.length; i += PUT_BATCH) {
    const out = await events.send(new PutEventsCommand({ Entries: entries.slice(i, i + PUT_BATCH) }));
    if ((out.FailedEntryCount ?? 0) > 0)
      throw new Error(
        `PutEvents refused ${out.FailedEntryCount} lifecycle event(s): ${out.Entries?.find((e) => e.ErrorCode)?.ErrorCode}`,
      );
  }
}
