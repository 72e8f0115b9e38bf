import { lambdaBundles } from '../bundles.js';
import { defineCommand } from '../command.js';
import { configFrom } from '../options.js';

/** `billing-alarms build`. */
export const buildCommand = defineCommand({
  name: 'build',
  summary: 'build the Lambda bundles (cdk synth, esbuild) if anything changed; print their paths',
  help: `billing-alarms build [--verbose] [--config FILE]

  Synthesizes the billing stack and keeps both Lambda bundles in .build/bundles/<content hash>/;
  a repeat call with nothing changed builds nothing. Prints the bundle paths as JSON.

  --verbose       show the build's output (CDK, esbuild)
  --config FILE   the configuration (default billing-alarms.config.yaml)`,
  options: {
    verbose: { type: 'boolean', default: false },
  },
  async run(values, io) {
    const bundles = await lambdaBundles(configFrom(values.config), {
      verbose: values.verbose,
      onBuild: io.note,
    });
    io.print(JSON.stringify(bundles, null, 2));
    return 0;
  },
});
