import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { median } from './stats.js';

/** Module init of the alarm bundle against a bare handler, and both bundles' sizes. */
export interface ColdStartFigures {
  readonly bundleBytes: number;
  readonly bareBundleBytes: number;
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
  readonly rounds: number;
}

/**
 * Bundles the bare handler (the same SDK clients, nothing else) exactly as the stack bundles the
 * Lambdas: minified ESM for Node 22, ESM entry points first, the same require banner.
 */
async function buildBare(): Promise<string> {
  const dir = resolve('.build', 'bench');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'bare-handler.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('../bench-bare-handler.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    minify: true,
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
    logLevel: 'silent',
  });
  return outfile;
}

/** One import of a bundle in a fresh Node.js process: the module init a cold start pays. */
interface ImportTime {
  /** Wall-clock milliseconds. */
  readonly ms: number;
  /** CPU milliseconds (user and system) of the process meanwhile. */
  readonly cpuMs: number;
}

/** Times the import of a bundle in a fresh Node.js process. */
function importTime(bundle: string): ImportTime {
  const script = `const c=process.cpuUsage();const t=performance.now();await import(${JSON.stringify(pathToFileURL(bundle).href)});const ms=performance.now()-t;const u=process.cpuUsage(c);process.stdout.write(JSON.stringify({ms,cpuMs:(u.user+u.system)/1000}));`;
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

/** Init of `bundle` and of the bare handler, interleaved over `rounds` so that machine noise hits both alike. */
export async function measureColdStart(bundle: string, rounds: number): Promise<ColdStartFigures> {
  const bare = await buildBare();
  importTime(bundle);
  importTime(bare); // warms the file cache for both
  const mine: ImportTime[] = [];
  const theirs: ImportTime[] = [];
  for (let i = 0; i < rounds; i++) {
    // Alternate which goes first, too.
    if (i % 2 === 0) {
      mine.push(importTime(bundle));
      theirs.push(importTime(bare));
    } else {
      theirs.push(importTime(bare));
      mine.push(importTime(bundle));
    }
  }
  return {
    bundleBytes: statSync(bundle).size,
    bareBundleBytes: statSync(bare).size,
    initMedianMs: median(mine.map((t) => t.ms)),
    bareInitMedianMs: median(theirs.map((t) => t.ms)),
    // The median of each round's ratio (the measure): a round's two imports share the
    // machine's state, so noise cancels in the pair rather than across medians.
    initRatio: median(mine.map((t, i) => t.ms / (theirs[i] as ImportTime).ms)),
    initCpuRatio: median(mine.map((t, i) => t.cpuMs / (theirs[i] as ImportTime).cpuMs)),
    rounds,
  };
}
