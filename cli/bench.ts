import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../handlers/contract/config/schema.js';
import { REPORT_TIMEOUT_SECONDS } from '../handlers/contract/lambda-limits.js';
import { DELIVERY_RESERVE_MS } from '../handlers/lib/deadline.js';
import { generatedOrganisation } from '../local/generated-org.js';
import { type BurstFigures, measureBurst } from './bench/alarm-burst.js';
import { type ColdAlarmFigures, measureColdAlarm } from './bench/cold-alarm.js';
import { type ColdStartFigures, measureColdStart } from './bench/cold-start.js';
import { type CoverageFigures, measureCoverage } from './bench/coverage-time.js';
import { type CsvFigures, measureCsvMemory, printCsvFigures } from './bench/csv-memory.js';
import { LOOP_LATENCY_MS, measureNaiveLoop, type NaiveRow } from './bench/naive-loop.js';
import { measureReport, type ReportScaleRow } from './bench/report-scale.js';
import { round } from './bench/stats.js';
import { type BundleOptions, lambdaBundles } from './bundles.js';

/** Options of {@link bench}. */
export interface BenchOptions {
  readonly config: Config;
  readonly outDir: string;
  /** Interleaved cold starts of the alarm bundle and the bare handler. @default 25 */
  readonly rounds?: number;
  /** Organisation sizes (accounts) of the report runs. @default [1000, 5000, 20000] */
  readonly accounts?: readonly number[];
  /** Services per account of the report runs. @default [3, 50, 200] */
  readonly services?: readonly number[];
  readonly print: (text: string) => void;
  /** How the bundles are found or built. */
  readonly bundleOptions?: BundleOptions;
  /** Rows of the generated FOCUS export reported with `--costs`. @default 2_000_000 */
  readonly csvRows?: number;
}

/** What `out/bench.json` holds. */
export interface BenchFigures {
  readonly alarm: {
    bundleKB: number;
    bareBundleKB: number;
    /** The entry and its static chunks: what init reads and compiles. */
    initPathKB: number;
    bareInitPathKB: number;
    initRatio: number;
    initCpuRatio: number;
    /** Init plus the deferred module's import against the bare init (all a cold alarm compiles). */
    initWithDeferredRatio?: number;
    /** A cold alarm's init + handler time as shipped against the same code loading its deferred module at init. */
    coldAlarm: ColdAlarmFigures;
    ceRequestsPerAlarm: number;
  };
  readonly report: ReportScaleRow[];
  readonly burst: BurstFigures;
  /** The report's coverage read alone at the largest size, Organizations and CloudFormation at their slowest. */
  readonly coverage: CoverageFigures;
  readonly naive: NaiveRow[];
  /** A generated FOCUS export through `report --costs` (issue #22). */
  readonly csv: CsvFigures;
}

/** The targets of the figures (issue #10), printed beside them. */
const TARGETS = {
  alarmBundleKB: 1024,
  initRatio: 1.1,
  requestsPerAlarm: 1,
  /** A burst of 100 alarms from 100 accounts within a minute (issue #22). */
  burst: { ceRequests: 25, organizationsCalls: 10 },
  /** The first email of a burst within a minute of its event (issue #22). */
  firstAlarmMs: 60_000,
  largest: { requests: 15, peakRssMb: 300, handlerMs: 60_000, htmlKB: 100 },
};

const NOW = new Date('2026-11-20T03:00:00Z');
/** Organizations and CloudFormation at their slowest (issue #22): 250 ms per call. */
const COVERAGE_LATENCY_MS = 250;
/** Accounts per OU of the report's organisations: large organisations keep teams in OUs of their own. */
const ACCOUNTS_PER_OU = 500;
const kb = (bytes: number) => round(bytes / 1024);
const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
const pad = (v: string | number, n: number) => String(v).padStart(n);

/** Rows of the generated FOCUS export (issue #22: 2 M rows in bounded memory). */
const DEFAULT_CSV_ROWS = 2_000_000;

