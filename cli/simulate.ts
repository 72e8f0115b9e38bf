import { basename } from 'node:path';
import type { Config } from '../handlers/lib/config/schema.js';
import type { CostExplorerFaults } from '../local/cost-explorer-server.js';
import type { CostRow } from '../local/focus-csv.js';
import type { OrganisationFixture } from '../local/organization-fixture.js';
import type { SesFaults } from '../local/ses.js';
import { buildLambdaBundles } from './bundles.js';
import { type RunLine, type RunResult, runThroughBundle } from './run-events.js';

/** Options of {@link simulate}. */
export interface SimulateOptions {
  readonly config: Config;
  readonly eventFiles: readonly { path: string; event: unknown }[];
  readonly rows: readonly CostRow[];
  readonly now?: Date;
  readonly outDir: string;
  readonly ceFaults?: CostExplorerFaults;
  readonly sesFaults?: SesFaults;
  readonly onLine?: (line: RunLine) => void;
  /** Accounts and OUs for the Organizations stand-in. @default - none */
  readonly organisation?: OrganisationFixture;
  /** A bundle built earlier for the same configuration. @default - built now */
  readonly bundle?: string;
}

/** `billing-alarms simulate`: events through the built alarm bundle against one set of stand-ins. */
export async function simulate(options: SimulateOptions): Promise<RunResult> {
  const bundle = options.bundle ?? (await buildLambdaBundles(options.config)).alarm;
  const used = new Map<string, number>();
  const events = options.eventFiles.map(({ path, event }) => {
    const stem = basename(path).replace(/\.json$/i, '');
    const n = (used.get(stem) ?? 0) + 1;
    used.set(stem, n);
    return { name: n > 1 ? `${stem}-${n}` : stem, event };
  });
  return runThroughBundle({
    bundle,
    functionName: 'billing-alarm',
    events,
    rows: options.rows,
    outDir: options.outDir,
    ...(options.now ? { now: options.now } : {}),
    ...(options.ceFaults ? { ceFaults: options.ceFaults } : {}),
    ...(options.sesFaults ? { sesFaults: options.sesFaults } : {}),
    ...(options.onLine ? { onLine: options.onLine } : {}),
    ...(options.organisation ? { organisation: options.organisation } : {}),
  });
}

/** Parses `--ses-faults` (`throttle=N` or `fail`). */
export function parseSesFaults(text: string | undefined): SesFaults {
  if (!text) return {};
  if (text === 'fail') return { fail: true };
  const m = /^throttle=(\d+)$/.exec(text);
  if (m) return { throttle: Number(m[1]) };
  throw new Error(`--ses-faults must be "throttle=N" or "fail", got "${text}"`);
}
