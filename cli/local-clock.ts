import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../handlers/contract/config/schema.js';
import { localStateFile } from './local-aws.js';

/** The moment a local run took place at, and the real time it was recorded. */
interface ClockRecord {
  readonly now: string;
  readonly recordedAt: number;
}

const clockFile = (config: Config) =>
  localStateFile(config).replace(/organisation-([0-9a-f]+)\.json$/, 'clock-$1.json');

/**
 * Records the moment a run took place at (`simulate`'s `--now`, or the day after a cost export's
 * last cost): the local world's clock, which `serve` and `alerts --local` follow, so that links
 * signed at that moment are still valid when clicked and a snooze is measured against it.
 */
export function saveLocalClock(config: Config, now: Date): void {
  const file = clockFile(config);
  mkdirSync(dirname(file), { recursive: true });
  const record: ClockRecord = { now: now.toISOString(), recordedAt: Date.now() };
  writeFileSync(file, `${JSON.stringify(record)}\n`);
}

/** The kept record, if a run left one that reads. */
export function localClockRecord(config: Config): ClockRecord | undefined {
  const file = clockFile(config);
  if (!existsSync(file)) return undefined;
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as Partial<ClockRecord>;
    if (typeof r.now === 'string' && !Number.isNaN(Date.parse(r.now)) && typeof r.recordedAt === 'number')
      return { now: r.now, recordedAt: r.recordedAt };
  } catch {
    // A file that does not read is no clock: the real time is used.
  }
  return undefined;
}

/** The local clock now: the last run's moment plus the real time since it ran (undefined: none kept). */
export function localClock(config: Config, record = localClockRecord(config)): Date | undefined {
  return record ? new Date(Date.parse(record.now) + (Date.now() - record.recordedAt)) : undefined;
}
