import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import {
  accountFilter,
  BY_SERVICE,
  getAllCostAndUsage,
  RequestCounter,
} from '../../handlers/lib/costs/cost-queries.js';
import { billingPeriods } from '../../handlers/lib/costs/periods.js';
import type { GeneratedOrganisation } from '../../local/generated-org.js';
import { startStandIns } from '../../local/stand-ins.js';
import { round } from './stats.js';

/** The per-account loop's cost for one organisation, as the seeds run it. */
export interface NaiveRow {
  readonly accounts: number;
  /** Cost Explorer requests (every page), as the stand-in billed them. */
  readonly requests: number;
  /** Wall time of the loop, measured, at `latencyMs` per request with `parallel` requests in flight. */
  readonly seconds: number;
  readonly latencyMs: number;
  readonly parallel: number;
}

/** Requests in flight at once: a generous reading of the seeds, which loop one account after another. */
const PARALLEL = 16;
/** Cost Explorer's time per request in the loop (the report rows use 1 s; the loop would take hours). */
export const LOOP_LATENCY_MS = 50;

/**
 * What the seeds' approach costs: for every account, month to date by service and the same days of
 * last month by service (two GetCostAndUsage, each filtered to the account, every page), through the
 * real SDK client against the stand-in at an injected latency, timed for real.
 */
export async function measureNaiveLoop(org: GeneratedOrganisation, now: Date): Promise<NaiveRow> {
  const standIns = await startStandIns({ costs: org, now, ceLatencyMs: LOOP_LATENCY_MS });
  const ce = new CostExplorerClient({
    endpoint: standIns.ce.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const counter = new RequestCounter();
    const ids = org.accounts().map((a) => a.id);
    const periods = billingPeriods(now);
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++] as string;
        for (const period of [periods.current, periods.comparison])
          await getAllCostAndUsage(
            ce,
            { period, Granularity: 'MONTHLY', GroupBy: [BY_SERVICE], Filter: accountFilter(id) },
            counter,
          );
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    return {
      accounts: ids.length,
      requests: standIns.ce.stats.billed,
      seconds: round((performance.now() - started) / 1000),
      latencyMs: LOOP_LATENCY_MS,
      parallel: PARALLEL,
    };
  } finally {
    ce.destroy();
    await standIns.stop();
  }
}
