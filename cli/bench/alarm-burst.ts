import { join } from 'node:path';
import type { Config } from '../../handlers/contract/config/schema.js';
import type { GeneratedOrganisation } from '../../local/generated-org.js';
import { organisationFromCosts } from '../../local/organization-fixture.js';
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
}

/** What a burst needs. */
export interface BurstSetup {
  readonly config: Config;
  readonly bundle: string;
  readonly org: GeneratedOrganisation;
  readonly now: Date;
  readonly outDir: string;
}

/** `alarms` alarms from as many accounts, through the bundle against fresh stand-ins; Cost Explorer answering after `latencyMs`. */
async function burst(setup: BurstSetup, alarms: number, latencyMs: number, name: string) {
  const organisation = organisationFromCosts(setup.org, setup.config);
  const accounts = organisation.accounts
    .map((a) => a.id)
    .filter((id) => id !== setup.config.organization.managementAccountId)
    .slice(0, alarms);
  const standIns = await startStandIns({
    costs: setup.org,
    now: setup.now,
    ceLatencyMs: latencyMs,
    organisation,
  });
  try {
    const run = await runMailThroughBundle({
      bundle: setup.bundle,
      functionName: 'billing-alarm',
      events: accounts.map((account) => ({
        name: account,
        event: sampleEvent(setup.config, { account, now: setup.now }),
      })),
      costs: setup.org,
      now: setup.now,
      outDir: join(setup.outDir, name),
      standIns,
      sentLog: false,
    });
    const notSent = run.lines.filter((l) => l.status !== 'sent');
    if (notSent.length > 0)
      throw new Error(
        `${notSent.length} alarm(s) of the burst were not sent: ${notSent[0]?.status} ${notSent[0]?.reason}`,
      );
    return {
      requests: standIns.ce.stats.billed,
      organizationsCalls: standIns.governance.stats.organizations,
      run,
    };
  } finally {
    await standIns.stop();
  }
}

/**
 * A burst of alarms from different accounts in one refresh window: the Cost Explorer requests and
 * Organizations calls it makes, and the first email's time (cold start included) when every Cost
 * Explorer request takes 1 s.
 */
export async function measureBurst(setup: BurstSetup, alarms = 100): Promise<BurstFigures> {
  const all = await burst(setup, alarms, 0, 'burst');
  const first = await burst(setup, 1, 1_000, 'burst-first-at-1s');
  return {
    alarms: all.run.lines.length,
    ceRequests: all.requests,
    organizationsCalls: all.organizationsCalls,
    firstEmailMs: Math.round(first.run.initMs + (first.run.invocations[0]?.durationMs ?? 0)),
  };
}
