import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleInto } from '../../stacks/constructs/lambda-bundle.js';
import { bundleFiles } from './bundle-files.js';
import { median } from './stats.js';

/** Module init of the alarm bundle against a bare handler, and both bundles' sizes. */
export interface ColdStartFigures {
  /** Every JavaScript file of the alarm bundle, entry and chunks. */
  readonly bundleBytes: number;
  readonly bareBundleBytes: number;
  /** What the import of the entry reads and compiles: the entry and its static chunks. */
  readonly initPathBytes: number;
  readonly initPathFiles: number;
  readonly bareInitPathBytes: number;
  readonly bareInitPathFiles: number;
  readonly initMedianMs: number;
  readonly bareInitMedianMs: number;
  /** Median over the rounds of (this bundle's init ÷ the bare handler's init in the same round). */
  readonly initRatio: number;
  /**
   * The same ratio of the processes' CPU time during the import (`process.cpuUsage`): on a shared,
   * loaded machine the wall-clock ratio swings by ±0.2 between runs while this one holds within
   * about ±0.02, so a lever is judged by it and confirmed by the wall-clock ratio.
   */
  readonly initCpuRatio: number;
  /**
   * The init and then the deferred module's import (`deferred.ts`), against the bare init: all the
   * code a cold alarm compiles before its email is rendered, part of it while its first requests
   * are in flight. Absent when the bundle defers nothing.
   */
  readonly withDeferred?: { readonly bytes: number; readonly ratio: number; readonly cpuRatio: number };
  readonly rounds: number;
}

/**
 * Bundles the bare handler (the same SDK clients, nothing else) exactly as the stack bundles the
 * Lambdas (`lambda-bundle.ts`: minified ESM for Node 22, ESM entry points first, split into chunks,
 * the same require banner): the SDK's own `import()`s (the credential providers a Lambda never
 * reads) leave both inits alike.
 */
function buildBare(): string {
  const dir = resolve('.build', 'bench', 'bare');
  rmSync(dir, { recursive: true, force: true });
  bundleInto(dir, { entry: fileURLToPath(new URL('../bench-bare-handler.ts', import.meta.url)) });
  return join(dir, 'index.mjs');
}

/** One import of a bundle in a fresh Node.js process: the module init a cold start pays. */
interface ImportTime {
  /** Wall-clock milliseconds. */
  readonly ms: number;
  /** CPU milliseconds (user and system) of the process meanwhile. */
  readonly cpuMs: number;
}

/** Times the import of a bundle (and then of `then`, in the same timed span) in a fresh Node.js process. */
function importTime(bundle: string, then?: string): ImportTime {
  const load = [bundle, ...(then ? [then] : [])]
    .map((f) => `await import(${JSON.stringify(pathToFileURL(f).href)});`)
    .join('');
  const script = `const c=process.cpuUsage();const t=performance.now();${load}const ms=performance.now()-t;const u=process.cpuUsage(c);process.stdout.write(JSON.stringify({ms,cpuMs:(u.user+u.system)/1000}));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'us-east-1',
      BILLING_ALARMS_TABLE: 'bench',
      POWERTOOLS_METRICS_NAMESPACE: 'Bench',
      POWERTOOLS_SERVICE_NAME: 'bench',
    },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return JSON.parse(out) as ImportTime;
}

/** The median over rounds of a ratio of two series measured in the same rounds. */
function pairedRatio(
  mine: readonly ImportTime[],
  theirs: readonly ImportTime[],
  of: keyof ImportTime,
): number {
  return median(mine.map((t, i) => t[of] / (theirs[i] as ImportTime)[of]));
}

/**
 * Init of `bundle` and of the bare handler (and, when the bundle defers a module, init plus that
 * module), interleaved over `rounds` in a rotating order so that machine noise hits all alike.
 */
export async function measureColdStart(bundle: string, rounds: number): Promise<ColdStartFigures> {
  const bare = buildBare();
  const files = bundleFiles(bundle);
  const bareFiles = bundleFiles(bare);
  const deferred = files.deferred;
  const kinds = [
    () => importTime(bundle),
    () => importTime(bare),
    ...(deferred ? [() => importTime(bundle, deferred)] : []),
  ];
  for (const k of kinds) k(); // warms the file cache for all
  const series: ImportTime[][] = kinds.map(() => []);
  for (let i = 0; i < rounds; i++) {
    // Rotate which goes first, too.
    for (let j = 0; j < kinds.length; j++) {
      const k = (i + j) % kinds.length;
      (series[k] as ImportTime[]).push((kinds[k] as () => ImportTime)());
    }
  }
  const [mine = [], theirs = [], withDeferred] = series;
  return {
    bundleBytes: files.totalBytes,
    bareBundleBytes: bareFiles.totalBytes,
    initPathBytes: files.initPathBytes,
    initPathFiles: files.initPath.length,
    bareInitPathBytes: bareFiles.initPathBytes,
    bareInitPathFiles: bareFiles.initPath.length,
    initMedianMs: median(mine.map((t) => t.ms)),
    bareInitMedianMs: median(theirs.map((t) => t.ms)),
    // The median of each round's ratio (the measure): a round's imports share the
    // machine's state, so noise cancels in the pair rather than across medians.
    initRatio: pairedRatio(mine, theirs, 'ms'),
    initCpuRatio: pairedRatio(mine, theirs, 'cpuMs'),
    ...(deferred && withDeferred
      ? {
          withDeferred: {
            bytes: files.deferredBytes ?? 0,
            ratio: pairedRatio(withDeferred, theirs, 'ms'),
            cpuRatio: pairedRatio(withDeferred, theirs, 'cpuMs'),
          },
        }
      : {}),
    rounds,
  };
}
