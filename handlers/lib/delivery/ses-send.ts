import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DELIVERY_TAG } from '../../contract/sending-events.js';
import { singleLine } from '../email/format.js';
import { toError } from '../result.js';
import { fieldsOf } from '../unknown-values.js';

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

/** How SES answered one SendEmail. */
export type SendOutcome =
  | { kind: 'accepted'; messageId: string }
  | { kind: 'throttled' | 'refused' | 'unknown'; error: Error };

/** One SendEmail of one batch, classified by what SES may have done with it. */
export async function sendOnce(
  ses: SESv2Client,
  email: OutgoingEmail,
  batch: string[],
  tag: string | undefined,
  signal: AbortSignal | undefined,
): Promise<SendOutcome> {
  const tags = [
    ...Object.entries(email.tags ?? {}).map(([Name, Value]) => ({ Name, Value })),
    ...(tag ? [{ Name: DELIVERY_TAG, Value: tag }] : []),
  ];
  try {
    const out = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: email.from,
        Destination: { ToAddresses: batch },
        Content: {
          Simple: {
            // Subjects are headers: one line, no control, format or bidi characters.
            Subject: { Data: singleLine(email.subject, 250), Charset: 'UTF-8' },
            Body: {
              Html: { Data: email.html, Charset: 'UTF-8' },
              Text: { Data: email.text, Charset: 'UTF-8' },
            },
          },
        },
        ...(email.configurationSetName ? { ConfigurationSetName: email.configurationSetName } : {}),
        ...(tags.length > 0 ? { EmailTags: tags } : {}),
      }),
      signal ? { abortSignal: signal } : {},
    );
    if (!out.MessageId) return { kind: 'unknown', error: new Error('SES answered without a MessageId') };
    return { kind: 'accepted', messageId: out.MessageId };
  } catch (thrown) {
    const error = toError(thrown);
    const code = fieldsOf(fieldsOf(thrown).$metadata).httpStatusCode;
    const status = typeof code === 'number' ? code : undefined;
    if (status === 429 || /TooManyRequests|Throttl/.test(error.name)) return { kind: 'throttled', error };
    // A 4xx is SES refusing the message: nothing was accepted. Anything else may have been.
    if (status !== undefined && status >= 400 && status < 500) return { kind: 'refused', error };
    return { kind: 'unknown', error };
  }
}

export function describeError(err: Error): string {
  return `${err.name}${err.message ? `: ${err.message.split('\n')[0]}` : ''}`;
}
