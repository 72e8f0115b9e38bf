import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { DEFAULT_BASIS } from '../../handlers/lib/costs/cost-basis.js';
import { buildSnapshot } from '../../handlers/lib/costs/snapshot.js';
import { readReportDrivers } from '../../handlers/lib/report/report-drivers.js';
import { reportViewModel } from '../../handlers/lib/report/report-view-model.js';
import { missing } from '../../handlers/lib/result.js';
import {
  type CostExplorerOptions,
  type CostExplorerStandIn,
  startCostExplorer,
} from '../../local/cost-explorer-server.js';
import type { CostRow } from '../../local/focus-csv.js';
import { standInCostExplorer } from './ce-client.js';
import { exampleConfig } from './config.js';

/** Cost Explorer's name for EC2 compute. */
export const EC2 = 'Amazon Elastic Compute Cloud - Compute';
/** The account whose EC2 hours double at the same rate this month. */
export const USAGE_ACCOUNT = '111111111111';
/** The account whose EC2 rate rises at the same hours this month. */
export const RATE_ACCOUNT = '222222222222';

const day = (month: string, d: number) => `${month}-${String(d).padStart(2, '0')}`;

/**
 * Two accounts over last month and this month to `now` (November 2026 in the tests): 24 h a day of
 * BoxUsage:m7i.4xlarge at $0.80 last month; this month the first runs 48 h a day at $0.80, the
 * second 24 h a day at $1.00. The first also had a $10 credit last month.
 */
export function driverRows(now: Date): CostRow[] {
  const rows: CostRow[] = [];
  const thisMonth = now.toISOString().slice(0, 7);
  const last = new Date(now);
  last.setUTCDate(1);
  last.setUTCMonth(last.getUTCMonth() - 1);
  const lastMonth = last.toISOString().slice(0, 7);
  const row = (date: string, accountId: string, hours: number, price: number): CostRow => ({
    date,
    accountId,
    accountName: accountId === USAGE_ACCOUNT ? 'usage-grows' : 'rate-rises',
    service: EC2,
    recordType: 'Usage',
    cost: Math.round(hours * price * 1e6) / 1e6,
    currency: 'USD',
    usageType: 'BoxUsage:m7i.4xlarge',
    quantity: hours,
    unit: 'Hrs',
  });
  for (let d = 1; d <= 28; d++) {
    for (const id of [USAGE_ACCOUNT, RATE_ACCOUNT]) rows.push(row(day(lastMonth, d), id, 24, 0.8));
  }
  for (let d = 1; d < now.getUTCDate(); d++) {
    rows.push(row(day(thisMonth, d), USAGE_ACCOUNT, 48, 0.8));
    rows.push(row(day(thisMonth, d), RATE_ACCOUNT, 24, 1));
  }
  rows.push({
    date: day(lastMonth, 5),
    accountId: USAGE_ACCOUNT,
    accountName: 'usage-grows',
    service: EC2,
    recordType: 'Credit',
    cost: -10,
    currency: 'USD',
  });
  return rows;
}

/** A Cost Explorer stand-in and a real SDK client on it, started per test and stopped after. */
export function standInClient() {
  let ce: CostExplorerStandIn | undefined;
  let client: CostExplorerClient | undefined;
  return {
    start: async (options: CostExplorerOptions) => {
      ce = await startCostExplorer(options);
      client = standInCostExplorer(ce.endpoint);
      return client;
    },
    stop: async () => {
      client?.destroy();
      await ce?.stop();
    },
  };
}

/** The report's snapshot, its drivers and its view-model, from Cost Explorer at `now`. */
export async function reportWithDrivers(client: CostExplorerClient, now: Date) {
  const snapshot = await buildSnapshot(client, { now, timeZone: 'UTC' });
  const drivers = await readReportDrivers(client, snapshot, AbortSignal.timeout(30_000), DEFAULT_BASIS);
  const vm = reportViewModel({
    snapshot,
    coverage: missing('unavailable'),
    config: exampleConfig(),
    drivers,
  });
  return { snapshot, drivers, vm };
}
