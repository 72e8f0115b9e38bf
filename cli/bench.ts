import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { Config } from '../handlers/contract/config/schema.js';
import { generatedOrganisationCosts } from '../local/generated-org.js';
import { organisationFromCosts } from '../local/organization-fixture.js';
import { SAMPLE_ACCOUNTS, sampleOrganisationCosts } from '../local/sample-org.js';
import { startStandIns } from '../local/stand-ins.js';
import { type BundleOptions, lambdaBundles } from './bundles.js';
import { report } from './report.js';
import { runThroughBundle } from './run-events.js';
import { sampleEvent } from './sample-event.js';

/** Options of {@link bench}. */
export interface BenchOptions {
  readonly config: Config;
  readonly outDir: string;
  /** Cold starts measured per bundle. @default 15 */
  readonly coldStarts?: number;
  /** Organisation sizes of the report runs. @default [500, 5000] */
  readonly sizes?: readonly number[];
  readonly print: (text: string) => void;
  /** How the bundles are found or built. */
  readonly bundleOptions?: BundleOptions;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Time to import a bundle in a fresh Node.js process (module init, the cold-start part we control). */
function coldStart(bundle: string, env: Record<string, string>): number {
  const script = `const t=performance.now();await import(${JSON.stringify(pathToFileURL(bundle).href)});process.stdout.write(String(performance.now()-t));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return Number(out);
}

/**
 * `billing-alarms bench`: bundle size and init time of the alarm Lambda against a bare handler that
 * only imports the SDK clients; Cost Explorer requests of an alarm burst; size, requests, time and
 * memory of the report at several organisation sizes. Prints figures and ratios; asserts nothing.
 */
export async function bench(options: BenchOptions): Promise<Record<string, unknown>> {
  const { print } = options;
  const results: Record<string, unknown> = {};
  const bundles = await lambdaBundles(options.config, options.bundleOptions);

  const bareDir = resolve('.build', 'bench');
  mkdirSync(bareDir, { recursive: true });
  const bare = join(bareDir, 'bare-handler.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./bench-bare-handler.ts', import.meta.url))],
    outfile: bare,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
    logLevel: 'silent',
  });
  const env = {
    BILLING_ALARMS_TABLE: 'bench',
    AWS_REGION: 'us-east-1',
    POWERTOOLS_METRICS_NAMESPACE: 'Bench',
    POWERTOOLS_SERVICE_NAME: 'bench',
  };
  const n = options.coldStarts ?? 15;
  const alarmInit: number[] = [];
  const bareInit: number[] = [];
  for (let i = 0; i < n; i++) {
    // Interleaved, so that machine noise hits both alike.
    alarmInit.push(coldStart(bundles.alarm, env));
    bareInit.push(coldStart(bare, env));
  }
  const size = {
    alarm: statSync(bundles.alarm).size,
    report: statSync(bundles.report).size,
    bare: statSync(bare).size,
  };
  results.bundle = {
    alarmBytes: size.alarm,
    reportBytes: size.report,
    bareBytes: size.bare,
    alarmInitMedianMs: median(alarmInit),
    bareInitMedianMs: median(bareInit),
    sizeRatio: size.alarm / size.bare,
    initRatio: median(alarmInit) / median(bareInit),
  };
  print('Lambda bundles (minified ESM, AWS SDK inside, no mjml)');
  print(
    `  alarm bundle   ${kb(size.alarm)}   init median ${median(alarmInit).toFixed(1)} ms over ${n} cold starts`,
  );
  print(
    `  bare handler   ${kb(size.bare)}   init median ${median(bareInit).toFixed(1)} ms (SDK clients only)`,
  );
  print(
    `  ratio          ${(size.alarm / size.bare).toFixed(2)}× size, ${(median(alarmInit) / median(bareInit)).toFixed(2)}× init`,
  );
  print(`  report bundle  ${kb(size.report)}`);

  const now = new Date('2026-11-20T09:00:00Z');
  const rows = sampleOrganisationCosts(now);
  const accounts = SAMPLE_ACCOUNTS.filter((a) => a.id !== options.config.organization.managementAccountId);
  const events = accounts.map((a) => ({
    name: a.id,
    event: sampleEvent(options.config, { account: a.id, now }),
  }));
  const standIns = await startStandIns({ rows, now });
  try {
    const burst = await runThroughBundle({
      bundle: bundles.alarm,
      functionName: 'billing-alarm',
      events,
      rows,
      now,
      outDir: join(options.outDir, 'bench-alarms'),
      standIns,
    });
    const requests = burst.lines.reduce((s, l) => s + l.costExplorerRequests, 0);
    const durations = burst.invocations.map((i) => i.durationMs);
    results.alarmBurst = {
      alarms: events.length,
      costExplorerRequests: requests,
      perAlarm: requests / events.length,
      firstMs: durations[0],
      laterMedianMs: median(durations.slice(1)),
    };
    print(`\nAlarm burst: ${events.length} alarms in one refresh window`);
    print(
      `  Cost Explorer requests ${requests} (${(requests / events.length).toFixed(2)} per alarm; the first builds the snapshot)`,
    );
    print(
      `  handler time first ${durations[0]?.toFixed(0)} ms, then median ${median(durations.slice(1)).toFixed(0)} ms`,
    );
  } finally {
    await standIns.stop();
  }

  print('\nOrganisation report (512 MB Lambda budget; Gmail clips at ~102 KB)');
  print('  accounts   CE requests   accounts per request   HTML        handler ms   peak RSS');
  const scale: unknown[] = [];
  for (const count of options.sizes ?? [500, 5_000]) {
    const big = generatedOrganisationCosts(count, now);
    const run = await report({
      config: options.config,
      rows: big,
      organisation: organisationFromCosts(big, options.config),
      now,
      outDir: join(options.outDir, `bench-report-${count}`),
      bundle: bundles.report,
    });
    const html = Buffer.byteLength(run.emails[0]?.body.html ?? '', 'utf8');
    const requests = run.lines[0]?.costExplorerRequests ?? 0;
    const inv = run.invocations[0];
    scale.push({
      accounts: count,
      costExplorerRequests: requests,
      accountsPerRequest: count / requests,
      htmlBytes: html,
      handlerMs: inv?.durationMs,
      peakRssMb: inv?.maxRssMb,
    });
    print(
      `  ${String(count).padStart(8)}   ${String(requests).padStart(11)}   ${(count / requests).toFixed(1).padStart(20)}   ${kb(html).padStart(9)}   ${(inv?.durationMs ?? 0).toFixed(0).padStart(10)}   ${(inv?.maxRssMb ?? 0).toFixed(0)} MB`,
    );
  }
  results.report = scale;
  const file = join(options.outDir, 'bench.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  print(`\nfigures written to ${file}`);
  return results;
}
