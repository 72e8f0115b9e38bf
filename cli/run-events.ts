import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUNTIME_ENV } from '../handlers/contract/runtime-env.js';
import { accessKeyForFunction } from '../local/request-log.js';
import type { StoredEmail } from '../local/ses.js';
import { type StandInOptions, type StandIns, startStandIns } from '../local/stand-ins.js';
import { type AttemptError, type Invocation, startLambda } from './lambda-process.js';

/** What an event ended in. */
export type RunStatus =
  | 'sent'
  | 'duplicate'
  | 'suppressed'
  | 'skipped'
  | 'rejected'
  | 'failed'
  /** Governance events: the account's thresholds were updated, or already right, or submitted and still running. */
  | 'applied'
  | 'unchanged'
  | 'pending';

/** The line of a governance event: the account and its thresholds. */
export interface GovernanceLine {
  status: 'applied' | 'unchanged' | 'pending';
  accountId: string;
  thresholds: { warning: number; critical: number };
  /** Where the account's alarms live: its own (member) or the management account's (payer). */
  placement?: 'member' | 'payer';
}

/** The one-line JSON `simulate` and `report` print per event. */
export interface RunLine {
  status: RunStatus;
  reason?: string;
  recipients: string[];
  subject?: string;
  /** SES's message ids: of this delivery, or (for a duplicate) of the first one. */
  messageIds?: string[];
  files: string[];
  costExplorerRequests: number;
  /** Set when every attempt failed: on AWS the event now waits in the dead-letter queue. */
  deadLetter?: boolean;
  /** The report: accounts on pace to cross a tier this month. */
  paceAlerts?: {
    accountId: string;
    tier: string;
    monthToDate: number;
    forecast: number;
    threshold: number;
  }[];
  /** Set when the publisher (automation events, chat) failed after its retries: on AWS its dead-letter queue. */
  publisherFailed?: string;
}

/** Options of {@link runThroughBundle}. */
export interface RunOptions extends StandInOptions {
  readonly bundle: string;
  readonly functionName: string;
  /** Named events (or scheduled payloads), run in order. */
  readonly events: readonly { name: string; event: unknown }[];
  readonly outDir: string;
  /** Extra environment for the function (stand-in endpoints are added). */
  readonly env?: Record<string, string>;
  /** Called with each line as soon as it is known. */
  readonly onLine?: (line: RunLine) => void;
  /** Stand-ins to use (and leave running); by default the run starts its own and stops them. */
  readonly standIns?: StandIns;
  /** The function's timeout. @default 30 s (the alarm Lambda's) */
  readonly timeoutMs?: number;
  /** Waits before Lambda's two retries. @default [1000, 2000]: Lambda's one and two minutes, 60× faster */
  readonly retryDelaysMs?: readonly number[];
  /** Write `sent.jsonl` (every message SES accepted in the run) and `events.jsonl` into the out folder. @default true */
  readonly sentLog?: boolean;
  /**
   * The publisher bundle: each successful invocation that mailed something is handed to it as
   * Lambda's success destination would, and what it puts on the bus lands in `events.jsonl`.
   */
  readonly publisher?: string;
}

/** What a run produced. */
export interface RunResult {
  readonly lines: RunLine[];
  readonly emails: StoredEmail[];
  readonly costExplorer: StandIns['ce']['stats'];
  readonly initMs: number;
  readonly viewerUrl: string;
  /** Handler time and the process's peak memory after each successful invocation. */
  readonly invocations: { durationMs: number; maxRssMb: number }[];
}

/** The handler's answer, as far as a line needs it. */
interface HandlerAnswer {
  status?: RunStatus;
  reason?: string;
  recipients?: string[];
  subject?: string;
  messageIds?: string[];
  costExplorerRequests?: number;
  viewModel?: unknown;
  accountId?: string;
  thresholds?: { warning: number; critical: number };
  placement?: 'member' | 'payer';
  /** The scheduled governance sweep's answer. */
  placements?: { member: number; payer: number };
  paceAlerts?: RunLine['paceAlerts'];
  chat?: { channel: string; type: 'slack' | 'teams' | 'amazonQ'; payload: unknown }[];
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
  const lines: RunLine[] = [];
  const emails: StoredEmail[] = [];
  const invocations: RunResult['invocations'] = [];
  try {
    for (const { name, event } of options.events) {
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
        writeEmail(
          options.outDir,
          i === 0 ? name : `${name}-${i}`,
          email,
          i === 0 ? answer.viewModel : undefined,
        ),
      );
      files.push(...writeChat(options.outDir, name, answer.chat ?? []));
      const published =
        publisher && invocation.ok && answer.status === 'sent'
          ? await publisher.invoke(destinationEvent(options.functionName, event, invocation.result))
          : undefined;
      const line = lineOf(invocation, answer, files, standIns.ce.stats.billed - billedBefore);
      if (published && !published.ok) line.publisherFailed = realCause(published.errors);
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
    };
  } finally {
    await lambda.stop();
    await publisher?.stop();
    if (!options.standIns) await standIns.stop();
  }
}

