import { mkdirSync } from 'node:fs';
import { ACTION_URL_HELP, ACTION_URL_OPTION, actionUrlFrom } from '../action-url.js';
import { defineCommand, UsageError } from '../command.js';
import { demo } from '../demo.js';
import { configFrom } from '../options.js';
import { startServe, untilStopped } from '../serve.js';

/** `billing-alarms demo`. */
export const demoCommand = defineCommand({
  name: 'demo',
  summary: 'the sample organisation through the real Lambda bundles; every email it sends into out/',
  help: `billing-alarms demo [--out DIR] [--serve | --action-url URL] [--verbose] [--config FILE]

  Starts the local stand-ins over the bundled sample organisation, runs a critical alarm, a
  fast-burn launch and the organisation report (with its pace notices) through the built Lambda
  bundles and writes every email they send to the out folder (one .html and .txt per email).
  Without --serve it ends when the emails are written.

  --out DIR       where the emails go (default out)
  --serve         start billing-alarms serve first (a free port), put its url in the alarm email's
                  answer links, and keep serving the action page and the mail viewer until Ctrl+C
${ACTION_URL_HELP}
  --verbose       show the bundle build's output (CDK, esbuild) and SDK warnings
  --config FILE   the configuration (default billing-alarms.config.yaml)`,
  options: {
    out: { type: 'string', default: 'out' },
    serve: { type: 'boolean', default: false },
    ...ACTION_URL_OPTION,
    verbose: { type: 'boolean', default: false },
  },
  async run(values, io) {
    const given = actionUrlFrom(values['action-url']);
    if (given && values.serve)
      throw new UsageError(
        'demo: give --serve (which starts the action page itself) or --action-url URL, not both',
      );
    const config = configFrom(values.config);
    mkdirSync(values.out, { recursive: true });
    const bundleOptions = { verbose: values.verbose, onBuild: io.note };
    const serving = values.serve
      ? await startServe({ config, port: 0, outDir: values.out, bundleOptions })
      : undefined;
    try {
      const lines = await demo({
        config,
        outDir: values.out,
        print: io.print,
        bundleOptions,
        ...(serving ? { actionUrl: serving.url, viewerUrl: serving.url } : given ? { actionUrl: given } : {}),
      });
      if (serving) {
        io.print(`Serving the action page and the mail viewer at ${serving.url}; press Ctrl+C to stop.`);
        await untilStopped();
      }
      return lines.every((l) => l.status === 'sent') ? 0 : 1;
    } finally {
      await serving?.stop();
    }
  },
});
