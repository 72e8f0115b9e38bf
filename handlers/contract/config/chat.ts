import * as z from 'zod';
import type { ConfigIssue } from './config-issue.js';
import { strict } from './strict-object.js';

/** A Secrets Manager secret's ARN. */
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;

const chatChannel = strict({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1–40 lowercase letters, digits or "-"'),
  type: z.enum(['slack', 'teams', 'amazonQ']),
  /** Slack and Teams: the Secrets Manager secret whose SecretString is the webhook URL. */
  webhookSecretArn: z.string().regex(SECRET_ARN, 'must be a Secrets Manager secret ARN').optional(),
  /**
   * The customer-managed KMS key that encrypts the webhook secret or the Amazon Q topic, if any:
   * the publisher may then use it (kms:Decrypt for the secret; kms:GenerateDataKey* and kms:Decrypt
   * to publish to an encrypted topic). AWS-managed keys need nothing.
   */
  kmsKeyArn: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[a-f0-9-]{36}$/,
      'must be a KMS key ARN such as "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"',
    )
    .optional(),
  /** Amazon Q Developer in chat applications: the SNS topic its channel subscribes to. */
  topicArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, 'must be an SNS topic ARN')
    .optional(),
});

/** `chat:` — chat channels (Slack, Teams, Amazon Q) and which of them get every alarm and the report. */
export const chatSection = strict({
  channels: z.array(chatChannel).max(20).default([]),
  central: z.array(z.string()).max(10).default([]),
  /**
   * Alarm posts per channel per hour before the channel gets one storm digest instead (the chat
   * counterpart of `email.maxAlarmEmailsPerHour`); further alarms that hour are not posted there.
   */
  maxPostsPerChannelPerHour: z.number().int().min(1).max(1000).default(10),
  /**
   * The Slack app's signing secret (Secrets Manager secret ARN, SecretString = the secret): with
   * it, Slack alarm messages carry Acknowledge / Snooze / Planned buttons, and the action
   * function URL verifies Slack's interactivity requests at `<url>/slack/actions` with it.
   */
  slackSigningSecretArn: z
    .string()
    .regex(
      SECRET_ARN,
      "must be a Secrets Manager secret ARN (the Slack app's signing secret, from its Basic Information page)",
    )
    .optional(),
}).default({ channels: [], central: [], maxPostsPerChannelPerHour: 10 });

/** The scopes whose `chatChannels` name channels of the `chat:` section. */
interface ChannelReferences {
  readonly organizationalUnits: readonly { readonly chatChannels: readonly string[] }[];
  readonly accounts: readonly { readonly chatChannels: readonly string[] }[];
}

/**
 * What is wrong with the channels: a name listed twice, a channel without what its type needs
 * (the SNS topic for Amazon Q, the webhook secret otherwise), a name `chat.central` or a scope's
 * `chatChannels` gives that no channel has.
 */
export function channelIssues(chat: z.output<typeof chatSection>, scopes: ChannelReferences): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const channelNames = new Set<string>();
  chat.channels.forEach((c, i) => {
    if (channelNames.has(c.name))
      issues.push({ path: ['chat', 'channels', i, 'name'], message: `duplicate channel ${c.name}` });
    channelNames.add(c.name);
    if (c.type === 'amazonQ' && !c.topicArn)
      issues.push({
        path: ['chat', 'channels', i, 'topicArn'],
        message: 'an amazonQ channel needs the SNS topicArn its Amazon Q channel subscribes to',
      });
    if (c.type !== 'amazonQ' && !c.webhookSecretArn)
      issues.push({
        path: ['chat', 'channels', i, 'webhookSecretArn'],
        message: `a ${c.type} channel needs webhookSecretArn: a Secrets Manager secret holding the webhook URL`,
      });
  });
  const references: { path: (string | number)[]; names: readonly string[] }[] = [
    { path: ['chat', 'central'], names: chat.central },
    ...scopes.organizationalUnits.map((o, i) => ({
      path: ['thresholds', 'organizationalUnits', i, 'chatChannels'],
      names: o.chatChannels,
    })),
    ...scopes.accounts.map((a, i) => ({
      path: ['thresholds', 'accounts', i, 'chatChannels'],
      names: a.chatChannels,
    })),
  ];
  for (const { path, names } of references) {
    for (const name of names) {
      if (!channelNames.has(name))
        issues.push({
          path,
          message: `${name} is not a channel in chat.channels (${[...channelNames].join(', ') || 'none configured'})`,
        });
    }
  }
  return issues;
}
