import { basename, resolve } from 'node:path';
import type { Config } from '../handlers/contract/config/schema.js';
import { ALARM_TIMEOUT_SECONDS } from '../handlers/contract/lambda-limits.js';
import { type BundleOptions, lambdaBundles } from './bundles.js';
import { type RunOptions, type RunResult, runThroughBundle } from './run-events.js';

/** Options of {@link simulate}: a run's options, with event files instead of named events. */
export interface SimulateOptions extends Omit<RunOptions, 'bundle' | 'functionName' | 'events'> {
  readonly config: Config;
  readonly eventFiles: readonly { path: string; event: unknown }[];
  /** A bundle built earlier for the same configuration. @default - the cached (or newly built) bundle */
  readonly bundle?: string;
  /** How the bundles are found or built when `bundle` is not given. */
  readonly bundleOptions?: BundleOptions;
}

/** `billing-alarms simulate`: events through the built alarm bundle against one set of stand-ins. */
export async function simulate(options: SimulateOptions): Promise<RunResult> {
  const bundle = options.bundle ?? (await lambdaBundles(options.config, options.bundleOptions)).alarm;
  const used = new Map<string, number>();
  const inputs = new Set(options.eventFiles.map(({ path }) => resolve(path)));
  const events = options.eventFiles.map(({ path, event }) => {
    const stem = basename(path).replace(/\.json$/i, '');
    const n = (used.get(stem) ?? 0) + 1;
    used.set(stem, n);
    const name = n > 1 ? `${stem}-${n}` : stem;
    // Never write the email's files over an event file given as input (same folder as --out).
    return { name: inputs.has(resolve(options.outDir, `${name}.json`)) ? `${name}-email` : name, event };
  });
  return runThroughBundle({
    timeoutMs: ALARM_TIMEOUT_SECONDS * 1000,
    ...options,
    bundle,
    functionName: 'billing-alarm',
    events,
  });
}
