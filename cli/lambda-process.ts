import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RUNNER = fileURLToPath(new URL('./lambda-runner.mjs', import.meta.url));

/** An error of one attempt, with the causes it carried. */
export interface AttemptError {
  readonly name: string;
  readonly message: string;
  readonly causes?: readonly { name: string; message: string }[];
}

/** One invocation's outcome: the handler's return value, or the errors of every attempt. */
export type Invocation =
  | { ok: true; result: unknown; attempts: number; durationMs: number; maxRssMb: number }
  | { ok: false; attempts: number; errors: AttemptError[] };

/** How the local Lambda runs: its timeout and Lambda's asynchronous retries, scaled down. */
export interface LambdaOptions {
  readonly functionName: string;
  /** The function's timeout: an attempt still running then is killed, as Lambda would. */
  readonly timeoutMs: number;
  /**
   * Waits before each retry of a failed attempt. Lambda retries an asynchronous invoke twice, after
   * about one and two minutes; locally the same rhythm, 60× faster. @default [1000, 2000]
   */
  readonly retryDelaysMs?: readonly number[];
  /** Told before each attempt (the stand-ins reset per-attempt faults). */
  readonly onAttempt?: (attempt: number) => void;
}

/** A built Lambda bundle running in its own Node.js process, like a warm Lambda. */
export interface LambdaProcess {
  /** Milliseconds the bundle's module took to load (its init), at the first cold start. */
  readonly initMs: number;
  /** Invokes the handler asynchronously: attempts, timeouts and retries as Lambda does them. */
  invoke(event: unknown): Promise<Invocation>;
  stop(): Promise<void>;
}

/** The child's answer to one attempt. */
type AttemptReply =
  | { ok: true; result: unknown; durationMs: number; maxRssMb: number }
  | { ok: false; error: AttemptError };

/** Starts a child process that loads `bundle`, with `env` as its whole environment, logging to `logFile`. */
export async function startLambda(
  bundle: string,
  env: Record<string, string>,
  logFile: string,
  options: LambdaOptions,
): Promise<LambdaProcess> {
  const log = createWriteStream(logFile, { flags: 'a' });
  let child = await spawn(bundle, env, log);
  const initMs = child.initMs;
  const delays = options.retryDelaysMs ?? [1_000, 2_000];

  const attempt = async (event: unknown, requestId: string): Promise<AttemptReply> => {
    const reply = child.next<AttemptReply & { type: string }>('result');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<AttemptReply>((resolve) => {
      timer = setTimeout(
        () =>
          resolve({
            ok: false,
            error: {
              name: 'TimeoutError',
              message: `Task timed out after ${(options.timeoutMs / 1000).toFixed(2)} seconds`,
            },
          }),
        options.timeoutMs,
      );
    });
    child.process.send({
      type: 'invoke',
      event,
      requestId,
      timeoutMs: options.timeoutMs,
      functionName: options.functionName,
    });
    const outcome = await Promise.race([
      reply.then(({ type: _t, ...r }) => r as AttemptReply),
      timedOut,
    ]).catch(
      (err: Error): AttemptReply => ({
        ok: false,
        error: { name: 'Runtime.ExitError', message: err.message },
      }),
    );
    clearTimeout(timer);
    if (
      !outcome.ok &&
      (outcome.error.name === 'TimeoutError' || outcome.error.name === 'Runtime.ExitError')
    ) {
      // Lambda throws the sandbox away after a timeout or a crash: the next attempt is a cold start.
      await child.stop();
      child = await spawn(bundle, env, log);
    }
    return outcome;
  };

  return {
    initMs,
    invoke: async (event) => {
      const requestId = randomUUID();
      const errors: AttemptError[] = [];
      for (let n = 1; n <= delays.length + 1; n++) {
        options.onAttempt?.(n);
        const outcome = await attempt(event, requestId);
        if (outcome.ok) return { ...outcome, attempts: n };
        errors.push(outcome.error);
        const wait = delays[n - 1];
        if (wait !== undefined) await new Promise((r) => setTimeout(r, wait));
      }
      return { ok: false, attempts: errors.length, errors };
    },
    stop: async () => {
      await child.stop();
      await new Promise<void>((resolve) => log.end(() => resolve()));
    },
  };
}

interface Child {
  readonly process: ChildProcess;
  readonly initMs: number;
  next<T>(type: string): Promise<T>;
  stop(): Promise<void>;
}

async function spawn(bundle: string, env: Record<string, string>, log: WriteStream): Promise<Child> {
  const child: ChildProcess = fork(RUNNER, [], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    execArgv: [],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: { type: string }) => {
        if (m.type !== type) return;
        cleanup();
        resolve(m as T);
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        cleanup();
        reject(
          new Error(
            `the Lambda process ${signal ? `was killed by ${signal} (out of memory?)` : `exited with ${code}`}`,
          ),
        );
      };
      const cleanup = () => {
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const stop = async () => {
    // Also when the child already died by a signal: exitCode stays null then, signalCode is set.
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  const loading = next<{ initMs?: number; error?: AttemptError }>('loaded');
  child.send({ type: 'load', bundle });
  const loaded = await loading;
  if (loaded.error) {
    await stop();
    throw new Error(`cannot load ${bundle}: ${loaded.error.name}: ${loaded.error.message}`);
  }
  return { process: child, initMs: loaded.initMs ?? 0, next, stop };
}
