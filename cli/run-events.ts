import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RUNTIME_ENV } from '../handlers/contract/runtime-env.js';
import { matchesSendingEvents } from '../handlers/contract/sending-events.js';
import { destinationEvent, localFunctionArn } from '../handlers/lib/publisher/destination-event.js';
import { accessKeyForFunction } from '../local/request-log.js';
import type { StoredEmail } from '../local/ses.js';
import { type StandInOptions, type StandIns, startStandIns } from '../local/stand-ins.js';
import { writeChatFiles, writeEmailFiles } from './email-files.js';
import { startLambda } from './lambda-process.js';
import {
  type EventLine,
  type HandlerAnswer,
  isMailLine,
  lineOf,
  mailLines,
  type RunLine,
  realCause,
} from './run-lines.js';
import { writeEventsLog, writeSentLog } from './run-logs.js';

/** Options of {@link runThroughBundle}. */
export interface RunOptions extends StandInOptions {
  readonly bundle: string;
  readonly functionName: string;
  /**
   * Named events (or scheduled payloads), run in order; each not before its `at` (epoch ms) when it
   * has one (the bench invokes a queue's batches when the event source mapping would).
   */
  readonly events: readonly { name: string; event: unknown; at?: number }[];
  readonly outDir: string;
  /** Extra environment for the function (stand-in endpoints are added). */
  readonly env?: Record<string, string>;
  /** Called with each line as soon as it is known. */
  readonly onLine?: (line: EventLine) => void;
  /** Stand-ins to use (and leave running); by default the run starts its own and stops them. */
  readonly standIns?: StandIns;
  /** The function's timeout. @default 30 s (the alarm Lambda's) */
  readonly timeoutMs?: number;
  /** Waits before Lambda's two retries. @default [1000, 2000]: Lambda's one and two minutes, 60× faster */
  readonly retryDelaysMs?: readonly number[];
  /** Write `sent.jsonl` (every message SES accepted in the run) and `events.jsonl` into the out folder. @default true */
  readonly sentLog?: boolean;
  /** Awaited once the Lambda is loaded, before the first event (the bench starts several Lambdas together). */
  readonly beforeFirstEvent?: () => Promise<void>;
  /**
   * The publisher bundle: each successful invocation that mailed something is handed to it as
   * Lambda's success destination would, and what it puts on the bus lands in `events.jsonl`.
   */
  readonly publisher?: string;
  /**
   * The alarm bundle, as the target of the default bus's rule for SES's sending events: SES's
   * events of every accepted send are recorded in the ledger, as on AWS. Without it the events are
   * published to no one, and a send whose answer was lost is sent again after the window.
   */
  readonly sendingEvents?: string;
}

/** The configuration set the local runs send through (on AWS the stack names or creates it). */
const LOCAL_CONFIGURATION_SET = 'billing-alarms-mail';

/** What a run produced: its lines are mail lines ({@link runMailThroughBundle}) or any event's. */
export interface RunResult<Line extends EventLine = EventLine> {
  readonly lines: Line[];
  readonly emails: StoredEmail[];
  readonly costExplorer: StandIns['ce']['stats'];
  readonly initMs: number;
  readonly viewerUrl: string;
  /** Handler time and the process's peak memory after each successful invocation. */
  readonly invocations: { durationMs: number; maxRssMb: number }[];
  /** What Lambda's success destination puts on the bus for each successful invocation, in order. */
  readonly destinations: unknown[];
  /** Each event's answer as the handler returned it (undefined when it failed), in order. */
  readonly answers: unknown[];
}

/**
 * Runs events through a built Lambda bundle in its own process against one set of stand-ins — each
 * event an asynchronous invoke with Lambda's attempts, timeout and (scaled) retries — and writes
 * each email as `<name>.html`, `<name>.txt` and `<name>.json` (the view-model), and every message
 * SES accepted in the run to `sent.jsonl`.
 */
