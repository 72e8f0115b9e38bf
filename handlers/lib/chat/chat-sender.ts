import type { Logger } from '@aws-lambda-powertools/logger';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Config } from '../../contract/config/schema.js';
import { toError } from '../result.js';
import type { DeliveryLedger } from '../state/delivery-ledger.js';
import type { ChatDelivery } from './chat-deliveries.js';

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

/**
 * Sends each channel's message once: every channel is its own delivery in the ledger
 * (`chat#<key>#<channel>`), so a retry skips the channels that went out and never touches the
 * email. Webhook URLs come from Secrets Manager; Amazon Q messages go to its SNS topic. Every
 * channel is tried; if any failed, one error names them all (Lambda retries, then the dead-letter
 * queue keeps the event).
 */
/** How long a claimed post blocks a concurrent duplicate: longer than a post with its timeouts. */
const CLAIM_LEASE_MS = 60_000;

export async function sendChat(
  deps: ChatSenderDeps,
  key: string,
  deliveries: readonly ChatDelivery[],
): Promise<{ sent: string[]; already: string[] }> {
  const sent: string[] = [];
  const already: string[] = [];
  const failed: string[] = [];
  for (const d of deliveries) {
    const channel = deps.config.chat.channels.find((c) => c.name === d.channel);
    try {
      // Claimed before the post: a webhook has no idempotency key, so a concurrent duplicate must
      // post nothing; a failed post may be tried once more (logged: it may have been accepted).
      const done = await deps.ledger.onceClaimed(
        `chat#${key}#${d.channel}`,
        {
          now: () => deps.now().getTime(),
          keepSeconds: KEEP_SECONDS,
          leaseMs: CLAIM_LEASE_MS,
          maxAttempts: 2,
          onRetry: (attempt) =>
            deps.logger.warn('chat post tried again: the first attempt may have been accepted', {
              channel: d.channel,
              attempt,
            }),
        },
        async () => {
          if (!channel) throw new ChatDeliveryError(`channel ${d.channel} is not configured`);
          await post(deps, channel, d.payload);
        },
      );
      (done === 'already' ? already : sent).push(d.channel);
    } catch (err) {
      deps.logger.warn('chat delivery failed', { channel: d.channel, error: toError(err) });
      failed.push(`${d.channel} (${toError(err).message})`);
    }
  }
  if (failed.length > 0) throw new ChatDeliveryError(`chat not delivered to ${failed.join(', ')}`);
  return { sent, already };
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
