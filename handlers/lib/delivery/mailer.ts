import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { toError } from '../result.js';

/** SES v2 takes at most 50 recipients per message (To, CC and BCC together). */
export const MAX_RECIPIENTS_PER_MESSAGE = 50;

/** Sending failed after the SDK's retries; the handler lets it out so Lambda retries. */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
}

/** One email to send. */
export interface OutgoingEmail {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly configurationSetName?: string;
  /** Tags for SES event publishing (bounces, complaints) by kind of email. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Recipients without duplicates (case-insensitive), in first-seen order. */
export function uniqueRecipients(...lists: readonly (readonly string[])[]): string[] {
  const seen = new Map<string, string>();
  for (const address of lists.flat()) {
    const key = address.trim().toLowerCase();
    if (key && !seen.has(key)) seen.set(key, address.trim());
  }
  return [...seen.values()];
}

/** Splits recipients into groups SES accepts in one message. */
export function recipientBatches(recipients: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < recipients.length; i += MAX_RECIPIENTS_PER_MESSAGE) {
    out.push(recipients.slice(i, i + MAX_RECIPIENTS_PER_MESSAGE));
  }
  return out;
}

/** Sends one email as one SES message per 50 recipients; returns the message ids. */
export async function sendEmail(ses: SESv2Client, email: OutgoingEmail): Promise<string[]> {
  if (email.to.length === 0) throw new DeliveryError('no recipients: configure email.centralRecipients');
  const ids: string[] = [];
  for (const batch of recipientBatches(email.to)) {
    try {
      const out = await ses.send(
        new SendEmailCommand({
          FromEmailAddress: email.from,
          Destination: { ToAddresses: batch },
          Content: {
            Simple: {
              Subject: { Data: email.subject, Charset: 'UTF-8' },
              Body: {
                Html: { Data: email.html, Charset: 'UTF-8' },
                Text: { Data: email.text, Charset: 'UTF-8' },
              },
            },
          },
          ...(email.configurationSetName ? { ConfigurationSetName: email.configurationSetName } : {}),
          ...(email.tags
            ? { EmailTags: Object.entries(email.tags).map(([Name, Value]) => ({ Name, Value })) }
            : {}),
        }),
      );
      if (out.MessageId) ids.push(out.MessageId);
    } catch (err) {
      const e = toError(err);
      throw new DeliveryError(
        `SES SendEmail failed for ${batch.length} recipient(s): ${e.name}: ${e.message}`,
        {
          cause: err,
        },
      );
    }
  }
  return ids;
}
