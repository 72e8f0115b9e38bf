import { createHash } from 'node:crypto';
import type { ChatAnswer, ChatMessage } from './chat-message.js';
import { defuseLinks } from './markdown.js';

/**
 * Amazon Q renders client-markdown in each platform's own dialect (Slack's mrkdwn, Teams'
 * Markdown), and neither escapes the other's way: text from names and reasons has its link,
 * mention and emphasis characters replaced by look-alikes, so it can neither link nor ping. An
 * underscore inside a word (`prod_payments`) stays: neither dialect emphasises within a word.
 */
export function neutralize(text: string): string {
  return defuseLinks(text)
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/\[/g, '⁅')
    .replace(/\]/g, '⁆')
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '＿')
    .replace(/[*~`]/g, (c) => ({ '*': '∗', '~': '∼', '`': 'ˋ' })[c] ?? c);
}

/**
 * A custom notification for Amazon Q Developer in chat applications, published to the SNS topic
 * its channel subscribes to: version "1.0", source "custom", client-markdown content, an id of its
 * own, and a thread id per account and month so that one account's alerts thread.
 */
export function amazonQPayload(m: ChatMessage) {
  const facts = m.facts.map((f) => `*${neutralize(f.label)}:* ${neutralize(f.value)}`);
  const sections = m.sections.map((s) =>
    [`*${neutralize(s.heading)}*`, ...s.lines.map((l) => `• ${neutralize(l)}`)].join('\n'),
  );
  return {
    version: '1.0',
    source: 'custom',
    // A unique event identifier per notification (the docs' word), the same for a retry of it;
    // the thread stays in metadata.threadId.
    id: `${m.threadId}-${createHash('sha256').update(JSON.stringify(m)).digest('hex').slice(0, 16)}`,
    content: {
      textType: 'client-markdown',
      title: neutralize(m.title),
      // The answers' links last, never cut: the facts and lists give way to them within 8,000 characters.
      description: withAnswers([...facts, '', ...sections].join('\n'), m.answers ?? []),
      // A bare URL links itself in both dialects.
      nextSteps: [`${neutralize(m.link.label)}: ${m.link.url}`],
      keywords: m.keywords,
    },
    metadata: {
      threadId: m.threadId,
      summary: neutralize(m.summary),
      eventType: 'BillingAlarm',
      relatedResources: [],
      additionalContext: {},
    },
  };
}

/** Amazon Q's description limit as this tool keeps it. */
const DESCRIPTION_MAX = 8000;

/** The description with one line per answer (`label: URL`; a bare URL links itself in both dialects). */
function withAnswers(text: string, answers: readonly ChatAnswer[]): string {
  if (answers.length === 0) return text.slice(0, DESCRIPTION_MAX);
  const links = ['', ...answers.map((a) => `${neutralize(a.label)}: ${a.url}`)].join('\n');
  return `${text.slice(0, Math.max(0, DESCRIPTION_MAX - links.length))}${links}`;
}
