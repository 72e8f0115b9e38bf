import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredEmail } from '../local/ses.js';

/** Writes `sent.jsonl`: one line per message SES accepted (its id, recipients and subject). */
export function writeSentLog(outDir: string, sent: readonly StoredEmail[]): void {
  const file = join(outDir, 'sent.jsonl');
  writeFileSync(file, '');
  for (const e of sent) {
    appendFileSync(
      file,
      `${JSON.stringify({ messageId: e.messageId, to: e.destination.to, subject: e.subject })}\n`,
    );
  }
}

/** Writes `events.jsonl`: one line per event put on the billing bus for automation. */
export function writeEventsLog(outDir: string, events: readonly unknown[]): void {
  const file = join(outDir, 'events.jsonl');
  writeFileSync(file, events.map((e) => `${JSON.stringify(e)}\n`).join(''));
}
