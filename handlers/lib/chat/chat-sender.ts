import type { Logger } from '@aws-lambda-powertools/logger';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Config } from '../../contract/config/schema.js';
import { toError } from '../result.js';
import type { DeliveryLedger } from '../state/delivery-ledger.js';
import { hourOf, type NoiseControl } from '../state/noise.js';
import { type ChatDelivery, chatDeliveries } from './chat-deliveries.js';
import { chatDigestMessage, type ReachedAlarm } from './chat-digest.js';

/** Delivery records of chat messages live as long as the email's. */
const KEEP_SECONDS = 7 * 24 * 3600;
/** A webhook that does not answer in this time failed (the publisher retries). */
const WEBHOOK_TIMEOUT_MS = 5_000;

/** What sending needs. */
export interface ChatSenderDeps {
  readonly config: Config;
  readonly secrets: SecretsManagerClient;
  readonly sns: SNSClient;
  readonly ledger: DeliveryLedger;
  /** Each channel's hourly cap of alarm posts. */
  readonly noise: NoiseControl;
  readonly logger: Logger;
  /** The clock; the publisher's is the system's. */
  readonly now: () => Date;
}

/** A chat delivery that failed; the others went out or were already out. */
export class ChatDeliveryError extends Error {
  override readonly name = 'ChatDeliveryError';
}

const webhookUrls = new Map<string, Promise<string>>();

async function webhookUrl(deps: ChatSenderDeps, secretArn: string): Promise<string> {
  let url = webhookUrls.get(secretArn);
  if (!url) {
    url = deps.secrets.send(new GetSecretValueCommand({ SecretId: secretArn })).then((out) => {
      const value = (out.SecretString ?? '').trim();
      if (!/^https?:\/\//.test(value))
        throw new ChatDeliveryError(`secret ${secretArn} does not hold a webhook URL`);
      return value;
    });
    webhookUrls.set(secretArn, url);
    url.catch(() => webhookUrls.delete(secretArn));
  }
  return url;
}

/** How long a claimed post blocks a concurrent duplicate: longer than a post with its timeouts. */
const CLAIM_LEASE_MS = 60_000;

/** An alarm's posts count toward each channel's hourly cap (`chat.maxPostsPerChannelPerHour`). */
export interface StormCount {
  /** When the alarm was mailed (ISO): the clock hour it counts in. */
  readonly mailedAt: string;
  /** The alarm, named in the digest if its post is the one past the cap. */
  readonly reached?: ReachedAlarm;
}

/** What became of each channel. */
export interface ChatOutcome {
  /** Posted now. */
  readonly sent: string[];
  /** Posted by an earlier attempt. */
  readonly already: string[];
  /** Past the hour's cap: the channel got the storm digest now. */
  readonly digest?: string[];
  /** Past the hour's cap and the digest already out: nothing posted. */
  readonly quieted?: string[];
}

/**
 * Sends each channel's message once: every channel is its own delivery in the ledger
 * (`chat#<key>#<channel>`), so a retry skips the channels that went out and never touches the
 * email. An alarm's post (`storm` given) first takes its place in the channel's hourly count; past
 * `chat.maxPostsPerChannelPerHour` the channel gets the hour's storm digest once
 * (`chat#digest#<hour>#<channel>`) and nothing after it. Webhook URLs come from Secrets Manager;
 * Amazon Q messages go to its SNS topic. Every channel is tried; if any failed, one error names
 * them all (Lambda retries, then the dead-letter queue keeps the event).
 */
export async function sendChat(
  deps: ChatSenderDeps,
  key: string,
  deliveries: readonly ChatDelivery[],
  storm?: StormCount,
): Promise<ChatOutcome> {
  const sent: string[] = [];
  const already: string[] = [];
  const digest: string[] = [];
  const quieted: string[] = [];
  const failed: string[] = [];
  const mailedAt = storm ? Date.parse(storm.mailedAt) : Number.NaN;
  for (const d of deliveries) {
    try {
      const over =
        storm !== undefined &&
        !Number.isNaN(mailedAt) &&
        !(await deps.noise.withinChannelCap(
          d.channel,
          key,
          deps.config.chat.maxPostsPerChannelPerHour,
          mailedAt,
          deps.now().getTime(),
        ));
      if (over) {
        const hour = hourOf(mailedAt);
        const message = chatDigestMessage(deps.config, `${hour}:00:00Z`, storm.reached);
        const payload = chatDeliveries(deps.config, [d.channel], message)[0]?.payload ?? d.payload;
        const done = await postOnce(deps, `chat#digest#${hour}#${d.channel}`, d.channel, payload);
        (done === 'already' ? quieted : digest).push(d.channel);
      } else {
        const done = await postOnce(deps, `chat#${key}#${d.channel}`, d.channel, d.payload);
        (done === 'already' ? already : sent).push(d.channel);
      }
    } catch (err) {
      deps.logger.warn('chat delivery failed', { channel: d.channel, error: toError(err) });
      failed.push(`${d.channel} (${toError(err).message})`);
    }
  }
  if (failed.length > 0) throw new ChatDeliveryError(`chat not delivered to ${failed.join(', ')}`);
  return {
    sent,
    already,
    ...(digest.length > 0 ? { digest } : {}),
    ...(quieted.length > 0 ? { quieted } : {}),
  };
}

/**
 * One post under a ledger key, claimed before it is sent: a webhook has no idempotency key, so a
 * concurrent duplicate must post nothing; a failed post may be tried once more (logged: the
 * webhook may have accepted it), never a third time.
 */
function postOnce(
  deps: ChatSenderDeps,
  ledgerKey: string,
  channelName: string,
  payload: unknown,
): Promise<'done' | 'already'> {
  const channel = deps.config.chat.channels.find((c) => c.name === channelName);
  return deps.ledger.onceClaimed(
    ledgerKey,
    {
      now: () => deps.now().getTime(),
      keepSeconds: KEEP_SECONDS,
      leaseMs: CLAIM_LEASE_MS,
      maxAttempts: 2,
      onRetry: (attempt) =>
        deps.logger.warn('chat post tried again: the first attempt may have been accepted', {
          channel: channelName,
          attempt,
          key: ledgerKey,
        }),
    },
    async () => {
      if (!channel) throw new ChatDeliveryError(`channel ${channelName} is not configured`);
      await post(deps, channel, payload);
    },
  );
}

/** Posts one payload to its channel: Amazon Q through its SNS topic, Slack and Teams to their webhook. */
async function post(
  deps: ChatSenderDeps,
  channel: Config['chat']['channels'][number],
  payload: unknown,
): Promise<void> {
  if (channel.type === 'amazonQ') {
    await deps.sns.send(new PublishCommand({ TopicArn: channel.topicArn, Message: JSON.stringify(payload) }));
    return;
  }
  const url = await webhookUrl(deps, channel.webhookSecretArn ?? '');
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
  });
  if (!res.ok) throw new ChatDeliveryError(`${channel.type} webhook answered ${res.status}`);
}
