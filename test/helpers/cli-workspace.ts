import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { THRESHOLD_CROSSED } from '../../handlers/contract/billing.js';
import type { OrganisationFixture } from '../../local/organization-fixture.js';
import { exampleConfigInput } from './config.js';

const BIN = fileURLToPath(new URL('../../cli/bin.js', import.meta.url));
const run = promisify(execFile);

/**
 * The CLI in a folder of its own (so its local organisation is its own), with the example
 * configuration there, edited as asked: what an operator's checkout looks like.
 */
export function cliWorkspace(edit: (cfg: Record<string, any>) => void = () => undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'cli-'));
  const cfg = exampleConfigInput() as Record<string, any>;
  edit(cfg);
  const config = join(dir, 'config.yaml');
  writeFileSync(config, stringify(cfg));
  const cli = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [BIN, ...args, '--config', config], {
        cwd: dir,
      });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
  /**
   * A long-running command (`serve`) in the background: resolves with its first stdout line once
   * printed; `stop` sends a signal and resolves with the exit code; `stdout()` is all it printed.
   */
  const background = async (...args: string[]) => {
    const child = spawn(process.execPath, [BIN, ...args, '--config', config], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const firstLine = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
      });
      exited.then((code) => reject(new Error(`${args[0]} exited with ${code} before printing: ${err}`)));
    });
    return {
      firstLine,
      stdout: () => out,
      stop: (signal: NodeJS.Signals = 'SIGTERM') => {
        child.kill(signal);
        return exited;
      },
    };
  };
  /** Writes a file into the workspace (an event, a configuration). */
  const file = (name: string, text: string) => writeFileSync(join(dir, name), text);
  /** The file where the last command kept the local organisation. */
  const keptFile = () => {
    const folder = join(dir, '.build', 'local-aws');
    // Beside it: the alerts, the local clock, the action key.
    return join(folder, readdirSync(folder).find((f) => f.startsWith('organisation-')) as string);
  };
  /** The local organisation as the last command kept it. */
  const kept = (): OrganisationFixture => JSON.parse(readFileSync(keptFile(), 'utf8')).organisation;
  /**
   * `simulate` over event files of the workspace at `now`, into `out/`: each event's JSON line and
   * the details of the "Billing Threshold Crossed" events put on the bus (`events.jsonl`; alert
   * changes and other kinds are left out).
   */
  const simulate = async (events: readonly string[], now: string) => {
    const out = join(dir, 'out');
    const run = await cli(
      'simulate',
      ...events.flatMap((e) => ['--event', join(dir, e)]),
      '--now',
      now,
      '--out',
      out,
    );
    const lines: { status: string; subject?: string; reason?: string }[] = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const published: Record<string, any>[] = readFileSync(join(out, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((e) => e['detail-type'] === THRESHOLD_CROSSED)
      .map((e) => e.detail);
    return { lines, published, out };
  };
  return { background, cli, config, dir, file, kept, keptFile, simulate };
}
