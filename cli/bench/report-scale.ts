import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Config } from '../../handlers/contract/config/schema.js';
import { SnapshotStore } from '../../handlers/lib/costs/snapshot-store.js';
import type { GeneratedOrganisation } from '../../local/generated-org.js';
import { organisationFromCosts } from '../../local/organization-fixture.js';
import { type StandIns, startStandIns } from '../../local/stand-ins.js';
import { report } from '../report.js';
import { round } from './stats.js';

/** One row of the report's scale table, as bench.json holds it. */
export interface ReportScaleRow {
  readonly accounts: number;
  readonly services: number;
  readonly ceRequests: number;
  readonly ceRequestsAt1000PerPage: number;
  readonly peakRssMb: number;
  readonly htmlKB: number;
  readonly handlerMsAt1sLatency: number;
  readonly snapshotGzipKB: number;
  /** Each Organizations and CloudFormation call's injected latency in this run. */
  readonly coverageLatencyMs: number;
  /** Whether the report's coverage section made it into the email (else "no answer in time"). */
  readonly coverageComplete: boolean;
}

/** What one report run needs. */
export interface ReportRunSetup {
  readonly config: Config;
  readonly bundle: string;
  readonly org: GeneratedOrganisation;
  readonly now: Date;
  readonly outDir: string;
  /** Accounts per OU below the target OU (coverage reads them per OU). @default - all in the target OU */
  readonly accountsPerOu?: number;
}

/** The cached snapshot's gzip'd size, read from the DynamoDB stand-in as the next reader would. */
async function snapshotGzipBytes(standIns: StandIns): Promise<number> {
  const client = new DynamoDBClient({
    endpoint: standIns.dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    return (await new SnapshotStore(client, standIns.dynamo.tableName, 3600).describe())?.gzipBytes ?? 0;
  } finally {
    client.destroy();
  }
}

/** One scheduled report against fresh stand-ins with a page size and a per-request latency. */
async function reportRun(
  setup: ReportRunSetup,
  pageSize: number,
  latencyMs: number,
  name: string,
  coverageLatencyMs = 0,
) {
  const organisation = organisationFromCosts(
    setup.org,
    setup.config,
    setup.accountsPerOu ? { accountsPerOu: setup.accountsPerOu } : {},
  );
  const standIns = await startStandIns({
    costs: setup.org,
    now: setup.now,
    pageSize,
    ceLatencyMs: latencyMs,
    organisation,
    ...(coverageLatencyMs ? { governanceFaults: { latencyMs: coverageLatencyMs } } : {}),
  });
  try {
    const run = await report({
      config: setup.config,
      costs: setup.org,
      organisation,
      now: setup.now,
      outDir: join(setup.outDir, name),
      bundle: setup.bundle,
      standIns,
      sentLog: false,
    });
    const line = run.lines[0];
    if (line?.status !== 'sent')
      throw new Error(`the report at ${name} ended ${line?.status}: ${line?.reason}`);
    const viewModel = line.files.find((f) => f.endsWith('.json') && !/\.(slack|teams|q)\.json$/.test(f));
    return {
      coverageComplete: viewModel
        ? (JSON.parse(readFileSync(viewModel, 'utf8')) as { viewModel?: { coverage?: unknown } }).viewModel
            ?.coverage != null
        : false,
      requests: line.costExplorerRequests,
      // The report's own email (pace notices may follow it).
      html: Buffer.byteLength(run.emails.find((e) => e.subject === line.subject)?.body.html ?? '', 'utf8'),
      durationMs: run.invocations[0]?.durationMs ?? 0,
      peakRssMb: run.invocations[0]?.maxRssMb ?? 0,
      snapshotGzipBytes: await snapshotGzipBytes(standIns),
    };
  } finally {
    await standIns.stop();
  }
}

/**
 * The report of a generated organisation, twice: at 5,000 groups per page with 1 s per Cost
 * Explorer request (requests, time, memory, email and cache size) and at 1,000 per page (requests).
 */
export async function measureReport(setup: ReportRunSetup, coverageLatencyMs = 0): Promise<ReportScaleRow> {
  const size = `${setup.org.accounts().length}x${setup.org.servicesPerAccount}-coverage-${coverageLatencyMs}ms`;
  const slow = await reportRun(setup, 5_000, 1_000, `report-${size}`, coverageLatencyMs);
  const smallPages = await reportRun(setup, 1_000, 0, `report-${size}-1000-per-page`);
  return {
    accounts: setup.org.accounts().length,
    services: setup.org.servicesPerAccount,
    ceRequests: slow.requests,
    ceRequestsAt1000PerPage: smallPages.requests,
    peakRssMb: round(slow.peakRssMb),
    htmlKB: round(slow.html / 1024),
    handlerMsAt1sLatency: Math.round(slow.durationMs),
    snapshotGzipKB: round(slow.snapshotGzipBytes / 1024),
    coverageLatencyMs,
    coverageComplete: slow.coverageComplete,
  };
}
