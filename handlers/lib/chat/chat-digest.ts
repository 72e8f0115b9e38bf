import type { Config } from '../../contract/config/schema.js';
import { costExplorerUrl, formatter, nameText } from '../email/format.js';
import { translator } from '../email/messages.js';
import { rungLabel } from '../email/rung-label.js';
import type { ChatMessage } from './chat-message.js';

/** The alarm whose post went past a channel's cap. */
export interface ReachedAlarm {
  readonly accountId: string;
  readonly accountName: string | null;
  /** The rung it crossed (`warning`, `critical`, `120%`…). */
  readonly rung: string;
}

/**
 * The one post a channel gets in place of its alarm posts past `chat.maxPostsPerChannelPerHour`
 * within a clock hour (the chat counterpart of the email digest): the hour, the alarm that reached
 * the limit, what happens to the rest (mailed, not posted here; the next report shows every account
 * over its thresholds), and a
 * link to Cost Explorer for the day. `hourStart` is the hour's first instant (ISO).
 */
export function chatDigestMessage(config: Config, hourStart: string, reached?: ReachedAlarm): ChatMessage {
  const t = translator(config.locale);
  const f = formatter(config.locale, config.currency, config.timeZone, config.displayCurrency);
  const cap = config.chat.maxPostsPerChannelPerHour;
  const day = hourStart.slice(0, 10);
  return {
    title: t('chatDigest.headline', { cap }),
    summary: t('chatDigest.subject', { cap }),
    facts: [
      { label: t('chatDigest.hourLabel'), value: f.dateTime(hourStart) },
      ...(reached
        ? [
            {
              label: t('chatDigest.alarmLabel'),
              value: t('chatDigest.alarm', {
                account: nameText(reached.accountName ?? reached.accountId),
                accountId: reached.accountId,
                tier: rungLabel(reached.rung, t),
              }),
            },
          ]
        : []),
    ],
    sections: [{ heading: t('chatDigest.heading'), lines: [t('chatDigest.mailed'), t('chatDigest.report')] }],
    link: { url: costExplorerUrl({ start: day, end: day }), label: t('digest.link') },
    color: '#b91c1c',
    threadId: `billing-alarm-storm-${hourStart.slice(0, 13)}`,
    keywords: ['billing', 'alarm', 'storm'],
  };
}
