import { type ChildProcess, fork } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RUNNER = fileURLToPath(new URL('./lambda-runner.mjs', import.meta.url));

/** One invocation's outcome: the handler's return value, or the errors of every attempt. */
export type Invocation =
  | { ok: true; result: unknown; attempts: number; durationMs: number; maxRssMb: number }
  | { ok: false; attempts: number; errors: { name: string; message: string }[] };

/** A built Lambda bundle running in its own Node.js process, like a warm Lambda. */
export interface LambdaProcess {
  /** Milliseconds the bundle's module took to load (its init). */
  readonly initMs: number;
  /** Invokes the handler; failed attempts are retried like asynchronous invokes (1 + 2 retries). */
  invoke(event: unknown, attempts?: number): Promise<Invocation>;
  stop(): Promise<void>;
}

/** Starts a child process that loads `bundle`, with `env` as its whole environment, logging to `logFile`. */
export async function startLambda(
  bundle: string,
  env: Record<string, string>,
  logFile: string,
  functionName = 'local',
): Promise<LambdaProcess> {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child: ChildProcess = fork(RUNNER, [], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    execArgv: [],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: { type: string }) => {
        if (m.type === type) {
          child.off('message', onMessage);
          child.off('exit', onExit);
          resolve(m as T);
        }
      };
      const onExit = (code: number | null) =>
        reject(new Error(`Lambda process exited (${code}); see ${logFile}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const loading = next<{ initMs?: number; error?: { name: string; message: string } }>('loaded');
  child.send({ type: 'load', bundle });
  const loaded = await loading;
  if (loaded.error) {
    child.kill();
    throw new Error(`cannot load ${bundle}: ${loaded.error.name}: ${loaded.error.message} (see ${logFile})`);
  }
  return {
    initMs: loaded.initMs ?? 0,
    invoke: async (event, attempts = 3) => {
      const reply = next<Invocation & { type: string }>('result');
      child.send({ type: 'invoke', event, attempts, functionName });
      const { type: _type, ...invocation } = await reply;
      return invocation as Invocation;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => {
          log.end(() => resolve());
        });
        child.kill();
      }),
  };
}
