import { defineCommand, UsageError } from '../command.js';
import { configFrom, nowFrom } from '../options.js';
import { startServe, untilStopped } from '../serve.js';

/** `--port` checked: 0–65535 (0 or absent picks a free port). */
export function portFrom(text: string | undefined): number {
  if (text === undefined) return 0;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 0 && port <= 65_535))
    throw new UsageError(`serve: --port "${text}" is not a port number; give 1–65535, or 0 for a free port`);
  return port;
}

/** `billing-alarms serve`. */
export const serveCommand = defineCommand({
  name: 'serve',
  summary: 'the action page (the built actions bundle behind a local function URL) and the mail viewer',
  help: `billing-alarms serve [--port N] [--out DIR] [--now ISO] [--verbose] [--config FILE]

  Runs the built actions bundle (the action page the alert emails' links open) in its own process
  behind an HTTP server on 127.0.0.1 that turns each request into a Lambda function URL event
  (payload format 2.0) and the function's answer into the response. It answers against the local
  state simulate and alerts --local keep in .build/local-aws/ (read before each request, written
  after it), with the local signing key simulate --action-url signs with. GET / lists the emails in
  the out folder, GET /mail/<file> shows one. The first line on stdout is {"url": "http://127.0.0.1:PORT"};
  then one JSON line per request (method, path, status). The AWS calls the function made go to
  <out>/serve-requests.jsonl, its log to <out>/billing-actions.log. Ctrl+C (or SIGTERM) stops it.

  --port N        the port (default 0: a free one)
  --out DIR       where the emails are (default out)
  --now ISO       where the function's clock starts (default the local clock: the moment the last
                  simulate, or report/demo with --action-url, ran at, running on since; else now)
  --verbose       show the bundle build's output and SDK warnings
  --config FILE   the configuration (default billing-alarms.config.yaml)

  Then: billing-alarms simulate --event FILE --action-url <url>, and open <url> in a browser.`,
  options: {
    port: { type: 'string' },
    out: { type: 'string', default: 'out' },
    now: { type: 'string' },
    verbose: { type: 'boolean', default: false },
  },
  async run(values, io) {
    const port = portFrom(values.port);
    const now = nowFrom(values.now);
    const serving = await startServe({
      config: configFrom(values.config),
      port,
      outDir: values.out,
      ...(now ? { now } : {}),
      bundleOptions: { verbose: values.verbose, onBuild: io.note },
      onRequest: (line) => io.print(JSON.stringify(line)),
    });
    io.print(`{"url": ${JSON.stringify(serving.url)}}`);
    await untilStopped();
    await serving.stop();
    return 0;
  },
});
