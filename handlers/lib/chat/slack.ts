import type { ChatAnswer, ChatMessage } from './chat-message.js';
import { defuseLinks } from './markdown.js';

/** Slack's limits: header text 150 characters, section text 3,000, a field 2,000, 10 fields. */
const HEADER_MAX = 150;
const TEXT_MAX = 3000;
const FIELD_MAX = 2000;

/**
 * Slack's own escaping (`&`, `<` and `>` become entities: all Slack documents), and no bare URL,
 * domain or address left to link. mrkdwn has no escape for `*`, `_`, `~` or a backtick, so those
 * may still style a name; they cannot link or mention.
 */
export function slackEscape(text: string): string {
  return defuseLinks(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Slack's `action_id` of the n-th answer button (`billing-alert:<action>:<n>`: unique within the message). */
export function slackActionId(action: ChatAnswer['action'], n: number): string {
  return `billing-alert:${action}:${n}`;
}

/**
 * An answer as a Block Kit button: with the Slack app's interactivity configured, a button whose
 * `value` is the signed token (the click comes back to the action function URL, signed by Slack);
 * otherwise a link to the signed page. The token holds no secret and no address.
 */
function answerButton(a: ChatAnswer, n: number, interactive: boolean) {
  const text = { type: 'plain_text', text: cut(a.label, 75) };
  return interactive
    ? { type: 'button', action_id: slackActionId(a.action, n), text, value: a.token }
    : { type: 'button', action_id: `billing-alert-link:${n}`, text, url: a.url };
}

/**
 * An incoming-webhook message in Block Kit: a header, the facts as fields, one section per list,
 * the answers (acknowledge, snooze, planned) and a button to the details — and a plain `text`
 * fallback for notifications and old clients.
 */
export function slackPayload(m: ChatMessage, options: { readonly interactive?: boolean } = {}) {
  return {
    text: cut(slackEscape(m.summary), TEXT_MAX),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: cut(m.title, HEADER_MAX), emoji: false } },
      ...(m.facts.length > 0
        ? [
            {
              type: 'section',
              fields: m.facts.slice(0, 10).map((f) => ({
                type: 'mrkdwn',
                text: cut(`*${slackEscape(f.label)}*\n${slackEscape(f.value)}`, FIELD_MAX),
                // No automatic parsing: plain text never becomes a link, a channel or a mention.
                verbatim: true,
              })),
            },
          ]
        : []),
      ...m.sections.map((s) => ({
        type: 'section',
        text: {
          type: 'mrkdwn',
          verbatim: true,
          text: cut(
            `*${slackEscape(s.heading)}*\n${s.lines.map((l) => `• ${slackEscape(l)}`).join('\n')}`,
            TEXT_MAX,
          ),
        },
      })),
      {
        type: 'actions',
        elements: [
          ...(m.answers ?? []).map((a, n) => answerButton(a, n, options.interactive === true)),
          { type: 'button', text: { type: 'plain_text', text: cut(m.link.label, 75) }, url: m.link.url },
        ],
      },
    ],
  };
}
