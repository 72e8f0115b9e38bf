import type { Config } from '../../contract/config/schema.js';
import { amazonQPayload } from './amazon-q.js';
import type { ChatMessage } from './chat-message.js';
import { slackPayload } from './slack.js';
import { teamsPayload } from './teams.js';

/** A chat channel's kind. */
export type ChatType = Config['chat']['channels'][number]['type'];

/** One message for one channel, rendered in its format. */
export interface ChatDelivery {
  readonly channel: string;
  readonly type: ChatType;
  readonly payload: unknown;
}

/** The channels of an account's alarms: the central ones, its OU's and its own, each once. */
export function alarmChannels(config: Config, accountId: string, ouId?: string): string[] {
  const ou = ouId ? config.thresholds.organizationalUnits.find((o) => o.id === ouId) : undefined;
  const own = config.thresholds.accounts.find((a) => a.id === accountId);
  return [...new Set([...config.chat.central, ...(ou?.chatChannels ?? []), ...(own?.chatChannels ?? [])])];
}

const RENDER: Record<ChatType, (m: ChatMessage, config: Config) => unknown> = {
  // Answer buttons come back to the action function URL only when the Slack app's signing secret is configured.
  slack: (m, config) => slackPayload(m, { interactive: config.chat.slackSigningSecretArn !== undefined }),
  teams: teamsPayload,
  amazonQ: amazonQPayload,
};

/** The message rendered once per format, for each named channel that exists. */
export function chatDeliveries(
  config: Config,
  names: readonly string[],
  message: ChatMessage,
): ChatDelivery[] {
  const rendered = new Map<ChatType, unknown>();
  return names.flatMap((name) => {
    const channel = config.chat.channels.find((c) => c.name === name);
    if (!channel) return [];
    if (!rendered.has(channel.type)) rendered.set(channel.type, RENDER[channel.type](message, config));
    return [{ channel: name, type: channel.type, payload: rendered.get(channel.type) }];
  });
}
