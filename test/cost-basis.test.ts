import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAccountFigures } from '../handlers/lib/costs/account-figures.js';
import { RequestCounter } from '../handlers/lib/costs/cost-queries.js';
import { buildSnapshot } from '../handlers/lib/costs/snapshot.js';
import { basisLine } from '../handlers/lib/email/basis-line.js';
import { translator } from '../handlers/lib/email/messages.js';
import { type CostExplorerStandIn, startCostExplorer } from '../local/cost-explorer-server.js';
import type { CostRow } from '../local/focus-csv.js';

const now = new Date('2026-11-20T09:00:00Z');
const row = (date: string, recordType: string, cost: number): CostRow => ({
  date,
  accountId: '210000000001',
  accountName: 'prod',
  service: recordType === 'Tax' ? 'Tax' : 'AWS Lambda',
  recordType,
  cost,
  currency: 'USD',
});
const rows: CostRow[] = Array.from(
  { length: 19 },
  (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`,
).flatMap((d) => [row(d, 'Usage', 10), row(d, 'Tax', 1)]);

describe('cost basis (costBasis in the configuration)', () => {
  let ce: CostExplorerStandIn;
  let client: CostExplorerClient;
  const metrics: string[] = [];
  beforeAll(async () => {
    ce = await startCostExplorer({ costs: rows, now });
    client = new CostExplorerClient({
      endpoint: ce.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    });
    // Records the metric every request asks for, as it leaves the client.
    client.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { Metrics?: string[]; Metric?: string };
        metrics.push(...(input.Metrics ?? []), ...(input.Metric ? [input.Metric] : []));
        return next(args);
      },
      { step: 'initialize' },
    );
  });
  afterAll(async () => {
    client.destroy();
    await ce.stop();
  });

  it('counts tax by default and leaves it out when asked, in the report and the alarm alike, with the metric asked for', async () => {
    const basis = { metric: 'AmortizedCost' as const, exclude: ['Tax'] };

    const all = await buildSnapshot(client, { now, timeZone: 'UTC' });
    metrics.length = 0;
    const noTax = await buildSnapshot(client, { now, timeZone: 'UTC', basis });
    const figures = await getAccountFigures(
      client,
      '210000000001',
      now,
      new RequestCounter(),
      undefined,
      basis,
    );

    expect(all.accounts[0]?.current).toBeCloseTo(19 * 11, 6);
    expect(noTax.accounts[0]?.current).toBeCloseTo(19 * 10, 6);
    expect(noTax.basis).toEqual({ metric: 'AmortizedCost', exclude: ['Tax'] });
    expect(figures.current).toBeCloseTo(19 * 10, 6);
    expect(figures.byService).toEqual({ 'AWS Lambda': expect.closeTo(190, 6) });
    // UsageQuantity beside the cost: the alarm's one request also carries its drivers' quantities.
    expect(new Set(metrics)).toEqual(new Set(['AmortizedCost', 'UsageQuantity', 'AMORTIZED_COST']));
  });

  it('names the metric and what usage leaves out in the footer', () => {
    const t = translator('en');

    expect(basisLine(t, 'USD', { metric: 'NetUnblendedCost', exclude: ['Tax', 'Support'] })).toBe(
      'Amounts in USD as billed: Cost Explorer’s NetUnblendedCost, usage without credits and refunds unless they are shown apart, and without Tax, Support.',
    );
    expect(basisLine(t, 'USD', { metric: 'UnblendedCost', exclude: [] })).toContain(
      'UnblendedCost, usage without credits',
    );
  });
});
