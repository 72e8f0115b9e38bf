import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { bench, benchColdAlarm, benchColdStart, benchCsv } from '../bench.js';
import { lambdaBundles } from '../bundles.js';
import { defineCommand, UsageError } from '../command.js';

/** A comma-separated list of positive whole numbers, or a usage error naming the option. */
function counts(option: string, text: string): number[] {
  const list = text.split(',').map((t) => t.trim());
  const bad = list.find((t) => !/^[1-9]\d{0,5}$/.test(t));
  if (bad !== undefined)
    throw new UsageError(`${option} takes whole numbers from 1 to 999999, comma-separated; got "${bad}"`);
  return list.map(Number);
}

import { configFrom } from '../options.js';

/** `--csv-rows`: a whole number of rows from 1 to 99,999,999. */
function csvRows(text: string): number {
  if (!/^[1-9]\d{0,7}$/.test(text.trim()))
    throw new UsageError(`--csv-rows takes a whole number of rows from 1 to 99999999; got "${text}"`);
  return Number(text);
}

/** `billing-alarms bench`. */
export const benchCommand = defineCommand({
  name: 'bench',
  summary: 'bundle size, cold start, alarm burst and report at scale: figures and ratios, out/bench.json',
  help: `billing-alarms bench [--out DIR] [--accounts N,N] [--services N,N] [--rounds N] [--init-only] [--verbose] [--config FILE]

  Measures the alarm bundle's size and init against a bare handler with the same SDK clients, a
  burst of 100 alarms from 100 accounts (Cost Explorer requests, Organizations calls, the first
  email's time), and the report of generated organisations (Cost Explorer requests at 5,000 and
  1,000 groups per page, time at 1 s per request, peak memory, HTML and cache size; at the largest
  size once more with 250 ms per Organizations and CloudFormation call, saying whether coverage
  completed), the coverage read alone at that latency (time, calls), beside the seeds' per-account
  loop (two requests per account, timed for real at 50 ms per request); prints figures with their
  targets and writes DIR/bench.json.
  Asserts nothing. The full run takes several minutes.

  --out DIR          where bench.json and the runs' files go (default out)
  --accounts N,N     organisation sizes of the report runs (default 1000,5000,20000)
  --services N,N     services per account of the report runs (default 3,50,200)
  --rounds N         interleaved cold starts (default 25)
  --init-only        only the bundle size and init against the bare handler (under a minute)
  --csv-rows N       rows of the generated FOCUS export reported with --costs (default 2000000)
  --csv-only         measure the FOCUS export alone (the reader, report --costs, the CLI's floor) and
                     put its figures in DIR/bench.json's csv, keeping the rest of the file
  --verbose          show the bundle build's output and SDK warnings
  --config FILE      the configuration (default billing-alarms.config.yaml)`,
  options: {
    out: { type: 'string', default: 'out' },
    accounts: { type: 'string' },
    services: { type: 'string' },
    rounds: { type: 'string' },
    'csv-rows': { type: 'string' },
    'init-only': { type: 'boolean', default: false },
    'csv-only': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
  async run(values, io) {
    const rounds = values.rounds ? (counts('--rounds', values.rounds)[0] as number) : undefined;
    const bundleOptions = { verbose: values.verbose, onBuild: io.note };
    if (values['init-only']) {
      const config = configFrom(values.config);
      const { alarm } = await lambdaBundles(config, bundleOptions);
      await benchColdStart(alarm, { ...(rounds ? { rounds } : {}), print: io.print });
      await benchColdAlarm(config, alarm, join(values.out, 'bench'), io.print);
      return 0;
    }
    mkdirSync(values.out, { recursive: true });
    if (values['csv-only']) {
      await benchCsv(values.out, values['csv-rows'] ? csvRows(values['csv-rows']) : 2_000_000, io.print);
      return 0;
    }
    await bench({
      config: configFrom(values.config),
      outDir: values.out,
      ...(values.accounts ? { accounts: counts('--accounts', values.accounts) } : {}),
      ...(values.services ? { services: counts('--services', values.services) } : {}),
      ...(rounds ? { rounds } : {}),
      ...(values['csv-rows'] ? { csvRows: csvRows(values['csv-rows']) } : {}),
      print: io.print,
      bundleOptions,
    });
    return 0;
  },
});
