import { join } from 'node:path';
import type { Config } from '../../handlers/contract/config/schema.js';
import { ALARM_BATCH_SIZE, ALARM_BATCH_WINDOW_SECONDS } from '../../handlers/contract/lambda-limits.js';
import type { BatchAnswer } from '../../handlers/lib/alarm/alarm-handler.js';
import { orgCopyRecord } from '../../handlers/lib/governance/org-copy-record.js';
import type { OrgCopyRecord } from '../../handlers/lib/state/org-copy.js';
import type { GeneratedOrganisation } from '../../local/generated-org.js';
import { type OrganisationFixture, organisationFromCosts } from '../../local/organization-fixture.js';
import { startStandIns } from '../../local/stand-ins.js';
import { runThroughBundle } from '../run-events.js';
import { sampleEvent } from '../sample-event.js';
import { type BatchingModel, batchesOf, sqsBatchEvent } from './sqs-batches.js';

/** A burst of alarms, as bench.json holds it. */
export interface BurstFigures {
  readonly alarms: number;
  /** Cost Explorer requests of the whole burst, as the stand-in billed them (every page). */
  readonly ceRequests: number;
  /** Organizations calls of the whole burst (membership, OU lookup, tags), as the stand-in served them. */
  readonly organizationsCalls: number;
  /** From the first alarm's arrival in the queue to the end of the batch that mailed it (its batching window, a cold start, 1 s per Cost Explorer request). */
  readonly firstEmailMs: number;
  /** Cost Explorer requests of one alarm alone (its month moved: figures and drivers), every page counted. */
  readonly loneAlarmCeRequests: number;
  /** Over how long the alarms arrived, evenly spread. */
  readonly spreadMs: number;
  /** The event source mapping as the stack sets it, and the pollers assumed for the headline figures. */
  readonly batching: BatchingModel;
  /** Batches the burst made, and the longest one's handler time. */
  readonly batches: number;
  readonly longestBatchMs: number;
  /** The same burst gathered by one poller (each window one batch): the floor of the design. */
  readonly onePoller: { batches: number; ceRequests: number };
  /** The same burst without an organisation copy: every alarm asks Organizations. */
  readonly withoutCopy: { organizationsCalls: number };
}

/** What a burst needs. */
export interface BurstSetup {
  readonly config: Config;
  readonly bundle: string;
  readonly org: GeneratedOrganisation;
  readonly now: Date;
  readonly outDir: string;
}

/** How a burst runs: how its batches are gathered, Cost Explorer's latency, whether the organisation copy is there. */
interface BurstRun {
  readonly alarms: number;
  readonly spreadMs: number;
  readonly batching: BatchingModel;
  readonly latencyMs: number;
  readonly copy: boolean;
  readonly name: string;
}

/**
 * The copy the reconciler leaves after deploy (and the report and governance keep current): every
 * account's name, the configured OU holding it, its tags, read an hour before the burst.
 */
export function copiesOf(organisation: OrganisationFixture, config: Config, now: Date): OrgCopyRecord[] {
  const configured = new Set(config.thresholds.organizationalUnits.map((o) => o.id));
  const target = config.organization.targetOrganizationalUnitIds[0] ?? 'ou-none-00000000';
  const readAt = new Date(now.getTime() - 3_600_000);
  return organisation.accounts.map((a) => {
    const ouPath = a.parentId ? [a.parentId, target] : [target];
    const ouId = ouPath.find((ou) => configured.has(ou));
    return orgCopyRecord(
      config,
      { accountId: a.id, name: a.name, ouPath, ...(ouId ? { ouId } : {}), tags: { ...(a.tags ?? {}) } },
      readAt,
      'reconcile',
    );
  });
}

/**
 * `alarms` alarms from as many accounts, arriving evenly over `spreadMs` in the alarm queue,
 * gathered into batches as the event source mapping would (`sqs-batches.ts`) and each batch
 * invoked on the compiled alarm bundle when its window ends — one Lambda process per poller, as
 * each poller's batches run one after another — against fresh stand-ins.
 */
