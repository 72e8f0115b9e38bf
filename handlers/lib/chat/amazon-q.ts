import type { ChatMessage } from './chat-message.js';
import { markdownEscape } from './markdown.js';

/**
 * A custom notification for Amazon Q Developer in chat applications, published to the SNS topic
 * its channel subscribes to: version "1.0", source "custom", client-markdown content, and a
 * thread id per account and month so that one account's alerts thread.
 */
export function amazonQPayload(m: ChatMessage) {
  const facts = m.facts.map((f) => `*${markdownEscape(f.label)}:* ${markdownEscape(f.value)}`);
  const sections = m.sections.map((s) =>
    [`*${markdownEscape(s.heading)}*`, ...s.lines.map((l) => `• ${markdownEscape(l)}`)].join('\n'),
  );
  return {
    version: '1.0',
    source: 'custom',
    content: {
      textType: 'client-markdown',
      title: markdownEscape(m.title),
      description: [...facts, '', ...sections].join('\n').slice(0, 8000),
      nextSteps: [`<${m.link.url}|${markdownEscape(m.link.label)}>`],
      keywords: m.keywords,
    },
    metadata: {
      threadId: m.threadId,
      summary: markdownEscape(m.summary),
      eventType: 'BillingAlarm',
      relatedResources: [],
      additionalContext: {},
    },
  };
}
