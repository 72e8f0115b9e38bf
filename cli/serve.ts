import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BILLING_REGION } from '../handlers/contract/billing.js';
import type { Config } from '../handlers/contract/config/schema.js';
import { AlertLifecycle } from '../handlers/lib/state/alert-lifecycle.js';
import { startDynamo } from '../local/dynamodb.js';
import { startEventBridge } from '../local/eventbridge.js';
import { close } from '../local/http.js';
import { LOCAL_ACCESS_KEYS, localAccountOf, RequestLog } from '../local/request-log.js';
import { type BundleOptions, lambdaBundles } from './bundles.js';
import { UsageError } from './command.js';
import {
  FUNCTION_ERROR,
  functionUrlEvent,
  type HttpAnswer,
  httpAnswerOf,
  MAX_REQUEST_BYTES,
  writeHttpAnswer,
} from './function-url-event.js';
import { startActionFunction } from './local-action-function.js';
import { loadLocalNonces, saveLocalNonces } from './local-action-state.js';
import { loadLocalAlerts, saveLocalAlerts } from './local-alerts.js';
import { answerMailViewer } from './mail-viewer.js';

/** Options of {@link startServe}. */
export interface ServeOptions {
  readonly config: Config;
  /** The port on 127.0.0.1; 0 picks a free one. */
  readonly port: number;
  /** Where the emails are (the mail viewer shows them) and where the function's log goes. */
  readonly outDir: string;
  /** Where the function's clock starts (`--now`). @default - the local clock the last run left, else the real time */
  readonly now?: Date;
  readonly bundleOptions?: BundleOptions;
  /** Told each request once answered: its method, path (never the query, which holds the token) and status. */
  readonly onRequest?: (line: { method: string; path: string; status: number }) => void;
}

/** A running `serve`. */
export interface Serving {
  readonly url: string;
  /** Every AWS request the action function made (also appended to `<out>/serve-requests.jsonl`). */
  readonly requests: RequestLog;
  stop(): Promise<void>;
}

/**
 * `billing-alarms serve`: the built actions bundle in its own process behind an HTTP server on
 * 127.0.0.1 that plays its function URL (each request a payload 2.0 event, each answer the HTTP
 * response), and the mail viewer over the out folder. The function's state table is the local one
 * `simulate` and `alerts --local` keep in `.build/local-aws/`: read before each request, written
 * back after it, so a confirmed snooze suppresses the next `simulate` crossing. Requests are
 * answered one at a time.
 */
export async function startServe(options: ServeOptions): Promise<Serving> {
  const { config, outDir } = options;
  // Bound first, so a port in use is said before the bundles build; requests wait until ready.
  let handle: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  let ready: () => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const server = createServer((req, res) => {
    started.then(() => handle?.(req, res));
  });
  await listenOn(server, options.port);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    mkdirSync(outDir, { recursive: true });
    const requestFile = join(outDir, 'serve-requests.jsonl');
    writeFileSync(requestFile, '');
    const bundles = await lambdaBundles(config, options.bundleOptions);
    const requests = new RequestLog(localAccountOf(config));
    const table = await startDynamo(undefined, {}, requests);
    const bus = await startEventBridge(requests);
    await table.restore(loadLocalNonces(config));
    const setup = new DynamoDBClient({
      endpoint: table.endpoint,
      region: BILLING_REGION,
      credentials: { accessKeyId: LOCAL_ACCESS_KEYS.setup, secretAccessKey: 'local' },
    });
    const alerts = new AlertLifecycle(setup, table.tableName);
    const fn = await startActionFunction({
      config,
      bundle: bundles.actions,
      tableEndpoint: table.endpoint,
      tableName: table.tableName,
      busEndpoint: bus.endpoint,
      logDir: outDir,
      ...(options.now ? { now: options.now } : {}),
    });
    const site = { accountId: localAccountOf(config).accountId, urlId: 'billingalarmslocal' };
    let logged = 0;
    const invoke = async (req: IncomingMessage, body: Buffer): Promise<HttpAnswer> => {
      await alerts.restore(loadLocalAlerts(config));
      const invocation = await fn.invoke(functionUrlEvent(req, body, site, fn.now()));
      saveLocalAlerts(config, await alerts.items());
      saveLocalNonces(config, await table.items());
      const fresh = requests.entries().slice(logged);
      logged += fresh.length;
      if (fresh.length) appendFileSync(requestFile, fresh.map((r) => `${JSON.stringify(r)}\n`).join(''));
      return invocation.ok ? httpAnswerOf(invocation.result) : FUNCTION_ERROR;
    };
    // One request at a time: each reads the kept state and writes it back whole.
    let queue: Promise<unknown> = Promise.resolve();
    const answer = async (req: IncomingMessage, res: ServerResponse) => {
      const body = await readCapped(req, MAX_REQUEST_BYTES);
      const method = req.method ?? 'GET';
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      let http: HttpAnswer;
      if (body === undefined) http = tooLarge();
      else {
        const viewer = answerMailViewer(outDir, method, path);
        if (viewer) http = viewer;
        else {
          const turn = queue.then(() => invoke(req, body));
          queue = turn.catch(() => undefined);
          http = await turn;
        }
      }
      writeHttpAnswer(res, method === 'HEAD' ? { ...http, body: Buffer.alloc(0) } : http);
      options.onRequest?.({ method, path, status: http.statusCode });
    };
    handle = (req, res) => {
      answer(req, res).catch((err: unknown) => {
        process.stderr.write(`serve: ${err instanceof Error ? err.message : String(err)}\n`);
        if (!res.headersSent) writeHttpAnswer(res, FUNCTION_ERROR);
        else res.end();
      });
    };
    ready();
    return {
      url,
      requests,
      stop: async () => {
        await close(server);
        await queue;
        await fn.stop();
        setup.destroy();
        await Promise.all([table.stop(), bus.stop()]);
      },
    };
  } catch (err) {
    ready();
    await close(server);
    throw err;
  }
}

/** Resolves at the first SIGINT or SIGTERM (Ctrl+C, or a supervisor stopping the process). */
export function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function listenOn(server: ReturnType<typeof createServer>, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE' || err.code === 'EACCES'
          ? new UsageError(
              `serve: --port ${port} cannot be used on 127.0.0.1 (${err.code}); give another port, or 0 for a free one`,
            )
          : err,
      ),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

/** The request body, or undefined when it is larger than `max` bytes (read to its end, not kept). */
function readCapped(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= max) chunks.push(c);
    });
    req.on('end', () => resolve(size > max ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** What a function URL answers for a request larger than Lambda's payload limit. */
function tooLarge(): HttpAnswer {
  return {
    statusCode: 413,
    headers: { 'content-type': 'application/json' },
    cookies: [],
    body: Buffer.from('{"Message":"Request Entity Too Large"}'),
  };
}
