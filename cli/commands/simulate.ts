import { mkdirSync } from 'node:fs';
import { parseCostExplorerFaults } from '../../local/cost-explorer-server.js';
import { organisationFromCosts, sampleOrganisationFixture } from '../../local/organization-fixture.js';
import { defineCommand, UsageError } from '../command.js';
import { asUsage, configFrom, costsAndClock, readJsonFile } from '../options.js';
import { parseSesFaults, simulate } from '../simulate.js';

/** `billing-alarms simulate`. */
export const simulateCommand = defineCommand({
  name: 'simulate',
  summary: 'run events through the built alarm bundle against the stand-ins; one JSON line per event',
  help: `billing-alarms simulate --event FILE [--event FILE …] [--costs CSV] [--now ISO] [--out DIR]
                        [--ce-faults throttle=N|down] [--ses-faults throttle=N|fail] [--verbose] [--config FILE]

  Runs the events in order through the built alarm bundle (the asset cdk deploy uploads) against one
  set of local stand-ins; prints one JSON line per event and writes <event>.html, .txt and .json.

  --event FILE    a forwarded event (repeat for several; try: billing-alarms sample-event > event.json)
  --costs CSV     a FOCUS 1.x cost export (default the bundled sample organisation)
  --now ISO       the moment of the run (default: with --costs the day after its last cost, else now)
  --out DIR       where the emails go (default out)
  --ce-faults F   Cost Explorer: throttle=N (the next N requests throttled) or down
  --ses-faults F  SES: throttle=N or fail
  --verbose       show the bundle build's output and SDK warnings
  --config FILE   the configuration (default billing-alarms.config.yaml)`,
  options: {
    event: { type: 'string', multiple: true },
    costs: { type: 'string' },
    now: { type: 'string' },
    out: { type: 'string', default: 'out' },
    'ce-faults': { type: 'string' },
    'ses-faults': { type: 'string' },
    verbose: { type: 'boolean', default: false },
  },
  async run(values, io) {
    if (!values.event?.length)
      throw new UsageError(
        'simulate needs at least one --event FILE (try: billing-alarms sample-event > event.json)',
      );
    const config = configFrom(values.config);
    const eventFiles = values.event.map((path) => ({ path, event: readJsonFile(path) }));
    const ceFaults = asUsage(() => parseCostExplorerFaults(values['ce-faults']));
    const sesFaults = asUsage(() => parseSesFaults(values['ses-faults']));
    const { rows, now } = costsAndClock(values.costs, values.now, io.note);
    mkdirSync(values.out, { recursive: true });
    const result = await simulate({
      config,
      eventFiles,
      rows,
      organisation: values.costs ? organisationFromCosts(rows, config) : sampleOrganisationFixture(config),
      now,
      outDir: values.out,
      ceFaults,
      sesFaults,
      onLine: (line) => io.print(JSON.stringify(line)),
      bundleOptions: { verbose: values.verbose, onBuild: io.note },
    });
    return result.lines.some((l) => l.status === 'failed') ? 1 : 0;
  },
});
