import { mkdirSync } from 'node:fs';
import { bench } from '../bench.js';
import { defineCommand } from '../command.js';
import { configFrom } from '../options.js';

/** `billing-alarms bench`. */
export const benchCommand = defineCommand({
  name: 'bench',
  summary: 'bundle size, cold start, alarm burst and report at scale: figures and ratios, out/bench.json',
  help: `billing-alarms bench [--out DIR] [--verbose] [--config FILE]

  Measures the built bundles against a bare SDK handler, an alarm burst and the report at several
  organisation sizes; prints figures and ratios and writes DIR/bench.json. Asserts nothing.

  --out DIR       where bench.json and the runs' files go (default out)
  --verbose       show the bundle build's output and SDK warnings
  --config FILE   the configuration (default billing-alarms.config.yaml)`,
  options: {
    out: { type: 'string', default: 'out' },
    verbose: { type: 'boolean', default: false },
  },
  async run(values, io) {
    mkdirSync(values.out, { recursive: true });
    await bench({
      config: configFrom(values.config),
      outDir: values.out,
      print: io.print,
      bundleOptions: { verbose: values.verbose, onBuild: io.note },
    });
    return 0;
  },
});
