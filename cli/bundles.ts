import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../handlers/contract/config/schema.js';

/** Paths of the Lambda bundles exactly as CDK deploys them. */
export interface LambdaBundles {
  readonly alarm: string;
  readonly report: string;
  readonly governance: string;
  readonly publisher: string;
  readonly actions: string;
}

/** Options of {@link lambdaBundles}. */
export interface BundleOptions {
  /** Where built bundles are kept, one folder per content hash. @default - `.build/bundles` */
  readonly cacheDir?: string;
  /** Stream the build's output (CDK, esbuild) to standard error instead of only the log file. */
  readonly verbose?: boolean;
  /** Told once, in one short line, when a build is needed. */
  readonly onBuild?: (message: string) => void;
}

/** A bundle build that failed; its log has the details. */
export class BundleBuildError extends Error {
  override readonly name = 'BundleBuildError';
}

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** What the bundles are built from: a change to any of these (or to the configuration) rebuilds them. */
const INPUTS = [
  'handlers',
  'stacks',
  'stackset-templates',
  'templates',
  'package-lock.json',
  'cli/build-bundles.ts',
];
/** Built bundle sets kept besides the current one. */
const KEEP = 3;
/**
 * A set used this recently is never removed, however many others were built since: a test run
 * builds a set per configuration in parallel workers, and pruning by count alone removed a set
 * another worker was about to load ("Cannot find module …/alarm/index.mjs").
 */
const IN_USE_MS = 60 * 60_000;

/**
 * The Lambda bundles for a configuration: reused when nothing they are built from changed (a
 * content hash of the sources, templates, lock file and configuration), else built once by a child
 * process that synthesizes the billing stack, with its output in `<cacheDir>/build.log`.
 */
export async function lambdaBundles(config: Config, options: BundleOptions = {}): Promise<LambdaBundles> {
  const cacheDir = resolve(options.cacheDir ?? join(ROOT, '.build', 'bundles'));
  const configJson = JSON.stringify(config);
  const hash = contentHash(configJson);
  const dir = join(cacheDir, hash);
  const bundles = {
    alarm: join(dir, 'alarm', 'index.mjs'),
    report: join(dir, 'report', 'index.mjs'),
    governance: join(dir, 'governance', 'index.mjs'),
    publisher: join(dir, 'publisher', 'index.mjs'),
    actions: join(dir, 'actions', 'index.mjs'),
  };
  if (existsSync(join(dir, 'complete'))) {
    markUsed(dir);
    return bundles;
  }

  mkdirSync(cacheDir, { recursive: true });
  const log = join(cacheDir, 'build.log');
  options.onBuild?.(
    `Building the Lambda bundles (sources or configuration changed; log: ${relative(process.cwd(), log) || log})…`,
  );
  const staging = join(cacheDir, `.staging-${process.pid}-${Date.now().toString(36)}`);
  mkdirSync(staging, { recursive: true });
  const configFile = join(staging, 'config.json');
  writeFileSync(configFile, configJson);
  try {
    await runBuild(configFile, staging, log, options.verbose === true);
    rmSync(configFile);
    try {
      renameSync(staging, dir);
    } catch (err) {
      // Another process finished the same build first: its result is as good as ours.
      if (!existsSync(join(dir, 'complete'))) throw err;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  pruneOld(cacheDir, hash);
  return bundles;
}

function runBuild(configFile: string, outDir: string, log: string, verbose: boolean): Promise<void> {
  const fd = openSync(log, 'w');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./build-bundles.ts', import.meta.url)), configFile, outDir],
    {
      cwd: ROOT,
      stdio: ['ignore', verbose ? 'inherit' : fd, verbose ? 'inherit' : fd],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    },
  );
  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('exit', (code, signal) => {
      closeSync(fd);
      if (code === 0) done();
      else
        fail(
          new BundleBuildError(`the Lambda bundle build failed (${signal ?? `exit ${code}`}); see ${log}`),
        );
    });
  });
}

/** sha256 of every input file (path and content, in order) and the configuration, shortened. */
function contentHash(configJson: string): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((p) => filesUnder(join(ROOT, p))).sort()) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.update(configJson).digest('hex').slice(0, 16);
}

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return path.endsWith('.generated.ts') ? [] : [path];
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)));
}

/** Records that a set was used now (its directory's mtime), so pruning keeps it. */
function markUsed(dir: string): void {
  const now = new Date();
  try {
    utimesSync(dir, now, now);
  } catch {
    // A set removed meanwhile is rebuilt by its next user; its mtime is only a hint.
  }
}

/** Removes all but the {@link KEEP} most recently used other bundle sets, never one used in the last hour. */
function pruneOld(cacheDir: string, current: string): void {
  const cutoff = Date.now() - IN_USE_MS;
  const others = readdirSync(cacheDir)
    .filter((name) => name !== current && /^[0-9a-f]{16}$/.test(name))
    .map((name) => ({ name, at: statSync(join(cacheDir, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { name, at } of others.slice(KEEP))
    if (at < cutoff) rmSync(join(cacheDir, name), { recursive: true, force: true });
}
