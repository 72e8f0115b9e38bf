import type { ChatMessage } from './chat-message.js';
import { teamsText } from './markdown.js';

/**
 * A Teams Workflows webhook message: one Adaptive Card 1.5 — the title, the facts as a FactSet,
 * one block per list, a button per answer to the signed action page and one to the details. TextBlock and Fact text is Markdown to Teams, so
 * it is escaped only where Markdown would read it as markup (`teamsText`).
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
              text: teamsText(m.title),
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
                      title: teamsText(f.label),
                      value: teamsText(f.value),
                    })),
                  },
                ]
              : []),
            ...m.sections.flatMap((s) => [
              {
                type: 'TextBlock',
                text: teamsText(s.heading),
                weight: 'Bolder',
                wrap: true,
                spacing: 'Medium',
              },
              {
                type: 'TextBlock',
                text: s.lines.map((l) => `- ${teamsText(l)}`).join('\n'),
                wrap: true,
              },
            ]),
          ],
          // The answers open the signed action page (GET shows, its form confirms), then the details.
          actions: [
            ...(m.answers ?? []).map((a) => ({ type: 'Action.OpenUrl', title: a.label, url: a.url })),
            { type: 'Action.OpenUrl', title: m.link.label, url: m.link.url },
          ],
        },
      },
    ],
  };
}
