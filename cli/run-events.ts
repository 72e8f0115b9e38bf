import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUNTIME_ENV } from '../handlers/contract/runtime-env.js';
import type { StoredEmail } from '../local/ses.js';
import { type StandInOptions, type StandIns, startStandIns } from '../local/stand-ins.js';
import { startLambda } from './lambda-process.js';

/** The one-line JSON `simulate` and `report` print per event. */
export interface RunLine {
  status: 'sent' | 'rejected' | 'skipped' | 'failed';
  reason?: string;
  recipients: string[];
  subject?: string;
  files: string[];
  costExplorerRequests: number;
  /** Set when every attempt failed: on AWS the event now waits in the dead-letter queue. */
  deadLetter?: boolean;
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

/**
 * Runs events through a built Lambda bundle in its own process against one set of stand-ins, and
 * writes each email as `<name>.html`, `<name>.txt` and `<name>.json` (the view-model).
 */
export async function runThroughBundle(options: RunOptions): Promise<RunResult> {
  mkdirSync(options.outDir, { recursive: true });
  const standIns = options.standIns ?? (await startStandIns(options));
  const lambda = await startLambda(
    options.bundle,
    {
      ...standIns.env,
      POWERTOOLS_SERVICE_NAME: options.functionName,
      POWERTOOLS_METRICS_NAMESPACE: 'BillingAlarmForwarder',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      AWS_LAMBDA_FUNCTION_NAME: options.functionName,
      ...(options.now ? { [RUNTIME_ENV.now]: options.now.toISOString() } : {}),
      ...options.env,
    },
    join(options.outDir, `${options.functionName}.log`),
    options.functionName,
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
      const result = (invocation.ok ? invocation.result : {}) as {
        status?: RunLine['status'];
        reason?: string;
        recipients?: string[];
        subject?: string;
        viewModel?: unknown;
      };
      const files = fresh.flatMap((email, i) =>
        writeEmail(options.outDir, fresh.length > 1 ? `${name}-${i + 1}` : name, email, result.viewModel),
      );
      const line: RunLine = invocation.ok
        ? {
            status: result.status ?? 'sent',
            ...(result.reason ? { reason: result.reason } : {}),
            recipients: result.recipients ?? [],
            ...(result.subject ? { subject: result.subject } : {}),
            files,
            costExplorerRequests: standIns.ce.stats.billed - billedBefore,
          }
        : {
            status: 'failed',
            reason: invocation.errors.map((e) => `${e.name}: ${e.message}`).at(-1) ?? 'failed',
            recipients: [],
            files,
            costExplorerRequests: standIns.ce.stats.billed - billedBefore,
            deadLetter: true,
          };
      lines.push(line);
      options.onLine?.(line);
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
    if (!options.standIns) await standIns.stop();
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