async function burst(setup: BurstSetup, run: BurstRun) {
  const organisation = organisationFromCosts(setup.org, setup.config);
  const accounts = organisation.accounts
    .map((a) => a.id)
    .filter((id) => id !== setup.config.organization.managementAccountId)
    .slice(0, run.alarms);
  const standIns = await startStandIns({
    costs: setup.org,
    now: setup.now,
    ceLatencyMs: run.latencyMs,
    organisation,
    ...(run.copy ? { orgCopies: copiesOf(organisation, setup.config, setup.now) } : {}),
  });
  try {
    const events = accounts.map((account) => sampleEvent(setup.config, { account, now: setup.now }));
    const arrivals = events.map((_, i) => Math.round((i * run.spreadMs) / Math.max(1, events.length - 1)));
    const batches = batchesOf(arrivals, run.batching);
    const pollers = [...new Set(batches.map((b) => b.poller))];
    // Every Lambda loaded before the first alarm arrives, as a burst meets warm and cold ones alike.
    let loaded = 0;
    let allLoaded: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => {
      allLoaded = resolve;
    });
    let start = 0;
    const beforeFirstEvent = () => {
      loaded += 1;
      if (loaded === pollers.length) {
        start = Date.now();
        allLoaded();
      }
      return ready;
    };
    // The schedule is known before the start: each batch's `at` is set once everyone is loaded.
    const lanes = pollers.map((poller) => batches.filter((b) => b.poller === poller));
    const runs = await Promise.all(
      lanes.map((lane, n) =>
        runThroughBundle({
          bundle: setup.bundle,
          functionName: 'billing-alarm',
          events: lane.map((b, i) => ({
            name: `batch-${n}-${i}`,
            event: sqsBatchEvent(
              b.messages.map((m) => events[m]),
              'arn:aws:sqs:us-east-1:000000000000:alarm-queue',
            ),
            get at() {
              return start + b.at;
            },
          })),
          costs: setup.org,
          now: setup.now,
          outDir: join(setup.outDir, run.name, `poller-${n}`),
          standIns,
          sentLog: false,
          beforeFirstEvent,
        }),
      ),
    );
    const answers = runs.flatMap((r) => r.lines.map((l) => l));
    const items = runs.flatMap((r) => r.answers).flatMap((a) => (a as BatchAnswer).items ?? []);
    const notSent = items.filter((i) => i.result?.status !== 'sent');
    if (items.length !== run.alarms || notSent.length > 0 || answers.some((l) => l.status === 'failed'))
      throw new Error(
        `${run.alarms - items.length + notSent.length} alarm(s) of the burst were not sent: ${notSent[0]?.error ?? notSent[0]?.result?.status ?? 'a batch failed'}`,
      );
    // The first alarm's batch: from its arrival (time 0) to its batch's end.
    const firstLane = lanes.findIndex((lane) => lane.some((b) => b.messages.includes(0)));
    const firstIndex = lanes[firstLane]?.findIndex((b) => b.messages.includes(0)) ?? 0;
    const firstBatch = lanes[firstLane]?.[firstIndex];
    const firstRun = runs[firstLane];
    // Its Lambda was loaded before the burst: its cold start is added, as AWS would start one then.
    const firstEmailMs =
      (firstBatch?.at ?? 0) +
      (firstRun?.initMs ?? 0) +
      (firstRun?.invocations[firstIndex]?.durationMs ?? Number.NaN);
    return {
      alarms: items.length,
      requests: standIns.ce.stats.billed,
      organizationsCalls: standIns.governance.stats.organizations,
      batches: batches.length,
      longestBatchMs: Math.max(...runs.flatMap((r) => r.invocations.map((i) => i.durationMs))),
      firstEmailMs,
    };
  } finally {
    await standIns.stop();
  }
}

/**
 * A burst of alarms from different accounts within a minute, through the alarm queue: the Cost
 * Explorer requests and Organizations calls it makes as AWS's five pollers would gather it (and
 * as one poller would, and without the organisation copy), and the first alarm's time from its
 * arrival to its batch's end when every Cost Explorer request takes 1 s.
 */
export async function measureBurst(setup: BurstSetup, alarms = 100): Promise<BurstFigures> {
  const spreadMs = 60_000;
  const stack = { windowMs: ALARM_BATCH_WINDOW_SECONDS * 1_000, batchSize: ALARM_BATCH_SIZE };
  const batching = { ...stack, pollers: 5 };
  const headline = await burst(setup, {
    alarms,
    spreadMs,
    batching,
    latencyMs: 1_000,
    copy: true,
    name: 'burst',
  });
  const onePoller = await burst(setup, {
    alarms,
    spreadMs,
    batching: { ...stack, pollers: 1 },
    latencyMs: 0,
    copy: true,
    name: 'burst-one-poller',
  });
  // Organizations only: the batching does not change them, so the alarms come at once.
  const withoutCopy = await burst(setup, {
    alarms,
    spreadMs: 0,
    batching: { ...stack, windowMs: 0, pollers: 1 },
    latencyMs: 0,
    copy: false,
    name: 'burst-without-copy',
  });
  const lone = await burst(setup, {
    alarms: 1,
    spreadMs: 0,
    batching: { ...stack, windowMs: 0, pollers: 1 },
    latencyMs: 0,
    copy: true,
    name: 'burst-lone-alarm',
  });
  return {
    alarms: headline.alarms,
    ceRequests: headline.requests,
    organizationsCalls: headline.organizationsCalls,
    firstEmailMs: Math.round(headline.firstEmailMs),
    loneAlarmCeRequests: lone.requests,
    spreadMs,
    batching,
    batches: headline.batches,
    longestBatchMs: Math.round(headline.longestBatchMs),
    onePoller: { batches: onePoller.batches, ceRequests: onePoller.requests },
    withoutCopy: { organizationsCalls: withoutCopy.organizationsCalls },
  };
}
