import { mkdirSync } from 'node:fs';
import { defineCommand } from '../command.js';
import { demo } from '../demo.js';
import { configFrom } from '../options.js';

/** `billing-alarms demo`. */
export const demoCommand = defineCommand({
  name: 'demo',
  summary: 'the sample organisation through the real Lambda bundles; every email it sends into out/',
  help: `billing-alarms demo [--out DIR] [--serve] [--verbose] [--config FILE]

  Starts the local stand-ins over the bundled sample organisation, runs a critical alarm, a
  fast-burn launch and the organisation report (with its pace notices) through the built Lambda
  bundles and writes every email they send to the out folder (one .html and .txt per email).

  --out DIR       where the emails go (default out)
  --serve         keep the stand-ins and the mail viewer running until Ctrl+C
  --verbose       show the bundle build's output (CDK, esbuild) and SDK warnings
  --config FILE   the configuration (default billing-alarms.config.yaml)`,
  options: {
    out: { type: 'string', default: 'out' },
    serve: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
  async run(values, io) {
    mkdirSync(values.out, { recursive: true });
    const lines = await demo({
      config: configFrom(values.config),
      outDir: values.out,
      serve: values.serve,
      print: io.print,
      bundleOptions: { verbose: values.verbose, onBuild: io.note },
    });
    return lines.every((l) => l.status === 'sent') ? 0 : 1;
  },
});
