import { readFileSync } from 'node:fs';
import { ConfigError, loadConfigFile } from '../handlers/contract/config/load.js';
import type { Config } from '../handlers/contract/config/schema.js';
import { toError } from '../handlers/lib/result.js';
import { type CostData, CostIndex, rowCostData } from '../local/cost-data.js';
import { ExportMemoryError } from '../local/focus-csv.js';
import { sampleOrganisationCosts } from '../local/sample-org.js';
import { CommandFailure, UsageError } from './command.js';
import { readFocusExportApart } from './focus-reader.js';
import { NAME_WIDTH, terminalText } from './terminal-text.js';

/** Runs a parser of user input; whatever it throws becomes a usage error (exit 2, no stack trace). */
export function asUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(toError(err).message);
  }
}

/** The configuration at `--config` (default `billing-alarms.config.yaml`). */
export function configFrom(path: string | undefined): Config {
  try {
    return loadConfigFile(path ?? 'billing-alarms.config.yaml');
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
}

/** `--now` as a Date. */
export function nowFrom(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const d = new Date(text);
  if (Number.isNaN(d.getTime()))
    throw new UsageError(`--now must be an ISO date-time such as 2026-11-20T09:00:00Z, got "${text}"`);
  return d;
}

/**
 * The cost rows and the clock of a run: `--costs CSV` (else the bundled sample organisation) and
 * `--now` (else, with a CSV, 09:00 UTC the day after its last cost, so an old export still reads as
 * "today"; without one, the real time).
 */
export async function costsAndClock(
  path: string | undefined,
  nowText: string | undefined,
  note: (text: string) => void = () => undefined,
): Promise<{ costs: CostData; now: Date }> {
  const pinned = nowFrom(nowText);
  if (!path) {
    const now = pinned ?? new Date();
    return { costs: rowCostData(sampleOrganisationCosts(now)), now };
  }
  // Summed in DuckDB, in a process of its own: only the sums come here, into columns.
  const index = new CostIndex();
  let warnings: string[];
  try {
    ({ warnings } = await readFocusExportApart(path, (row) => index.add(row)));
  } catch (err) {
    // Sums that outgrow the reader's memory are not the file's fault: a failure, exit code 1.
    if (err instanceof ExportMemoryError) throw new CommandFailure(err.message);
    // Whatever else the file is (missing, a folder, not CSV, not FOCUS), it is the user's input.
    if (err instanceof UsageError) throw err;
    throw new UsageError(toError(err).message);
  }
  for (const warning of warnings) note(`note: ${path}: ${warning}`);
  for (const r of index.renames())
    note(
      `note: ${path}: account renamed: ${r.older.map((o) => terminalText(o, NAME_WIDTH)).join(', ')} → ${terminalText(r.name, NAME_WIDTH)} (${r.accountId}); the most recent name is used`,
    );
  if (index.size === 0) throw new UsageError(`${path} has no AWS cost rows`);
  const costs = index.data();
  return { costs, now: pinned ?? new Date(Date.parse(`${costs.latestDate}T09:00:00Z`) + 86_400_000) };
}

/** A JSON file, with an error naming it. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${path}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UsageError(`${path} is not JSON: ${toError(err).message}`);
  }
}
