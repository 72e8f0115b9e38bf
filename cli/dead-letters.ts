import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as z from 'zod/mini';
import { toError } from '../handlers/lib/result.js';
import type { StoredItem } from '../local/dynamodb.js';
import { UsageError } from './command.js';
import type { EventLine } from './run-lines.js';

/**
 * The local dead-letter queue: `<out>/dead-letters.json`, written by `simulate` when an event failed
 * every attempt (on AWS it would wait in the stack's SQS dead-letter queue), with the state table as
 * the run left it (the ledger that makes a redrive send only what is still owed), and the run's clock
 * and cost export, so that `redrive --local` answers from the same data.
 */
export interface LocalDeadLetters {
  readonly version: 1;
  /** The run the letters came from: its clock (ISO 8601) and cost export, when one was given. */
  readonly run: { readonly now: string; readonly costs?: string; readonly accounts?: string };
  readonly letters: DeadLetter[];
  /** The state table's items as the last run left them. */
  readonly table: StoredItem[];
}

/** One dead-lettered event. */
export interface DeadLetter {
  /** The event's file name stem (the emails' names). */
  readonly name: string;
  readonly event: unknown;
  /** Why its last attempt failed. */
  readonly reason: string;
  readonly failedAt: string;
}

/** The file name in the out folder. */
export const DEAD_LETTERS_FILE = 'dead-letters.json';

const fileSchema = z.object({
  version: z.literal(1),
  run: z.object({ now: z.string(), costs: z.optional(z.string()), accounts: z.optional(z.string()) }),
  letters: z.array(
    z.object({ name: z.string(), event: z.unknown(), reason: z.string(), failedAt: z.string() }),
  ),
  table: z.array(z.record(z.string(), z.unknown())),
});

/** The dead-letter file of an out folder. */
export function deadLettersFile(outDir: string): string {
  return join(outDir, DEAD_LETTERS_FILE);
}

/** The kept queue, or undefined when there is none; a file that is not one is a one-line usage error. */
export function readDeadLetters(file: string): LocalDeadLetters | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(
      `${file} is not a dead-letter file (${toError(err).message.split('\n')[0]}); delete it or give --out the folder simulate wrote`,
    );
  }
  const checked = fileSchema.safeParse(parsed);
  if (!checked.success)
    throw new UsageError(
      `${file} is not a dead-letter file (${checked.error.issues[0]?.path.join('.') || 'shape'} is wrong); delete it or give --out the folder simulate wrote`,
    );
  return checked.data as LocalDeadLetters;
}

/** Writes the queue (an empty one too: what is left is what the last redrive could not deliver). */
export function writeDeadLetters(file: string, queue: LocalDeadLetters): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(queue, null, 2)}\n`);
}

/**
 * After a run: the events whose every attempt failed join the queue (beside those already in it),
 * and the table becomes the run's, merged over the kept one by item id — so an earlier run's
 * ledger is not lost when a later run in the same folder dead-letters too.
 */
export function keepFailedEvents(
  file: string,
  events: readonly { name: string; event: unknown }[],
  lines: readonly EventLine[],
  table: readonly StoredItem[],
  run: LocalDeadLetters['run'],
  now: Date,
): number {
  const failed = events.flatMap((e, i) => {
    const line = lines[i];
    return line?.status === 'failed'
      ? [
          {
            ...e,
            reason: 'reason' in line ? (line.reason ?? 'failed') : 'failed',
            failedAt: now.toISOString(),
          },
        ]
      : [];
  });
  if (failed.length === 0) return 0;
  const kept = readDeadLetters(file);
  const byId = new Map<unknown, StoredItem>();
  for (const item of [...(kept?.table ?? []), ...table]) byId.set(JSON.stringify(item.id), item);
  writeDeadLetters(file, {
    version: 1,
    run,
    letters: [...(kept?.letters ?? []), ...failed],
    table: [...byId.values()],
  });
  return failed.length;
}
