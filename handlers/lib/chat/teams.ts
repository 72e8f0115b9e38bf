import type { ChatMessage } from './chat-message.js';
import { markdownEscape } from './markdown.js';

/**
 * A Teams Workflows webhook message: one Adaptive Card 1.5 — the title, the facts as a FactSet,
 * one block per list, a button to the details. Text is Markdown-escaped (FactSet and TextBlock
 * render a Markdown subset).
 */
export function teamsPayload(m: ChatMessage) {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.5',
          msteams: { width: 'Full' },
          body: [
            {
              type: 'TextBlock',
              text: markdownEscape(m.title),
              weight: 'Bolder',
              size: 'Medium',
              wrap: true,
              style: 'heading',
            },
            ...(m.facts.length > 0
              ? [
                  {
                    type: 'FactSet',
                    facts: m.facts.map((f) => ({
                      title: markdownEscape(f.label),
                      value: markdownEscape(f.value),
                    })),
                  },
                ]
              : []),
            ...m.sections.flatMap((s) => [
              {
                type: 'TextBlock',
                text: markdownEscape(s.heading),
                weight: 'Bolder',
                wrap: true,
                spacing: 'Medium',
              },
              {
                type: 'TextBlock',
                text: s.lines.map((l) => `- ${markdownEscape(l)}`).join('\n'),
                wrap: true,
              },
            ]),
          ],
          actions: [{ type: 'Action.OpenUrl', title: m.link.label, url: m.link.url }],
        },
      },
    ],
  };
}
