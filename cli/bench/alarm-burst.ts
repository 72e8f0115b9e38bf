import { join } from 'node:path';
import type { Config } from '../../handlers/contract/config/schema.js';
import { ALARM_CONCURRENCY } from '../../handlers/contract/lambda-limits.js';
import { RUNTIME_ENV } from '../../handlers/contract/runtime-env.js';
import { orgCopyRecord } from '../../handlers/lib/governance/org-copy-record.js';
import { BURST_WINDOW_MS } from '../../handlers/lib/state/burst-window.js';
import type { OrgCopyRecord } from '../../handlers/lib/state/org-copy.js';
import type { GeneratedOrganisation } from '../../local/generated-org.js';
import { type OrganisationFixture, organisationFromCosts } from '../../local/organization-fixture.js';
import { startStandIns } from '../../local/stand-ins.js';
import { runMailThroughBundle } from '../run-events.js';
import { sampleEvent } from '../sample-event.js';

/** A burst of alarms, as bench.json holds it. */
export interface BurstFigures {
  readonly alarms: number;
  /** Cost Explorer requests of the whole burst, as the stand-in billed them (every page). */
  readonly ceRequests: number;
  /** Organizations calls of the whole burst (membership, OU lookup, tags), as the stand-in served them. */
  readonly organizationsCalls: number;
  /** The first email of a burst, cold start included, with every Cost Explorer request taking 1 s. */
  readonly firstEmailMs: number;
  /** Cost Explorer requests of one alarm alone (its month moved: figures and drivers), every page counted. */
  readonly loneAlarmCeRequests: number;
  /** Alarm Lambdas running at once (the function's reserved concurrency). */
  readonly concurrency: number;
  /** The same burst without reserved concurrency (Lambda runs them all at once; here `concurrency` processes). */
  readonly unreserved: { concurrency: number; ceRequests: number; organizationsCalls: number };
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

/** How a burst runs: Lambdas at once, Cost Explorer's latency, whether the organisation copy is there. */
interface BurstRun {
  readonly alarms: number;
  readonly concurrency: number;
  readonly latencyMs: number;
  readonly copy: boolean;
  readonly name: string;
}

/**
 * The copy the reconciler leaves after deploy (and the report and governance keep current): every
 * account's name, the configured OU holding it, its tags, read an hour before the burst.
 */
function copiesOf(organisation: OrganisationFixture, config: Config, now: Date): OrgCopyRecord[] {
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
 * `alarms` alarms from as many accounts through `concurrency` Lambda processes at once (each takes
 * every `concurrency`-th event, one after another, as Lambda's queue feeds a reserved function),
 * with burst windows on, against fresh stand-ins.
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
    const events = accounts.map((account) => ({
      name: account,
      event: sampleEvent(setup.config, { account, now: setup.now }),
    }));
    // Every Lambda loaded before the first event, as a burst meets warm and cold ones alike.
    let loaded = 0;
    let allLoaded: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => {
      allLoaded = resolve;
    });
    const beforeFirstEvent = () => {
      loaded += 1;
      if (loaded === run.concurrency) allLoaded();
      return ready;
    };
    const runs = await Promise.all(
      Array.from({ length: run.concurrency }, (_, lane) =>
        runMailThroughBundle({
          bundle: setup.bundle,
          functionName: 'billing-alarm',
          events: events.filter((_, i) => i % run.concurrency === lane),
          costs: setup.org,
          now: setup.now,
          outDir: join(setup.outDir, run.name, `lambda-${lane}`),
          standIns,
          sentLog: false,
          beforeFirstEvent,
          env: { [RUNTIME_ENV.burstWindowMs]: String(BURST_WINDOW_MS) },
        }),
      ),
    );
    const lines = runs.flatMap((r) => r.lines);
    const notSent = lines.filter((l) => l.status !== 'sent');
    if (notSent.length > 0)
      throw new Error(
        `${notSent.length} alarm(s) of the burst were not sent: ${notSent[0]?.status} ${notSent[0]?.reason}`,
      );
    return {
      alarms: lines.length,
      requests: standIns.ce.stats.billed,
      organizationsCalls: standIns.governance.stats.organizations,
      first: runs[0],
    };
  } finally {
    await standIns.stop();
  }
}

/**
 * A burst of alarms from different accounts in one refresh window: the Cost Explorer requests and
 * Organizations calls it makes with the function's reserved concurrency (and without it, and
 * without the organisation copy), and the first email's time (cold start and a lone alarm's
 * window included) when every Cost Explorer request takes 1 s.
 */
export async function measureBurst(setup: BurstSetup, alarms = 100): Promise<BurstFigures> {
  const reserved = await burst(setup, {
    alarms,
    concurrency: ALARM_CONCURRENCY,
    latencyMs: 0,
    copy: true,
    name: 'burst',
  });
  // Lambda would run all 100 at once; the local stand-ins (dynalite, the SES stand-in: one Node.js
  // process each) keep up with 10 on one machine.
  const unreservedConcurrency = 10;
  const unreserved = await burst(setup, {
    alarms,
    concurrency: unreservedConcurrency,
    latencyMs: 0,
    copy: true,
    name: 'burst-unreserved',
  });
  const withoutCopy = await burst(setup, {
    alarms,
    concurrency: ALARM_CONCURRENCY,
    latencyMs: 0,
    copy: false,
    name: 'burst-without-copy',
  });
  const first = await burst(setup, {
    alarms: 1,
    concurrency: 1,
    latencyMs: 1_000,
    copy: true,
    name: 'burst-first-at-1s',
  });
  return {
    alarms: reserved.alarms,
    ceRequests: reserved.requests,
    organizationsCalls: reserved.organizationsCalls,
    firstEmailMs: Math.round((first.first?.initMs ?? 0) + (first.first?.invocations[0]?.durationMs ?? 0)),
    loneAlarmCeRequests: first.requests,
    concurrency: ALARM_CONCURRENCY,
    unreserved: {
      concurrency: unreservedConcurrency,
      ceRequests: unreserved.requests,
      organizationsCalls: unreserved.organizationsCalls,
    },
    withoutCopy: { organizationsCalls: withoutCopy.organizationsCalls },
  };
}