/**
 * `billing-alarms bench --csv-only`: the FOCUS export's figures alone, printed and put in
 * `bench.json`'s `csv` (the rest of an earlier full run's file kept).
 */
export async function benchCsv(
  outDir: string,
  rows: number,
  print: (text: string) => void,
): Promise<CsvFigures> {
  const csv = await measureCsvMemory(rows, outDir);
  printCsvFigures(csv, print);
  const file = join(outDir, 'bench.json');
  const earlier = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<BenchFigures>) : {};
  writeFileSync(file, `${JSON.stringify({ ...earlier, csv }, null, 2)}\n`);
  print(`\nfigures written to ${file} (csv only)`);
  return csv;
}

/**
 * `billing-alarms bench`: what users will meet, measured against the local stand-ins — the alarm
 * bundle's size and module init against a bare handler with the same SDK clients; a burst of 100
 * alarms; the report at 1,000–20,000 accounts × 3–200 services (Cost Explorer requests at two page
 * sizes, time at 1 s per request, peak memory, email and cache size); and the per-account loop's
 * requests beside them. Prints the figures with their targets and writes `bench.json`. Asserts nothing.
 */
export async function bench(options: BenchOptions): Promise<BenchFigures> {
  const { print, config } = options;
  const bundles = await lambdaBundles(config, options.bundleOptions);

  const cold = await benchColdStart(bundles.alarm, options);
  const coldAlarm = await benchColdAlarm(config, bundles.alarm, join(options.outDir, 'bench'), print);

  const burstOrg = generatedOrganisation({ accounts: 1_000, services: 50, now: NOW });
  const burst = await measureBurst({
    config,
    bundle: bundles.alarm,
    org: burstOrg,
    now: NOW,
    outDir: join(options.outDir, 'bench'),
  });
  // Per alarm: one alarm alone whose month moved (figures and drivers), as issue 22 counts it.
  const perAlarm = burst.loneAlarmCeRequests;
  print(`\nAlarm burst: ${burst.alarms} alarms from different accounts (1,000 accounts × 50 services)`);
  print(
    `  Cost Explorer requests ${burst.ceRequests} for the burst (${(burst.ceRequests / burst.alarms).toFixed(2)} per alarm; per burst ≤ ${TARGETS.burst.ceRequests}: ${mark(burst.ceRequests <= TARGETS.burst.ceRequests)}); a lone alarm whose month moved: ${perAlarm} (target ≤ ${TARGETS.requestsPerAlarm}: ${mark(perAlarm <= TARGETS.requestsPerAlarm)})`,
  );
  print(
    `  Organizations calls ${burst.organizationsCalls}: ${(burst.organizationsCalls / burst.alarms).toFixed(2)} per alarm (per burst ≤ ${TARGETS.burst.organizationsCalls}: ${mark(burst.organizationsCalls <= TARGETS.burst.organizationsCalls)})`,
  );
  print(
    `  through the alarm queue over ${burst.spreadMs / 1000} s: batching window ${burst.batching.windowMs / 1000} s, ≤ ${burst.batching.batchSize} a batch, ${burst.batching.pollers} pollers taking turns: ${burst.batches} batches (longest ${(burst.longestBatchMs / 1000).toFixed(1)} s at 1 s per request); one poller: ${burst.onePoller.batches} batches, ${burst.onePoller.ceRequests} Cost Explorer requests; the organisation copy current (without it: ${burst.withoutCopy.organizationsCalls} Organizations calls)`,
  );
  print(
    `  first alarm mailed within ${(burst.firstEmailMs / 1000).toFixed(1)} s of its arrival (its batching window, cold start, 1 s per Cost Explorer request; target ≤ 60 s: ${mark(burst.firstEmailMs <= TARGETS.firstAlarmMs)})`,
  );

  const report: ReportScaleRow[] = [];
  const naive: NaiveRow[] = [];
  print(
    '\nOrganisation report: this project beside the per-account loop (two GetCostAndUsage per account, as the seeds run it)',
  );
  print(
    `  accounts  services │ requests  @1000/page  time @1 s/req  peak RSS     HTML  snapshot gz  coverage │ loop requests  loop time (${LOOP_LATENCY_MS} ms/req, measured)`,
  );
  for (const accounts of options.accounts ?? [1_000, 5_000, 20_000]) {
    const loopOrg = generatedOrganisation({ accounts, services: 50, now: NOW });
    const loop = await measureNaiveLoop(loopOrg, NOW);
    naive.push(loop);
    // At the largest size, once more with Organizations and CloudFormation as slow as AWS can be.
    const runs = (options.services ?? [3, 50, 200]).map((services) => ({ services, coverageMs: 0 }));
    if (accounts === Math.max(...(options.accounts ?? [1_000, 5_000, 20_000])))
      runs.push({ services: 50, coverageMs: COVERAGE_LATENCY_MS });
    for (const { services, coverageMs } of runs) {
      const org = generatedOrganisation({ accounts, services, now: NOW });
      const row = await measureReport(
        {
          config,
          bundle: bundles.report,
          org,
          now: NOW,
          outDir: join(options.outDir, 'bench'),
          accountsPerOu: ACCOUNTS_PER_OU,
        },
        coverageMs,
      );
      report.push(row);
      print(
        `  ${pad(accounts, 8)}  ${pad(services, 8)} │ ${pad(row.ceRequests, 8)}  ${pad(row.ceRequestsAt1000PerPage, 10)}  ${pad(`${(row.handlerMsAt1sLatency / 1000).toFixed(1)} s`, 13)}  ${pad(`${row.peakRssMb.toFixed(0)} MB`, 8)}  ${pad(`${row.htmlKB.toFixed(1)} KB`, 7)}  ${pad(`${row.snapshotGzipKB.toFixed(1)} KB`, 11)}  ${pad(`${row.coverageComplete ? 'complete' : 'MISSING'}${row.coverageLatencyMs ? ` @${row.coverageLatencyMs} ms` : ''}`, 8)} │ ${pad(loop.requests, 13)}  ${pad(`${loop.seconds.toFixed(1)} s (${loop.parallel} at once)`, 18)}`,
      );
    }
  }
  // The targets are for the report at AWS's usual latency; the slow-coverage row is a figure of its own.
  const largest = report.filter((r) => r.coverageLatencyMs === 0).at(-1);
  if (largest) {
    const t = TARGETS.largest;
    print(
      `  targets at ${largest.accounts} × ${largest.services}: ≤ ${t.requests} requests (${mark(largest.ceRequests <= t.requests)}), ≤ ${t.peakRssMb} MB (${mark(largest.peakRssMb <= t.peakRssMb)}), ≤ 60 s at 1 s per request (${mark(largest.handlerMsAt1sLatency <= t.handlerMs)}), HTML < ${t.htmlKB} KB (${mark(largest.htmlKB < t.htmlKB)})`,
    );
  }

  const largestAccounts = Math.max(...(options.accounts ?? [1_000, 5_000, 20_000]));
  const coverage = await measureCoverage(
    config,
    generatedOrganisation({ accounts: largestAccounts, services: 3, now: NOW }),
    COVERAGE_LATENCY_MS,
    ACCOUNTS_PER_OU,
  );
  print(
    `\nCoverage alone at ${coverage.accounts} accounts (${coverage.accountsPerOu} per OU), ${coverage.latencyMs} ms per Organizations and CloudFormation call: ${coverage.seconds.toFixed(1)} s, ${coverage.organizationsCalls} Organizations and ${coverage.cloudFormationCalls} CloudFormation calls, ${coverage.complete ? 'complete' : 'INCOMPLETE'} (the report's budget: ${REPORT_TIMEOUT_SECONDS - DELIVERY_RESERVE_MS / 1000} s)`,
  );

  const csv = await measureCsvMemory(options.csvRows ?? DEFAULT_CSV_ROWS, options.outDir);
  printCsvFigures(csv, print);

  const figures: BenchFigures = {
    alarm: {
      bundleKB: kb(cold.bundleBytes),
      bareBundleKB: kb(cold.bareBundleBytes),
      initPathKB: kb(cold.initPathBytes),
      bareInitPathKB: kb(cold.bareInitPathBytes),
      initRatio: round(cold.initRatio, 2),
      initCpuRatio: round(cold.initCpuRatio, 2),
      ...(cold.withDeferred ? { initWithDeferredRatio: round(cold.withDeferred.ratio, 2) } : {}),
      coldAlarm,
      ceRequestsPerAlarm: round(perAlarm, 2),
    },
    report,
    burst,
    coverage,
    naive,
    csv,
  };
  const file = join(options.outDir, 'bench.json');
  writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
  writeFileSync(
    join(options.outDir, 'bench-details.json'),
    `${JSON.stringify({ coldStart: cold, measuredAt: new Date().toISOString() }, null, 2)}\n`,
  );
  print(`\nfigures written to ${file} (cold-start medians in bench-details.json)`);
  return figures;
}