export async function runThroughBundle(options: RunOptions): Promise<RunResult> {
  mkdirSync(options.outDir, { recursive: true });
  const standIns = options.standIns ?? (await startStandIns(options));
  const alreadySent = (await standIns.ses.emails()).length;
  const alreadyPut = standIns.eventBridge.events().length;
  const publisher = options.publisher
    ? await startPublisher(options.publisher, standIns, options.outDir)
    : undefined;
  // Lambda retries after about a minute; the confirmation window is that minute, scaled the same way.
  const confirmWindowMs = String(options.retryDelaysMs?.[0] ?? 1_000);
  const sending = options.sendingEvents
    ? await startSendingEvents(options.sendingEvents, standIns, options.outDir, options.retryDelaysMs)
    : undefined;
  const lambda = await startLambda(
    options.bundle,
    {
      ...standIns.env,
      // Each function signs with its own key, so the stand-ins can tell whose request they served.
      AWS_ACCESS_KEY_ID: accessKeyForFunction(options.functionName),
      POWERTOOLS_SERVICE_NAME: options.functionName,
      POWERTOOLS_METRICS_NAMESPACE: 'BillingAlarmForwarder',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      AWS_LAMBDA_FUNCTION_NAME: options.functionName,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      [RUNTIME_ENV.returnViewModel]: 'true',
      [RUNTIME_ENV.configurationSet]: LOCAL_CONFIGURATION_SET,
      [RUNTIME_ENV.confirmWindowMs]: confirmWindowMs,
      ...(options.now ? { [RUNTIME_ENV.now]: options.now.toISOString() } : {}),
      ...options.env,
    },
    join(options.outDir, `${options.functionName}.log`),
    {
      functionName: options.functionName,
      timeoutMs: options.timeoutMs ?? 30_000,
      ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
      onAttempt: () => standIns.dynamo.newAttempt(),
    },
  );
  const lines: EventLine[] = [];
  const emails: StoredEmail[] = [];
  const invocations: RunResult['invocations'] = [];
  const destinations: unknown[] = [];
  const answers: unknown[] = [];
  try {
    await options.beforeFirstEvent?.();
    for (const { name, event, at } of options.events) {
      if (at !== undefined && at > Date.now()) await new Promise((r) => setTimeout(r, at - Date.now()));
      const billedBefore = standIns.ce.stats.billed;
      const seen = (await standIns.ses.emails()).length;
      const invocation = await lambda.invoke(event);
      if (invocation.ok)
        invocations.push({ durationMs: invocation.durationMs, maxRssMb: invocation.maxRssMb });
      const fresh = (await standIns.ses.emails()).slice(seen);
      emails.push(...fresh);
      const answer = (invocation.ok ? invocation.result : {}) as HandlerAnswer;
      const files = fresh.flatMap((email, i) =>
        // The event's own email first (with its view-model); others it caused (pace notices, further
        // batches) as <name>-1, <name>-2, …
        writeEmailFiles(
          options.outDir,
          i === 0 ? name : `${name}-${i}`,
          email,
          i === 0 ? answer.viewModel : undefined,
        ),
      );
      files.push(...writeChatFiles(options.outDir, name, answer.chat ?? []));
      answers.push(invocation.ok ? invocation.result : undefined);
      const arn = localFunctionArn(options.functionName);
      // A batch from the alarm queue hands each answer over itself (no success destination follows
      // it; the function's hand-over is off locally): here each one, as the function would.
      const handed = invocation.ok
        ? (batchAnswers(event, invocation.result) ?? [{ request: event, result: invocation.result }])
        : [];
      let published: Awaited<ReturnType<NonNullable<typeof publisher>['invoke']>> | undefined;
      for (const { request, result } of handed) {
        const destination = destinationEvent(arn, request, result);
        destinations.push(destination);
        const answered = result as HandlerAnswer;
        if (publisher && (answered.status === 'sent' || answered.alerts !== undefined)) {
          const outcome = await publisher.invoke(destination);
          // The line names the first hand-over that failed.
          if (!published || published.ok) published = outcome;
        }
      }
      const line = lineOf(invocation, answer, files, standIns.ce.stats.billed - billedBefore);
      if (published && !published.ok && isMailLine(line)) line.publisherFailed = realCause(published.errors);
      lines.push(line);
      options.onLine?.(line);
    }
    if (options.sentLog ?? true) {
      writeSentLog(options.outDir, (await standIns.ses.emails()).slice(alreadySent));
      writeEventsLog(options.outDir, standIns.eventBridge.events().slice(alreadyPut));
    }
    return {
      lines,
      emails,
      costExplorer: { ...standIns.ce.stats },
      initMs: lambda.initMs,
      viewerUrl: standIns.ses.viewerUrl,
      invocations,
      destinations,
      answers,
    };
  } finally {
    await lambda.stop();
    await publisher?.stop();
    await sending?.stop();
    if (!options.standIns) await standIns.stop();
  }
}

