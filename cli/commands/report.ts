import { mkdirSync } from 'node:fs';
import { organisationFromCosts, sampleOrganisationFixture } from '../../local/organization-fixture.js';
import { defineCommand, UsageError } from '../command.js';
import { configFrom, costsAndClock } from '../options.js';
import { report } from '../report.js';

/** `billing-alarms report`. */
export const reportCommand = defineCommand({
  name: 'report',
  summary: 'build and send the organisation report through the built report bundle; one JSON line',
  help: `billing-alarms report [--costs CSV] [--now ISO] [--out DIR] [--coverage-faults deny] [--verbose] [--config FILE]

  Runs the scheduled payload through the built report bundle against the local stand-ins (Cost
  Explorer, SES, DynamoDB, Organizations, CloudFormation); prints one JSON line and writes
  org-report.html, .txt and .json.

  --costs CSV           a FOCUS 1.x cost export (default the bundled sample organisation)
  --now ISO             the scheduled time (default: with --costs the day after its last cost, else now)
  --out DIR             where the email goes (default out)
  --coverage-faults F   deny: Organizations and CloudFormation answer AccessDenied
  --verbose             show the bundle build's output and SDK warnings
  --config FILE         the configuration (default billing-alarms.config.yaml)`,
  options: {
    costs: { type: 'string' },
    now: { type: 'string' },
    out: { type: 'string', default: 'out' },
    'coverage-faults': { type: 'string' },
    verbose: { type: 'boolean', default: false },
  },
  async run(values, io) {
    const config = configFrom(values.config);
    const faults = values['coverage-faults'];
    if (faults !== undefined && faults !== 'deny')
      throw new UsageError(`--coverage-faults must be "deny", got "${faults}"`);
    const { rows, now } = costsAndClock(values.costs, values.now, io.note);
    mkdirSync(values.out, { recursive: true });
    const result = await report({
      config,
      rows,
      organisation: values.costs ? organisationFromCosts(rows, config) : sampleOrganisationFixture(config),
      now,
      outDir: values.out,
      ...(faults ? { governanceFaults: { deny: true } } : {}),
      onLine: (line) => io.print(JSON.stringify(line)),
      bundleOptions: { verbose: values.verbose, onBuild: io.note },
    });
    return result.lines.some((l) => l.status === 'failed') ? 1 : 0;
  },
});
