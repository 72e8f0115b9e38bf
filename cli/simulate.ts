import { basename, resolve } from 'node:path';
import type { Config } from '../handlers/contract/config/schema.js';
import { ALARM_TIMEOUT_SECONDS, GOVERNANCE_TIMEOUT_SECONDS } from '../handlers/contract/lambda-limits.js';
import { GOVERNANCE_SWEEP_SOURCE } from '../handlers/contract/payer-alarms.js';
import { readGovernanceEvent } from '../handlers/lib/governance/governance-event.js';
import type { OrganisationFixture } from '../local/organization-fixture.js';
import { localAccountOf } from '../local/request-log.js';
import { startStandIns } from '../local/stand-ins.js';
import { type BundleOptions, lambdaBundles } from './bundles.js';
import { keepFailedEvents, type LocalDeadLetters } from './dead-letters.js';
import { type RunOptions, type RunResult, runThroughBundle } from './run-events.js';
import { writeEventsLog, writeSentLog } from './run-logs.js';

/** Organizations and CloudFormation events go to the governance Lambda; everything else to the alarm Lambda. */
const isGovernanceEvent = (event: unknown) => {
  const source = (event as { source?: unknown } | null)?.source;
  return (
    source === 'aws.organizations' || source === 'aws.cloudformation' || source === GOVERNANCE_SWEEP_SOURCE
  );
};

/** Options of {@link simulate}: a run's options, with event files instead of named events. */
export interface SimulateOptions extends Omit<RunOptions, 'bundle' | 'functionName' | 'events'> {
  readonly config: Config;
  readonly eventFiles: readonly { path: string; event: unknown }[];
  /** A bundle built earlier for the same configuration. @default - the cached (or newly built) bundle */
  readonly bundle?: string;
  /** How the bundles are found or built when `bundle` is not given. */
  readonly bundleOptions?: BundleOptions;
  /** Told the alert items as the run left them (mailed crossings open alerts, OK resolves them). */
  readonly onAlerts?: (items: Record<string, unknown>[]) => void;
  /** Told the organisation as the run left it (governance events change stack instances). */
  readonly onOrganisation?: (state: OrganisationFixture) => void;
  /** Where events that failed every attempt are kept, with the state table, for `redrive --local`. */
  readonly deadLetters?: { readonly file: string; readonly run: LocalDeadLetters['run'] };
}

/**
 * `billing-alarms simulate`: events in order against one set of stand-ins — billing-alarm events
 * through the built alarm bundle, Organizations and StackSet events through the governance bundle.
 * An Organizations `MoveAccount` has already happened when its event arrives: the stand-in moves
 * the account first.
 */
export async function simulate(options: SimulateOptions): Promise<RunResult> {
  const built = options.bundle ? undefined : await lambdaBundles(options.config, options.bundleOptions);
  const used = new Map<string, number>();
  const inputs = new Set(options.eventFiles.map(({ path }) => resolve(path)));
  const events = options.eventFiles.map(({ path, event }) => {
    const stem = basename(path).replace(/\.json$/i, '');
    const n = (used.get(stem) ?? 0) + 1;
    used.set(stem, n);
    const name = n > 1 ? `${stem}-${n}` : stem;
    // Never write the email's files over an event file given as input (same folder as --out).
    return { name: inputs.has(resolve(options.outDir, `${name}.json`)) ? `${name}-email` : name, event };
  });
  // Consecutive events of one kind run through one Lambda process, as a warm Lambda would.
  const segments: { governance: boolean; events: typeof events }[] = [];
  for (const e of events) {
    const governance = isGovernanceEvent(e.event);
    const last = segments.at(-1);
    if (last && last.governance === governance) last.events.push(e);
    else segments.push({ governance, events: [e] });
  }
  const standIns =
    options.standIns ?? (await startStandIns({ account: localAccountOf(options.config), ...options }));
  const results: RunResult[] = [];
  const alreadySent = (await standIns.ses.emails()).length;
  const alreadyPut = standIns.eventBridge.events().length;
  try {
    for (const segment of segments) {
      if (segment.governance) {
        for (const { event } of segment.events) {
          const read = readGovernanceEvent(event, standIns.governance.state().stackSetName);
          if (read.kind === 'check' && read.account.cause === 'MoveAccount' && read.account.destinationOu)
            standIns.governance.moveAccount(read.account.accountId, read.account.destinationOu);
        }
      }
      results.push(
        await runThroughBundle({
          timeoutMs: (segment.governance ? GOVERNANCE_TIMEOUT_SECONDS : ALARM_TIMEOUT_SECONDS) * 1000,
          ...options,
          standIns,
          bundle: options.bundle ?? (segment.governance ? built?.governance : built?.alarm) ?? '',
          functionName: segment.governance ? 'billing-governance' : 'billing-alarm',
          events: segment.events,
          sentLog: false,
          ...(built && !segment.governance ? { publisher: built.publisher } : {}),
          // SES's sending events go to the alarm function, whichever bundle sends.
          ...(segment.governance ? {} : { sendingEvents: built?.alarm ?? options.bundle ?? '' }),
        }),
      );
    }
    if (options.sentLog ?? true) {
      writeSentLog(options.outDir, (await standIns.ses.emails()).slice(alreadySent));
      writeEventsLog(options.outDir, standIns.eventBridge.events().slice(alreadyPut));
    }
    options.onOrganisation?.(standIns.governance.state());
    options.onAlerts?.(await standIns.alertItems());
    if (options.deadLetters) {
      const { file, run } = options.deadLetters;
      const lines = results.flatMap((r) => r.lines);
      if (lines.some((l) => l.status === 'failed'))
        keepFailedEvents(file, events, lines, await standIns.dynamo.items(), run, new Date());
    }
  } finally {
    if (!options.standIns) await standIns.stop();
  }
  return {
    lines: results.flatMap((r) => r.lines),
    emails: results.flatMap((r) => r.emails),
    costExplorer: { ...standIns.ce.stats },
    initMs: results[0]?.initMs ?? 0,
    viewerUrl: standIns.ses.viewerUrl,
    invocations: results.flatMap((r) => r.invocations),
    destinations: results.flatMap((r) => r.destinations),
    answers: results.flatMap((r) => r.answers),
  };
}
