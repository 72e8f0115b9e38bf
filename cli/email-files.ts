import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredEmail } from '../local/ses.js';
import type { HandlerAnswer } from './run-lines.js';

/**
 * Writes one email as `<name>.html`, `<name>.txt` and `<name>.json` (subject, recipients and the
 * view-model, or null) and returns the three paths.
 */
export function writeEmailFiles(dir: string, name: string, email: StoredEmail, viewModel: unknown): string[] {
  const file = (ext: string) => join(dir, `${name}.${ext}`);
  const [html, text, json] = [file('html'), file('txt'), file('json')];
  writeFileSync(html, email.body.html ?? '');
  writeFileSync(text, email.body.text ?? '');
  writeFileSync(
    json,
    `${JSON.stringify({ subject: email.subject, to: email.destination.to, viewModel: viewModel ?? null }, null, 2)}\n`,
  );
  return [html, text, json];
}

const CHAT_FILES = { slack: 'slack', teams: 'teams', amazonQ: 'q' } as const;

/** Writes each chat format's payload beside the email: `<name>.slack.json`, `.teams.json`, `.q.json`. */
export function writeChatFiles(
  dir: string,
  name: string,
  chat: NonNullable<HandlerAnswer['chat']>,
): string[] {
  const seen = new Set<string>();
  return chat.flatMap((c) => {
    if (seen.has(c.type)) return [];
    seen.add(c.type);
    const file = join(dir, `${name}.${CHAT_FILES[c.type]}.json`);
    writeFileSync(file, `${JSON.stringify(c.payload, null, 2)}\n`);
    return [file];
  });
}
