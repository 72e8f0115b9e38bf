import { mkdirSync } from 'node:fs';
import { checkAccountsOption } from './account-map.js';
import type { CommandIo } from './command.js';
import { FAULT_OPTIONS, faultsFrom } from './fault-options.js';
import { costsAndClock } from './options.js';
import type { EventLine } from './run-lines.js';

/** The options `simulate` and `report` share: the costs, the clock, the out folder, the faults. */
export const RUN_OPTIONS = {
  costs: { type: 'string' },
  accounts: { type: 'string' },
  now: { type: 'string' },
  out: { type: 'string', default: 'out' },
  ...FAULT_OPTIONS,
  verbose: { type: 'boolean', default: false },
} as const;

/** What a run takes from those options: the stand-ins' faults, the cost rows and clock; the out folder made. */
export async function runInputs(
  values: Parameters<typeof faultsFrom>[0] & { costs?: string; accounts?: string; now?: string; out: string },
  io: CommandIo,
) {
  checkAccountsOption(values);
  const faults = faultsFrom(values);
  const { costs, now } = await costsAndClock(values.costs, values.now, io.note);
  mkdirSync(values.out, { recursive: true });
  return { faults, costs, now };
}

/** How a run reports: each line printed as JSON as soon as it is known, the bundle build noted. */
export function printedRun(io: CommandIo, verbose: boolean) {
  return {
    onLine: (line: EventLine) => io.print(JSON.stringify(line)),
    bundleOptions: { verbose, onBuild: io.note },
  };
}

/** Exit 1 when an event failed. */
export function exitCodeOf(lines: readonly EventLine[]): number {
  return lines.some((l) => l.status === 'failed') ? 1 : 0;
}
