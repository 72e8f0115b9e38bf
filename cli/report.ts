import { REPORT_SCHEDULE_SOURCE } from '../handlers/lib/billing-constants.js';
import type { Config } from '../handlers/lib/config/schema.js';
import type { CostRow } from '../local/focus-csv.js';
import type { GovernanceFaults } from '../local/governance-server.js';
import type { OrganisationFixture } from '../local/organization-fixture.js';
import type { StandIns } from '../local/stand-ins.js';
import { buildLambdaBundles } from './bundles.js';
import { type RunLine, type RunResult, runThroughBundle } from './run-events.js';

/** Options of {@link report}. */
export interface ReportOptions {
  readonly config: Config;
  readonly rows: readonly CostRow[];
  readonly organisation: OrganisationFixture;
  readonly now: Date;
  readonly outDir: string;
  readonly governanceFaults?: GovernanceFaults;
  readonly onLine?: (line: RunLine) => void;
  /** A bundle built earlier for the same configuration. @default - built now */
  readonly bundle?: string;
  readonly standIns?: StandIns;
  readonly pageSize?: number;
}

/** The payload EventBridge Scheduler sends at `now`. */
export function scheduledPayload(now: Date) {
  return { source: REPORT_SCHEDULE_SOURCE, scheduledTime: now.toISOString().replace(/\.\d{3}Z$/, 'Z') };
}

/** `billing-alarms report`: the scheduled payload through the built report bundle against the stand-ins. */
export async function report(options: ReportOptions): Promise<RunResult> {
  const bundle = options.bundle ?? (await buildLambdaBundles(options.config)).report;
  return runThroughBundle({
    bundle,
    functionName: 'billing-report',
    events: [{ name: 'org-report', event: scheduledPayload(options.now) }],
    rows: options.rows,
    now: options.now,
    outDir: options.outDir,
    organisation: options.organisation,
    ...(options.governanceFaults ? { governanceFaults: options.governanceFaults } : {}),
    ...(options.onLine ? { onLine: options.onLine } : {}),
    ...(options.standIns ? { standIns: options.standIns } : {}),
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
  });
}