/** The publisher Lambda, in its own process against the same stand-ins. */
function startPublisher(bundle: string, standIns: StandIns, outDir: string) {
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
 * What Lambda's success destination puts on the bus after an asynchronous invocation: the request,
 * and the answer as it leaves the function on AWS (without the view-model).
 */
export function destinationEvent(functionName: string, request: unknown, result: unknown) {
  const { viewModel: _viewModel, ...responsePayload } = (result ?? {}) as Record<string, unknown>;
  const functionArn = `arn:aws:lambda:us-east-1:000000000000:function:${functionName}:$LATEST`;
  const time = new Date().toISOString();
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Lambda Function Invocation Result - Success',
    source: 'lambda',
    account: '000000000000',
    time,
    region: 'us-east-1',
    resources: [functionArn],
    detail: {
      version: '1.0',
      timestamp: time,
      requestContext: {
        requestId: randomUUID(),
        functionArn,
        condition: 'Success',
        approximateInvokeCount: 1,
      },
      requestPayload: request,
      responseContext: { statusCode: 200, executedVersion: '$LATEST' },
      responsePayload,
    },
  };
}

const CHAT_FILES = { slack: 'slack', teams: 'teams', amazonQ: 'q' } as const;

/** Writes each chat format's payload beside the email: `<name>.slack.json`, `.teams.json`, `.q.json`. */
function writeChat(dir: string, name: string, chat: NonNullable<HandlerAnswer['chat']>): string[] {
  const seen = new Set<string>();
  return chat.flatMap((c) => {
    if (seen.has(c.type)) return [];
    seen.add(c.type);
    const file = join(dir, `${name}.${CHAT_FILES[c.type]}.json`);
    writeFileSync(file, `${JSON.stringify(c.payload, null, 2)}\n`);
    return [file];
  });
}

/** Writes `events.jsonl`: one line per event put on the billing bus for automation. */
export function writeEventsLog(outDir: string, events: readonly unknown[]): void {
  const file = join(outDir, 'events.jsonl');
  writeFileSync(file, events.map((e) => `${JSON.stringify(e)}\n`).join(''));
}

function lineOf(
  invocation: Invocation,
  answer: HandlerAnswer,
  files: string[],
  costExplorerRequests: number,
): RunLine {
  if (!invocation.ok) {
    return {
      status: 'failed',
      reason: realCause(invocation.errors),
      recipients: [],
      files,
      costExplorerRequests,
      deadLetter: true,
    };
  }
  if (answer.placements) return { ...answer, status: answer.status ?? 'applied' } as unknown as RunLine;
  if (
    (answer.status === 'applied' || answer.status === 'unchanged' || answer.status === 'pending') &&
    answer.accountId &&
    answer.thresholds
  ) {
    const line: GovernanceLine = {
      status: answer.status,
      accountId: answer.accountId,
      thresholds: answer.thresholds,
      ...(answer.placement ? { placement: answer.placement } : {}),
    };
    return line as unknown as RunLine;
  }
  return {
    status: answer.status ?? 'sent',
    ...(answer.reason ? { reason: answer.reason } : {}),
    recipients: answer.recipients ?? [],
    ...(answer.subject ? { subject: answer.subject } : {}),
    ...(answer.messageIds?.length ? { messageIds: answer.messageIds } : {}),
    files,
    costExplorerRequests,
    ...(answer.paceAlerts ? { paceAlerts: answer.paceAlerts } : {}),
  };
}

/**
 * The real cause of a failed invocation: the first attempt's error, with its innermost cause —
 * later attempts often fail only because of the first ("in progress", "not sent again").
 */
export function realCause(errors: readonly AttemptError[]): string {
  const first = errors.find((e) => e.name !== 'DeliveryInProgressError') ?? errors[0];
  if (!first) return 'failed';
  const root = first.causes?.at(-1);
  const text = `${first.name}: ${first.message}`;
  return root && !text.includes(root.message) ? `${text} (cause: ${root.name}: ${root.message})` : text;
}

/** Writes `sent.jsonl`: one line per message SES accepted (its id, recipients and subject). */
export function writeSentLog(outDir: string, sent: readonly StoredEmail[]): void {
  const file = join(outDir, 'sent.jsonl');
  writeFileSync(file, '');
  for (const e of sent) {
    appendFileSync(
      file,
      `${JSON.stringify({ messageId: e.messageId, to: e.destination.to, subject: e.subject })}\n`,
    );
  }
}

function writeEmail(dir: string, name: string, email: StoredEmail, viewModel: unknown): string[] {
  const files = [join(dir, `${name}.html`), join(dir, `${name}.txt`), join(dir, `${name}.json`)];
  writeFileSync(files[0] as string, email.body.html ?? '');
  writeFileSync(files[1] as string, email.body.text ?? '');
  writeFileSync(
    files[2] as string,
    `${JSON.stringify({ subject: email.subject, to: email.destination.to, viewModel: viewModel ?? null }, null, 2)}\n`,
  );
  return files;
}
