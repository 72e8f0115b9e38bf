import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { COST_ANOMALY_EVENT } from '../../contract/anomaly-events.js';
import { FORWARDER_EVENT_SOURCE, THRESHOLD_CROSSED, THRESHOLD_FORECAST } from '../../contract/billing.js';
import { FAST_BURN_ESTIMATE } from '../../contract/launch-events.js';
import { RUNTIME_ENV } from '../../contract/runtime-env.js';
import { type ChatOutcome, type ChatSenderDeps, type StormCount, sendChat } from '../chat/chat-sender.js';
import { clientTimeouts, type Env, loadRuntimeConfig, requireEnv } from '../runtime/runtime.js';
import { DeliveryLedger } from '../state/delivery-ledger.js';
import { NoiseControl } from '../state/noise.js';
import type { AnomalyDetail } from './anomaly-event.js';
import type { AutomationDetail, AutomationPayload } from './automation-event.js';
import type { FastBurnDetail } from './fast-burn-event.js';
import { payloadOf } from './payload-schema.js';

/** Records of what was published live as long as the delivery ledger's. */
const KEEP_SECONDS = 7 * 24 * 3600;
/** PutEvents takes at most 10 entries per call. */
const PUT_BATCH = 10;
/** How long a claimed put blocks a concurrent duplicate: longer than the puts with their timeouts. */
const EVENTS_LEASE_MS = 60_000;
/** Puts tried at most this often: Lambda's three attempts times the rule's retries, with room. */
const EVENTS_ATTEMPTS = 30;

/** What the publisher did with one destination event. */
export interface PublishOutcome {
  readonly status: 'published' | 'skipped';
  readonly events: number;
  /** Chat channels delivered now, and those an earlier attempt delivered. */
  readonly chat?: ChatOutcome;
  readonly reason?: string;
}

/** What publishing needs: the bus, and (for chat) the configuration, clients and ledger. */
export interface PublisherDeps {
  readonly events: EventBridgeClient;
  readonly busName: string;
  readonly logger: Logger;
  readonly chat?: ChatSenderDeps;
  /** The clock (the system's unless given). */
  readonly now?: () => Date;
}

/** The entries to put for a payload: one per crossing, one per mailed pace notice, one per alert change. */
export function entriesOf(payload: AutomationPayload, busName: string): PutEventsRequestEntry[] {
  const entry = (
    detailType: string,
    detail: AutomationDetail | FastBurnDetail | AnomalyDetail,
  ): PutEventsRequestEntry => ({
    Source: FORWARDER_EVENT_SOURCE,
    DetailType: detailType,
    Detail: JSON.stringify(detail),
    EventBusName: busName,
    Resources: [],
  });
  return [
    ...(payload.crossing ? [entry(THRESHOLD_CROSSED, payload.crossing)] : []),
    ...(payload.forecasts ?? []).map((d) => entry(THRESHOLD_FORECAST, d)),
    ...(payload.alerts ?? []).map((a) => ({
      Source: FORWARDER_EVENT_SOURCE,
      DetailType: a.detailType,
      Detail: JSON.stringify(a.detail),
      EventBusName: busName,
      Resources: [],
    })),
    ...(payload.fastBurn ? [entry(FAST_BURN_ESTIMATE, payload.fastBurn)] : []),
    ...(payload.anomaly ? [entry(COST_ANOMALY_EVENT, payload.anomaly)] : []),
  ];
}

/**
 * Puts the automation events of one successful alarm or report invocation on the billing bus. The
 * alarm and report Lambdas hand their answer over through their success destination, so neither
 * carries an EventBridge client (the alarm Lambda's cold start stays small) and an event goes out
 * only after its email was accepted. A partly failed PutEvents throws: Lambda retries, the
 * dead-letter queue keeps what never went out; consumers deduplicate on `eventId`.
 */
export async function publish(deps: PublisherDeps, event: unknown): Promise<PublishOutcome> {
  const payload = payloadOf(event) ?? {};
  const entries = entriesOf(payload, deps.busName);
  // Chat needs the ledger and the invocation's key: each channel is recorded under it.
  const key = payload.automationKey;
  const chat = deps.chat && key ? (payload.chat ?? []) : [];
  if (entries.length === 0 && chat.length === 0)
    return { status: 'skipped', events: 0, reason: 'nothing to publish' };
  // Events are recorded too, so a retry (say, for a failing webhook) does not put them again.
  const ledger = key ? deps.chat?.ledger : undefined;
  let put = false;
  const putEvents = async () => {
    await putAll(deps, entries);
    put = true;
    return true;
  };
  if (entries.length > 0 && ledger) {
    // Claimed before the put, like a chat post: PutEvents has no idempotency key either, so a
    // concurrent duplicate puts nothing (and is retried); a failed put is tried again (consumers
    // deduplicate on eventId), up to the retries Lambda and the rule give it.
    const now = () => (deps.now?.() ?? new Date()).getTime();
    await ledger.onceClaimed(
      `events#${key}`,
      { now, keepSeconds: KEEP_SECONDS, leaseMs: EVENTS_LEASE_MS, maxAttempts: EVENTS_ATTEMPTS },
      async () => {
        await putEvents();
      },
    );
  } else if (entries.length > 0) await putEvents();
  const storm: StormCount | undefined = payload.alarmMailedAt
    ? {
        mailedAt: payload.alarmMailedAt,
        ...(payload.crossing
          ? {
              reached: {
                accountId: payload.crossing.accountId,
                accountName: payload.crossing.accountName,
                rung: payload.crossing.rung,
              },
            }
          : {}),
      }
    : undefined;
  const sent = deps.chat && key && chat.length > 0 ? await sendChat(deps.chat, key, chat, storm) : undefined;
  deps.logger.info('published', { events: put ? entries.length : 0, chat: sent });
  return { status: 'published', events: put ? entries.length : 0, ...(sent ? { chat: sent } : {}) };
}

async function putAll(deps: PublisherDeps, entries: PutEventsRequestEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += PUT_BATCH) {
    const out = await deps.events.send(new PutEventsCommand({ Entries: entries.slice(i, i + PUT_BATCH) }));
    if ((out.FailedEntryCount ?? 0) > 0) {
      const first = out.Entries?.find((e) => e.ErrorCode);
      throw new Error(
        `PutEvents failed for ${out.FailedEntryCount} entr(ies): ${first?.ErrorCode} ${first?.ErrorMessage}`,
      );
    }
  }
}

/** The publisher Lambda's handler. */
export function createPublisherHandler(env: Env, bundledConfig: URL) {
  const config = loadRuntimeConfig(env, bundledConfig);
  const logger = new Logger();
  const dynamo = new DynamoDBClient({ maxAttempts: 3, ...clientTimeouts(1_000, 2_000) });
  const tableName = requireEnv(env, RUNTIME_ENV.tableName);
  const deps: PublisherDeps = {
    events: new EventBridgeClient({ maxAttempts: 3, ...clientTimeouts(1_000, 3_000) }),
    busName: requireEnv(env, RUNTIME_ENV.busName),
    logger,
    chat: {
      config,
      secrets: new SecretsManagerClient({ maxAttempts: 3, ...clientTimeouts(1_000, 3_000) }),
      sns: new SNSClient({ maxAttempts: 3, ...clientTimeouts(1_000, 3_000) }),
      ledger: new DeliveryLedger(dynamo, tableName),
      noise: new NoiseControl(dynamo, tableName),
      logger,
      now: () => new Date(),
    },
    now: () => new Date(),
  };
  return (event: unknown) => publish(deps, event);
}
