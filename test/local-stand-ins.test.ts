import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  GetCostForecastCommand,
} from '@aws-sdk/client-cost-explorer';
import { describe, expect, it } from 'vitest';
import { withBillingView } from '../handlers/lib/costs/billing-view.js';
import { getAllCostAndUsage, getForecast, RequestCounter } from '../handlers/lib/costs/cost-queries.js';
import { startCostExplorer } from '../local/cost-explorer-server.js';
import type { CostRow } from '../local/focus-csv.js';
import { costRow as row } from './helpers/cost-rows.js';
import { localClientConfig, useStandIn } from './helpers/stand-in.js';

const rows: CostRow[] = [];
for (let d = 1; d <= 19; d++) {
  const date = `2026-11-${String(d).padStart(2, '0')}`;
  for (let a = 0; a < 4; a++)
    for (const s of ['EC2', 'S3', 'Lambda']) rows.push(row(date, `11111111111${a}`, s, 1.25 + a));
}
rows.push(row('2026-11-03', '111111111110', 'EC2', -10, 'Credit'));

describe('Cost Explorer stand-in, through the real SDK client', () => {
  const costExplorer = useStandIn(
    () => startCostExplorer({ costs: rows, now: new Date('2026-11-20T00:00:00Z'), pageSize: 5 }),
    (config) => new CostExplorerClient(config),
  );

  const input = {
    TimePeriod: { Start: '2026-11-01', End: '2026-11-20' },
    Granularity: 'MONTHLY' as const,
    Metrics: ['UnblendedCost'],
    GroupBy: [
      { Type: 'DIMENSION' as const, Key: 'LINKED_ACCOUNT' },
      { Type: 'DIMENSION' as const, Key: 'SERVICE' },
    ],
    Filter: { Not: { Dimensions: { Key: 'RECORD_TYPE' as const, Values: ['Credit', 'Refund'] } } },
  };

  it('pages grouped results with NextPageToken and counts each page as a billed request', async () => {
    const { standIn: ce, client } = costExplorer();
    const billedBefore = ce.stats.billed;
    const groups = [];
    let token: string | undefined;
    do {
      const page = await client.send(new GetCostAndUsageCommand({ ...input, NextPageToken: token }));
      groups.push(...(page.ResultsByTime?.flatMap((r) => r.Groups ?? []) ?? []));
      expect(page.DimensionValueAttributes?.[0]?.Attributes?.description).toMatch(/^name-/);
      token = page.NextPageToken;
    } while (token);

    expect(groups).toHaveLength(12);
    expect(ce.stats.billed - billedBefore).toBe(3);
    expect(groups.find((g) => g.Keys?.join() === '111111111110,EC2')?.Metrics?.UnblendedCost?.Amount).toBe(
      '23.750000',
    );
  });

  it('answers RequestChangedException when the parameters change between pages', async () => {
    const { client } = costExplorer();
    const first = await client.send(new GetCostAndUsageCommand(input));

    await expect(
      client.send(
        new GetCostAndUsageCommand({ ...input, Granularity: 'DAILY', NextPageToken: first.NextPageToken }),
      ),
    ).rejects.toMatchObject({ name: 'RequestChangedException' });
  });

  it('throttles on request and then answers again', async () => {
    const { standIn: ce, client } = costExplorer();
    ce.setFaults({ throttle: 1 });

    await expect(client.send(new GetCostAndUsageCommand(input))).rejects.toMatchObject({
      name: 'LimitExceededException',
    });
    await expect(client.send(new GetCostAndUsageCommand(input))).resolves.toBeDefined();
  });

  it('rejects more than two group-by keys like the service', async () => {
    const { client } = costExplorer();
    await expect(
      client.send(
        new GetCostAndUsageCommand({
          ...input,
          GroupBy: [...input.GroupBy, { Type: 'DIMENSION', Key: 'RECORD_TYPE' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('forecasts from the recent run rate, and says "insufficient history" without enough days', async () => {
    const { client } = costExplorer();
    const out = await client.send(
      new GetCostForecastCommand({
        TimePeriod: { Start: '2026-11-20', End: '2026-12-01' },
        Metric: 'UNBLENDED_COST',
        Granularity: 'MONTHLY',
      }),
    );
    expect(Number(out.Total?.Amount)).toBeCloseTo(11 * (3 * (1.25 + 2.25 + 3.25 + 4.25)), 4);

    const young = await startCostExplorer({
      costs: rows.filter((r) => r.date >= '2026-11-17'),
      now: new Date('2026-11-20T00:00:00Z'),
    });
    const youngClient = new CostExplorerClient(localClientConfig(young.endpoint));
    await expect(
      youngClient.send(
        new GetCostForecastCommand({
          TimePeriod: { Start: '2026-11-20', End: '2026-12-01' },
          Metric: 'UNBLENDED_COST',
          Granularity: 'MONTHLY',
        }),
      ),
    ).rejects.toMatchObject({ name: 'DataUnavailableException' });
    youngClient.destroy();
    await young.stop();
  });
});

describe('billing view', () => {
  it('sends costExplorer.billingViewArn with every cost read, and nothing without it', async () => {
    const ce = await startCostExplorer({ costs: rows, now: new Date('2026-11-20T00:00:00Z') });
    const arn = 'arn:aws:billing::100000000001:billingview/custom-1a2b3c4d';
    const client = (view?: string) =>
      withBillingView(new CostExplorerClient(localClientConfig(ce.endpoint)), view);
    try {
      const plain = client();
      await getAllCostAndUsage(
        plain,
        { period: { start: '2026-11-01', end: '2026-11-20' }, Granularity: 'MONTHLY' },
        new RequestCounter(),
      );
      expect(ce.stats.billingViews).toEqual([]);

      const viewed = client(arn);
      await getAllCostAndUsage(
        viewed,
        { period: { start: '2026-11-01', end: '2026-11-20' }, Granularity: 'MONTHLY' },
        new RequestCounter(),
      );
      await getForecast(viewed, { start: '2026-11-20', end: '2026-12-01' }, new RequestCounter());
      expect(ce.stats.billingViews).toEqual([arn]);
      expect(ce.stats.byOperation).toMatchObject({ GetCostAndUsage: 2, GetCostForecast: 1 });
      plain.destroy();
      viewed.destroy();
    } finally {
      await ce.stop();
    }
  });
});
