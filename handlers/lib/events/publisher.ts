import { Logger } from '@aws-lambda-powertools/logger';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { FORWARDER_EVENT_SOURCE, THRESHOLD_CROSSED, THRESHOLD_FORECAST } from '../../contract/billing.js';
import { RUNTIME_ENV } from '../../contract/runtime-env.js';
import { clientTimeouts, type Env, requireEnv } from '../runtime.js';
import type { AutomationDetail, AutomationPayload } from './automation-event.js';

/** PutEvents takes at most 10 entries per call. */
const PUT_BATCH = 10;

/** What the publisher did with one destination event. */
export interface PublishOutcome {
  readonly status: 'published' | 'skipped';
  readonly events: number;
  readonly reason?: string;
}

/** The automation payload in a Lambda success-destination event (`detail.responsePayload`). */
export function payloadOf(event: unknown): AutomationPayload | undefined {
  const detail = (event as { detail?: { responsePayload?: unknown } } | null)?.detail;
  const payload = detail?.responsePayload as (AutomationPayload & { status?: string }) | undefined;
  if (!payload || typeof payload !== 'object') return undefined;
  return payload;
}

/** The entries to put for a payload: one per crossing, one per mailed pace notice. */
export function entriesOf(payload: AutomationPayload, busName: string): PutEventsRequestEntry[] {
  const entry = (detailType: string, detail: AutomationDetail): PutEventsRequestEntry => ({
    Source: FORWARDER_EVENT_SOURCE,
    DetailType: detailType,
    Detail: JSON.stringify(detail),
    EventBusName: busName,
    Resources: [],
  });
  return [
    ...(payload.crossing ? [entry(THRESHOLD_CROSSED, payload.crossing)] : []),
    ...(payload.forecasts ?? []).map((d) => entry(THRESHOLD_FORECAST, d)),
  ];
}

/**
 * Puts the automation events of one successful alarm or report invocation on the billing bus. The
 * alarm and report Lambdas hand their answer over through their success destination, so neither
 * carries an EventBridge client (the alarm Lambda's cold start stays small) and an event goes out
 * only after its email was accepted. A partly failed PutEvents throws: Lambda retries, the
 * dead-letter queue keeps what never went out; consumers deduplicate on `eventId`.
 */
export async function publish(
  deps: { events: EventBridgeClient; busName: string; logger: Logger },
  event: unknown,
): Promise<PublishOutcome> {
  const payload = payloadOf(event);
  const entries = payload ? entriesOf(payload, deps.busName) : [];
  if (entries.length === 0) return { status: 'skipped', events: 0, reason: 'nothing to publish' };
  for (let i = 0; i < entries.length; i += PUT_BATCH) {
    const out = await deps.events.send(new PutEventsCommand({ Entries: entries.slice(i, i + PUT_BATCH) }));
    if ((out.FailedEntryCount ?? 0) > 0) {
      const first = out.Entries?.find((e) => e.ErrorCode);
      throw new Error(
        `PutEvents failed for ${out.FailedEntryCount} entr(ies): ${first?.ErrorCode} ${first?.ErrorMessage}`,
      );
    }
  }
  deps.logger.info('automation events published', { count: entries.length });
  return { status: 'published', events: entries.length };
}

/** The publisher Lambda's handler. */
export function createPublisherHandler(env: Env) {
  const deps = {
    events: new EventBridgeClient({ maxAttempts: 3, ...clientTimeouts(1_000, 3_000) }),
    busName: requireEnv(env, RUNTIME_ENV.busName),
    logger: new Logger(),
  };
  return (event: unknown) => publish(deps, event);
}
