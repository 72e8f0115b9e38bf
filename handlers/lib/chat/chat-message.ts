/** Lines per section in chat: a chat message points to the email and Cost Explorer, it does not replace them. */
export const CHAT_LINES = 5;

/** What a chat message says, before any channel's format: taken from the email's view-model. */
export interface ChatMessage {
  readonly title: string;
  /** One line: the email's subject. */
  readonly summary: string;
  readonly facts: { label: string; value: string }[];
  readonly sections: { heading: string; lines: string[] }[];
  readonly link: { url: string; label: string };
  readonly color: string;
  /** Messages about one account and month share a thread (Amazon Q). */
  readonly threadId: string;
  readonly keywords: string[];
}
