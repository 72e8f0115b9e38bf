/** Lines per section in chat: a chat message points to the email and Cost Explorer, it does not replace them. */
export const CHAT_LINES = 5;

import type { AlertAction } from '../../contract/alert-lifecycle.js';

/** An answer a chat message offers (acknowledge, snooze, planned): the signed page and its token. */
export interface ChatAnswer {
  readonly label: string;
  /** The signed action page (Teams, Amazon Q, and Slack without interactivity link to it). */
  readonly url: string;
  readonly action: AlertAction;
  /** The signed token: a Slack button's `value` when the Slack app's interactivity is configured. */
  readonly token: string;
}

/** What a chat message says, before any channel's format: taken from the email's view-model. */
export interface ChatMessage {
  readonly title: string;
  /** One line: the email's subject. */
  readonly summary: string;
  readonly facts: { label: string; value: string }[];
  readonly sections: { heading: string; lines: string[] }[];
  readonly link: { url: string; label: string };
  /** Answers to the alert, signed (alarm messages with the action page configured). @default - none */
  readonly answers?: readonly ChatAnswer[];
  readonly color: string;
  /** Messages about one account and month share a thread (Amazon Q). */
  readonly threadId: string;
  readonly keywords: string[];
}
