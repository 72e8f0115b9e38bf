import { REPORT_SCHEDULE_SOURCE } from '../handlers/contract/billing.js';
import type { Config } from '../handlers/contract/config/schema.js';
import { REPORT_TIMEOUT_SECONDS } from '../handlers/contract/lambda-limits.js';
import type { OrganisationFixture } from '../local/organization-fixture.js';
import { localAccountOf } from '../local/request-log.js';
import { type BundleOptions, lambdaBundles } from './bundles.js';
import { type RunOptions, type RunResult, runMailThroughBundle } from './run-events.js';
import type { RunLine } from './run-lines.js';

/** Options of {@link report}: a run's options, with the organisation and clock it needs. */
export interface ReportOptions extends Omit<RunOptions, 'bundle' | 'functionName' | 'events'> {
  readonly config: Config;
  readonly organisation: OrganisationFixture;
  readonly now: Date;
  /** A bundle built earlier for the same configuration. @default - the cached (or newly built) bundle */
  readonly bundle?: string;
  /** How the bundles are found or built when `bundle` is not given. */
  readonly bundleOptions?: BundleOptions;
}

/** The payload EventBridge Scheduler sends at `now`. */
export function scheduledPayload(now: Date) {
  return { source: REPORT_SCHEDULE_SOURCE, scheduledTime: now.toISOString().replace(/\.\d{3}Z$/, 'Z') };
}

/** `billing-alarms report`: the scheduled payload through the built report bundle against the stand-ins. */
export async function report(options: ReportOptions): Promise<RunResult<RunLine>> {
  const built = options.bundle ? undefined : await lambdaBundles(options.config, options.bundleOptions);
  return runMailThroughBundle({
    timeoutMs: REPORT_TIMEOUT_SECONDS * 1000,
    account: localAccountOf(options.config),
    ...(built ? { publisher: built.publisher, sendingEvents: built.alarm } : {}),
    ...options,
    bundle: options.bundle ?? built?.report ?? '',
    functionName: 'billing-report',
    events: [{ name: 'org-report', event: scheduledPayload(options.now) }],
  });
}