/**
 * Cold alarms end to end (a fresh Lambda process each, one alarm mailed): the bundle as shipped,
 * whose deferred module is imported by the alarm itself, against its twin importing it at init. Part
 * of `bench --init-only` too: whether deferring shortened init only or the cold alarm as well.
 */
export async function benchColdAlarm(
  config: Config,
  bundle: string,
  outDir: string,
  print: (line: string) => void,
): Promise<ColdAlarmFigures> {
  const org = generatedOrganisation({ accounts: 100, services: 50, now: NOW });
  const f = await measureColdAlarm({ config, bundle, org, now: NOW, outDir });
  print(
    `  a cold alarm, init and handler until mailed (Cost Explorer ${f.ceLatencyMs} ms a request, ${f.rounds} rounds): ${f.deferredMs.toFixed(0)} ms as shipped (init ${f.deferredInitMs.toFixed(1)} ms) vs ${f.eagerMs.toFixed(0)} ms with the deferred module loaded at init (init ${f.eagerInitMs.toFixed(1)} ms): ${f.ratio.toFixed(2)}×`,
  );
  return f;
}

/**
 * The alarm bundle's size and module init against the bare handler (the first part of `bench`,
 * alone with `bench --init-only`: the measure a bundling change is judged by, in under a minute).
 */
