import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runThroughBundle } from '../../cli/run-events.js';
import type { Config } from '../../handlers/contract/config/schema.js';
import { sealConfig } from '../../handlers/contract/config/sealed.js';
import { RUNTIME_ENV } from '../../handlers/contract/runtime-env.js';
import { sampleOrganisationFixture } from '../../local/organization-fixture.js';
import type { PricingFaults } from '../../local/pricing-server.js';
import { localAccountOf } from '../../local/request-log.js';
import { sampleOrganisationCosts } from '../../local/sample-org.js';
import { type StandIns, startStandIns } from '../../local/stand-ins.js';
import { tempOut, testBundles } from './bundles.js';

/** What a run of events through the alarm bundle gave. */
export interface AlarmEventsRun<Line> {
  readonly lines: Line[];
  readonly emails: Awaited<ReturnType<typeof runThroughBundle>>['emails'];
  /** The automation events the publisher put. */
  readonly put: ReturnType<StandIns['eventBridge']['events']>;
  readonly pricing: StandIns['pricing']['stats'];
}

/**
 * Runs events through the built alarm bundle (and the publisher) against fresh stand-ins of the
 * sample organisation at `now`, with `config` sealed as the bundle's configuration; `after` runs
 * against the same stand-ins before they stop (the state the run left).
 */
export async function runAlarmEvents<Line>(
  config: Config,
  now: Date,
  events: { name: string; event: unknown }[],
  options: {
    env?: Record<string, string>;
    pricingFaults?: PricingFaults;
    after?: (standIns: StandIns, run: AlarmEventsRun<Line>, configFile: string) => Promise<void>;
  } = {},
): Promise<AlarmEventsRun<Line>> {
  const configFile = join(tempOut(), 'config.json');
  writeFileSync(configFile, sealConfig(config));
  const standIns = await startStandIns({
    costs: sampleOrganisationCosts(now),
    now,
    organisation: sampleOrganisationFixture(config),
    account: localAccountOf(config),
    ...(options.pricingFaults ? { pricingFaults: options.pricingFaults } : {}),
  });
  try {
    const bundles = testBundles();
    const run = await runThroughBundle({
      bundle: bundles.alarm,
      publisher: bundles.publisher,
      functionName: 'billing-alarm',
      events,
      costs: sampleOrganisationCosts(now),
      now,
      outDir: tempOut(),
      standIns,
      env: { [RUNTIME_ENV.configFile]: configFile, ...options.env },
      retryDelaysMs: [10, 10],
    });
    const result: AlarmEventsRun<Line> = {
      lines: run.lines as unknown as Line[],
      emails: run.emails,
      put: standIns.eventBridge.events(),
      pricing: { ...standIns.pricing.stats },
    };
    await options.after?.(standIns, result, configFile);
    return result;
  } finally {
    await standIns.stop();
  }
}
