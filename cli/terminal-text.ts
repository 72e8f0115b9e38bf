import { singleLine } from '../handlers/lib/email/format.js';

/** Names (accounts, OUs) printed by the command line are cut to this many characters. */
export const NAME_WIDTH = 60;
/** Reasons, tag values and notes are cut to this many characters. */
export const TEXT_WIDTH = 160;

/**
 * A name, tag or reason from AWS or the organisation as one harmless line: control, format and
 * bidi characters gone, line breaks and tabs made spaces, cut to `max` characters with "…". An
 * account name can then neither move the cursor (ANSI, OSC), reorder the line (bidi) nor forge a
 * line of its own ("Plan: 0 account(s)").
 */
export function terminalText(text: string, max = TEXT_WIDTH): string {
  return singleLine(text, max);
}

/** Every character a terminal would act on rather than show: C0 but tab and newline, DEL, C1, format and bidi characters, line and paragraph separators. */
const ACTIVE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

/**
 * The last guard before a line reaches the terminal: whatever escaped the per-field cleaning is
 * shown as a visible `\u{…}` escape instead of acting. JSON stays valid (`\u001b` becomes the same
 * character's JSON escape), and text keeps its own line breaks.
 */
export function escapeForTerminal(text: string): string {
  return text.replace(ACTIVE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