export async function benchColdStart(
  bundle: string,
  options: Pick<BenchOptions, 'rounds' | 'print'>,
): Promise<ColdStartFigures> {
  const { print } = options;
  const cold: ColdStartFigures = await measureColdStart(bundle, options.rounds ?? 25);
  print(
    'Alarm Lambda (minified ESM split into chunks, AWS SDK inside) against a bare handler with the same SDK clients',
  );
  print(
    `  bundle ${kb(cold.bundleBytes)} KB in all (bare ${kb(cold.bareBundleBytes)} KB; target ≤ ${TARGETS.alarmBundleKB} KB: ${mark(cold.bundleBytes <= TARGETS.alarmBundleKB * 1024)}); read at init: ${kb(cold.initPathBytes)} KB in ${cold.initPathFiles} files (bare ${kb(cold.bareInitPathBytes)} KB in ${cold.bareInitPathFiles})`,
  );
  print(
    `  init median ${cold.initMedianMs.toFixed(1)} ms vs ${cold.bareInitMedianMs.toFixed(1)} ms over ${cold.rounds} interleaved rounds: ${cold.initRatio.toFixed(2)}× (target ≤ ${TARGETS.initRatio}×: ${mark(cold.initRatio <= TARGETS.initRatio)})`,
  );
  print(
    `  init CPU time: ${cold.initCpuRatio.toFixed(2)}× (the same rounds; steadier than wall-clock time on a loaded machine)`,
  );
  if (cold.withDeferred)
    print(
      `  init + the deferred module (${kb(cold.withDeferred.bytes)} KB: the email's rendering, the other kinds of event), all a cold alarm compiles: ${cold.withDeferred.ratio.toFixed(2)}× (CPU ${cold.withDeferred.cpuRatio.toFixed(2)}×); the deferred part is compiled while the alarm's first requests are in flight`,
    );

  return cold;
}
