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

/** The per-account loop's cost for one organisation: requests as the stand-in counted them. */
export interface NaiveRow {
  readonly accounts: number;
  readonly ceRequests: number;
}

/** Requests in flight at once; the count does not depend on it, only the bench's own time. */
const PARALLEL = 16;

/**
 * What the seeds' approach costs: one GetCostAndUsage per account (month to date by service,
 * filtered to the account, every page), through the real SDK client against the stand-in.
 */
export async function measureNaiveLoop(org: GeneratedOrganisation, now: Date): Promise<NaiveRow> {
  const standIns = await startStandIns({ costs: org, now });
  const ce = new CostExplorerClient({
    endpoint: standIns.ce.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const counter = new RequestCounter();
    const ids = org.accounts().map((a) => a.id);
    const period = billingPeriods(now).current;
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++] as string;
        await getAllCostAndUsage(
          ce,
          { period, Granularity: 'MONTHLY', GroupBy: [BY_SERVICE], Filter: accountFilter(id) },
          counter,
        );
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    return { accounts: ids.length, ceRequests: standIns.ce.stats.billed };
  } finally {
    ce.destroy();
    await standIns.stop();
  }
}