/** The publisher Lambda, in its own process against the same stand-ins (its log in `outDir`). */
export function startPublisher(bundle: string, standIns: StandIns, outDir: string) {
  return startLambda(
    bundle,
    {
      ...standIns.env,
      AWS_ACCESS_KEY_ID: accessKeyForFunction('billing-publisher'),
      POWERTOOLS_SERVICE_NAME: 'billing-publisher',
      AWS_LAMBDA_FUNCTION_NAME: 'billing-publisher',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    join(outDir, 'billing-publisher.log'),
    { functionName: 'billing-publisher', timeoutMs: 30_000, retryDelaysMs: [200, 400] },
  );
}

/**
 * The alarm bundle in its own process (another instance of the alarm function), as the target of the
 * default bus's rule for SES's sending events; the rule goes when the run ends.
 */
async function startSendingEvents(
  bundle: string,
  standIns: StandIns,
  outDir: string,
  retryDelaysMs: readonly number[] | undefined,
) {
  const functionName = 'billing-alarm';
  const lambda = await startLambda(
    bundle,
    {
      ...standIns.env,
      AWS_ACCESS_KEY_ID: accessKeyForFunction(functionName),
      POWERTOOLS_SERVICE_NAME: functionName,
      AWS_LAMBDA_FUNCTION_NAME: functionName,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    join(outDir, 'billing-alarm-ses-events.log'),
    { functionName, timeoutMs: 30_000, ...(retryDelaysMs ? { retryDelaysMs } : {}) },
  );
  let running = true;
  standIns.eventBridge.addRule(
    (event) => running && matchesSendingEvents(event),
    async (event) => {
      await lambda.invoke(event);
    },
  );
  return {
    stop: async () => {
      running = false;
      await lambda.stop();
    },
  };
}

/** {@link runThroughBundle} for the alarm or report bundle, whose every line is a mail line. */
export async function runMailThroughBundle(options: RunOptions): Promise<RunResult<RunLine>> {
  const result = await runThroughBundle(options);
  return { ...result, lines: mailLines(result.lines) };
}

/** The requests and answers of a batch from the alarm queue (its answer lists each message's), or undefined for any other event. */
function batchAnswers(event: unknown, answer: unknown): { request: unknown; result: unknown }[] | undefined {
  const items = (answer as { items?: { messageId: string; result?: unknown }[] } | null)?.items;
  const records = (event as { Records?: { messageId: string; body: string }[] } | null)?.Records;
  if (!Array.isArray(items) || !Array.isArray(records)) return undefined;
  const bodies = new Map(records.map((r) => [r.messageId, r.body]));
  return items.flatMap((i) =>
    i.result === undefined ? [] : [{ request: bodyOf(bodies.get(i.messageId)), result: i.result }],
  );
}

/** A message body as the function read it: its JSON, or the text itself. */
function bodyOf(body: string | undefined): unknown {
  try {
    return JSON.parse(body ?? 'null') as unknown;
  } catch {
    return body;
  }
}
