import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseCostExplorerFaults } from '../local/cost-explorer-server.js';
import { organisationFromCosts, sampleOrganisationFixture } from '../local/organization-fixture.js';
import { bench } from './bench.js';
import { buildLambdaBundles } from './bundles.js';
import { demo } from './demo.js';
import { configFrom, costsAndClock, nowFrom, readJsonFile, UsageError } from './options.js';
import { report } from './report.js';
import { sampleEvent } from './sample-event.js';
import { parseSesFaults, simulate } from './simulate.js';

const USAGE = `billing-alarms <command> [options]

  demo [--out DIR] [--serve]
      the sample organisation through the real handlers; emails into out/
  sample-event [--account ID] [--ou ID] [--tier warning|critical] [--state ALARM|OK] [--charges N] [--now ISO]
      print a forwarded billing-alarm event for the current config
  simulate --event FILE [--event FILE …] [--costs CSV] [--now ISO] [--out DIR]
           [--ce-faults throttle=N|down] [--ses-faults throttle=N|fail]
      run events through the built alarm bundle against local stand-ins; one JSON line per event
  report [--costs CSV] [--now ISO] [--out DIR] [--coverage-faults deny]
      build and send the organisation report through the built report bundle; one JSON line
  bench [--out DIR]
      bundle size and init time, alarm-burst and report-at-scale figures (prints, asserts nothing)
  build
      synthesize and bundle the Lambdas; print the bundle paths

  Every command takes --config FILE (default billing-alarms.config.yaml).`;

const print = (text: string) => process.stdout.write(`${text}\n`);

/** Runs a flag parser; its error is a usage error (exit 2, no stack trace). */
function asUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      config: { type: 'string' },
      out: { type: 'string', default: 'out' },
      event: { type: 'string', multiple: true },
      costs: { type: 'string' },
      now: { type: 'string' },
      'ce-faults': { type: 'string' },
      'ses-faults': { type: 'string' },
      account: { type: 'string' },
      ou: { type: 'string' },
      tier: { type: 'string' },
      state: { type: 'string' },
      charges: { type: 'string' },
      serve: { type: 'boolean', default: false },
      'coverage-faults': { type: 'string' },
    },
    allowPositionals: false,
  });
  switch (command) {
    case 'sample-event': {
      const tier = values.tier ?? 'critical';
      if (tier !== 'warning' && tier !== 'critical')
        throw new UsageError(`--tier must be warning or critical, got "${tier}"`);
      const state = values.state ?? 'ALARM';
      if (state !== 'ALARM' && state !== 'OK')
        throw new UsageError(`--state must be ALARM or OK, got "${state}"`);
      const charges = values.charges === undefined ? undefined : Number(values.charges);
      if (charges !== undefined && !Number.isFinite(charges))
        throw new UsageError(`--charges must be a number, got "${values.charges}"`);
      const now = nowFrom(values.now);
      print(
        JSON.stringify(
          sampleEvent(configFrom(values.config), {
            ...(values.account ? { account: values.account } : {}),
            ...(values.ou ? { ouId: values.ou } : {}),
            tier,
            state,
            ...(charges !== undefined ? { charges } : {}),
            ...(now ? { now } : {}),
          }),
          null,
          2,
        ),
      );
      return 0;
    }
    case 'simulate': {
      if (!values.event?.length)
        throw new UsageError(
          'simulate needs at least one --event FILE (try: billing-alarms sample-event > event.json)',
        );
      const config = configFrom(values.config);
      const { rows, now } = costsAndClock(values.costs, values.now);
      mkdirSync(values.out, { recursive: true });
      await simulate({
        config,
        eventFiles: values.event.map((path) => ({ path, event: readJsonFile(path) })),
        rows,
        organisation: values.costs ? organisationFromCosts(rows, config) : sampleOrganisationFixture(config),
        now,
        outDir: values.out,
        ceFaults: asUsage(() => parseCostExplorerFaults(values['ce-faults'])),
        sesFaults: asUsage(() => parseSesFaults(values['ses-faults'])),
        onLine: (line) => print(JSON.stringify(line)),
      });
      return 0;
    }
    case 'report': {
      const config = configFrom(values.config);
      const { rows, now } = costsAndClock(values.costs, values.now);
      const faults = values['coverage-faults'];
      if (faults !== undefined && faults !== 'deny')
        throw new UsageError(`--coverage-faults must be "deny", got "${faults}"`);
      mkdirSync(values.out, { recursive: true });
      const result = await report({
        config,
        rows,
        organisation: values.costs ? organisationFromCosts(rows, config) : sampleOrganisationFixture(config),
        now,
        outDir: values.out,
        ...(faults ? { governanceFaults: { deny: true } } : {}),
        onLine: (line) => print(JSON.stringify(line)),
      });
      return result.lines.every((l) => l.status === 'sent') ? 0 : 1;
    }
    case 'demo': {
      mkdirSync(values.out, { recursive: true });
      const lines = await demo({
        config: configFrom(values.config),
        outDir: values.out,
        serve: values.serve,
        print,
      });
      return lines.every((l) => l.status === 'sent') ? 0 : 1;
    }
    case 'bench': {
      mkdirSync(values.out, { recursive: true });
      await bench({ config: configFrom(values.config), outDir: values.out, print });
      return 0;
    }
    case 'build': {
      const bundles = await buildLambdaBundles(configFrom(values.config));
      print(JSON.stringify(bundles, null, 2));
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
      print(USAGE);
      return 0;
    default:
      throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const e = err as Error & { code?: string };
    if (err instanceof UsageError || e.code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`billing-alarms: ${e.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`billing-alarms: ${e.stack ?? e.message}\n`);
    process.exit(1);
  },
);
