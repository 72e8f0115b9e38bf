import { join } from 'node:path';
import type { Config } from '../handlers/contract/config/schema.js';
import type { CostSource } from '../local/cost-data.js';
import type { OrganisationFixture } from '../local/organization-fixture.js';
import { localAccountOf } from '../local/request-log.js';
import { type StandInOptions, startStandIns } from '../local/stand-ins.js';
import type { BundleOptions } from './bundles.js';
import { type DeadLetter, readDeadLetters, writeDeadLetters } from './dead-letters.js';
import type { EventLine } from './run-lines.js';
import { simulate } from './simulate.js';

/** What a redrive says of one dead-lettered event: how its run ended, and whether it is still queued. */
export type RedriveLine = EventLine & {
  /** The dead-lettered event (its name in the queue, or its SQS message id on AWS). */
  readonly event: string;
  /** Still in the dead-letter queue after this redrive (its run failed again, or it was not one of ours). */
  readonly kept: boolean;
};

/** Options of {@link redriveLocal}. */
export interface RedriveLocalOptions
  extends Pick<
    StandInOptions,
    'ceFaults' | 'sesFaults' | 'dynamoFaults' | 'governanceFaults' | 'chatFaults'
  > {
  readonly config: Config;
  /** The dead-letter file `simulate` kept. */
  readonly file: string;
  /** The costs and organisation of the run that dead-lettered the events (see the command). */
  readonly costs: CostSource;
  readonly organisation: OrganisationFixture;
  readonly now: Date;
  /** Where the redriven emails go. */
  readonly outDir: string;
  readonly bundleOptions?: BundleOptions;
  readonly onLine?: (line: RedriveLine) => void;
}

/**
 * `redrive --local`: every event in the local dead-letter queue runs again through the built bundles
 * (as `simulate` runs events, so with the same retries, sending events and publisher) against
 * stand-ins whose state table is the one the failed run left. The ledger therefore sends only what
 * is still owed: a batch SES accepted before is not sent again, and an event delivered meanwhile is
 * a duplicate. An event whose run fails again stays in the queue; the others leave it.
 */
export async function redriveLocal(options: RedriveLocalOptions): Promise<RedriveLine[]> {
  const queue = readDeadLetters(options.file);
  if (!queue || queue.letters.length === 0) return [];
  const standIns = await startStandIns({
    account: localAccountOf(options.config),
    ...options,
    stateItems: queue.table,
  });
  const lines: RedriveLine[] = [];
  const kept: DeadLetter[] = [];
  try {
    const result = await simulate({
      config: options.config,
      // Named as in the queue: the redriven emails keep the first run's file names.
      eventFiles: queue.letters.map((l) => ({ path: `${l.name}.json`, event: l.event })),
      costs: options.costs,
      now: options.now,
      outDir: options.outDir,
      standIns,
      ...(options.bundleOptions ? { bundleOptions: options.bundleOptions } : {}),
    });
    queue.letters.forEach((letter, i) => {
      const run = result.lines[i];
      const failed = !run || run.status === 'failed';
      if (failed)
        kept.push({
          ...letter,
          reason: run && 'reason' in run ? (run.reason ?? letter.reason) : letter.reason,
          failedAt: new Date().toISOString(),
        });
      const line = {
        ...(run ?? {
          status: 'failed' as const,
          reason: 'not run',
          recipients: [],
          files: [],
          costExplorerRequests: 0,
        }),
        event: letter.name,
        kept: failed,
      } as RedriveLine;
      lines.push(line);
      options.onLine?.(line);
    });
    writeDeadLetters(options.file, { ...queue, letters: kept, table: await standIns.dynamo.items() });
  } finally {
    await standIns.stop();
  }
  return lines;
}

/** Where `redrive --local --out DIR` writes the emails it sent: beside the queue, in their own folder. */
export function redrivenDir(outDir: string): string {
  return join(outDir, 'redriven');
}
