import { readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { organisationFromCosts } from '../../local/organization-fixture.js';
import { startStandIns } from '../../local/stand-ins.js';
import { runThroughBundle } from '../run-events.js';
import { sampleEvent } from '../sample-event.js';
import { type BurstSetup, copiesOf } from './alarm-burst.js';
import { median } from './stats.js';

/** A cold alarm's time to its email, the deferred module loaded as shipped and loaded at init. */
export interface ColdAlarmFigures {
  readonly rounds: number;
  /** Cost Explorer's time per request in the runs (the other stand-ins answer as fast as they can). */
  readonly ceLatencyMs: number;
  /** Medians of init + the first alarm's handler time (sent), as shipped: the alarm imports the deferred module. */
  readonly deferredMs: number;
  readonly deferredInitMs: number;
  /** The same code with the deferred module imported at init (`eager.mjs` beside the entry). */
  readonly eagerMs: number;
  readonly eagerInitMs: number;
  /** Median over the rounds of deferred ÷ eager: below 1 when the deferred compile hides behind the alarm's requests. */
  readonly ratio: number;
}

/**
 * A copy of the entry that imports the deferred module statically: the same files, the deferred
 * compile moved back into init — what the one-file bundle did. Written beside the entry (the
 * chunks are found relative to it) as `eager.mjs`.
 */
function eagerEntry(entry: string): string {
  const dir = dirname(entry);
  const deferred = readdirSync(join(dir, 'chunks')).find(
    (f) => f.startsWith('deferred-') && f.endsWith('.mjs'),
  );
  if (!deferred) throw new Error(`${entry} has no deferred module (chunks/deferred-*.mjs)`);
  const eager = join(dir, 'eager.mjs');
  writeFileSync(eager, `import './chunks/${deferred}';\nexport * from './${basename(entry)}';\n`);
  return eager;
}

/**
 * Cold alarms, one fresh Lambda process each, alternating the bundle as shipped and its eager
 * twin over `rounds` rounds: each alarm from an account of its own (so that none is a duplicate or
 * within another's re-alert window), every one of them mailed, the organisation copy current.
 * The time is the runner's: the bundle's import, then the handler until it returns.
 */
export async function measureColdAlarm(
  setup: BurstSetup,
  rounds = 15,
  ceLatencyMs = 100,
): Promise<ColdAlarmFigures> {
  const organisation = organisationFromCosts(setup.org, setup.config);
  const accounts = organisation.accounts
    .map((a) => a.id)
    .filter((id) => id !== setup.config.organization.managementAccountId);
  if (accounts.length < 2 * rounds + 2)
    throw new Error(`${2 * rounds + 2} accounts needed, ${accounts.length} generated`);
  const standIns = await startStandIns({
    costs: setup.org,
    now: setup.now,
    ceLatencyMs,
    organisation,
    orgCopies: copiesOf(organisation, setup.config, setup.now),
  });
  const variants = { deferred: setup.bundle, eager: eagerEntry(setup.bundle) };
  const times: Record<keyof typeof variants, { total: number; init: number }[]> = { deferred: [], eager: [] };
  let next = 0;
  const once = async (variant: keyof typeof variants) => {
    const account = accounts[next++] as string;
    const run = await runThroughBundle({
      bundle: variants[variant],
      functionName: 'billing-alarm',
      events: [
        { name: `${variant}-${account}`, event: sampleEvent(setup.config, { account, now: setup.now }) },
      ],
      costs: setup.org,
      now: setup.now,
      outDir: join(setup.outDir, 'cold-alarm'),
      standIns,
      sentLog: false,
    });
    const handler = run.invocations[0];
    if (run.lines[0]?.status !== 'sent' || !handler)
      throw new Error(`the cold alarm from ${account} was not sent: ${run.lines[0]?.status ?? 'no answer'}`);
    times[variant].push({ total: run.initMs + handler.durationMs, init: run.initMs });
  };
  try {
    await once('deferred'); // the file cache warm for both, the stand-ins' first requests behind them
    await once('eager');
    times.deferred.length = 0;
    times.eager.length = 0;
    for (let i = 0; i < rounds; i++) {
      const order: (keyof typeof variants)[] = i % 2 === 0 ? ['deferred', 'eager'] : ['eager', 'deferred'];
      for (const v of order) await once(v);
    }
  } finally {
    await standIns.stop();
  }
  const total = (v: keyof typeof variants) => median(times[v].map((t) => t.total));
  const init = (v: keyof typeof variants) => median(times[v].map((t) => t.init));
  return {
    rounds,
    ceLatencyMs,
    deferredMs: total('deferred'),
    deferredInitMs: init('deferred'),
    eagerMs: total('eager'),
    eagerInitMs: init('eager'),
    ratio: median(times.deferred.map((t, i) => t.total / (times.eager[i] as { total: number }).total)),
  };
}
