import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { describe, expect, it } from 'vitest';
import { FIRST_SPEND_KEPT, type FirstSpend, findFirstSpend } from '../handlers/lib/analysis/first-spend.js';
import { DEFAULT_BASIS, usageFilter } from '../handlers/lib/costs/cost-basis.js';
import { PageLimitError, RequestCounter } from '../handlers/lib/costs/cost-queries.js';
import {
  FIRST_SPEND,
  type FirstSpendCosts,
  firstSpendWindow,
  getFirstSpendCosts,
} from '../handlers/lib/costs/first-spend-query.js';
import { addDays } from '../handlers/lib/costs/periods.js';
import type { CostExplorerStandIn } from '../local/cost-explorer-server.js';
import type { CostRow } from '../local/focus-csv.js';
import { useCostExplorerStandIn } from './helpers/ce-client.js';
import { costRow } from './helpers/cost-rows.js';

const today = '2026-12-03';
const window = firstSpendWindow(today);
const A = '210000000001';
const B = '210000000002';
const row = (
  date: string,
  accountId: string,
  service: string,
  cost: number,
  region?: string,
  recordType?: string,
) => ({
  ...costRow(date, accountId, service, cost, recordType),
  ...(region ? { region } : {}),
});

describe('the first-spend window', () => {
  it('is the 7 days before today and the 90 days before them, across a month end', () => {
    expect(window).toEqual({
      week: { start: '2026-11-26', end: '2026-12-03' },
      lookback: { start: '2026-08-28', end: '2026-11-26' },
    });
  });
});

describe('first spend, read from the Cost Explorer stand-in', () => {
  const start = useCostExplorerStandIn();
  let ce: CostExplorerStandIn | undefined;
  let client: CostExplorerClient | undefined;
  const check = async (rows: CostRow[], pageSize?: number) => {
    ({ ce, client } = await start({
      costs: rows,
      now: new Date(`${today}T09:00:00Z`),
      ...(pageSize ? { pageSize } : {}),
    }));
    const counter = new RequestCounter();
    const costs = await getFirstSpendCosts(client, {
      today,
      usage: usageFilter(DEFAULT_BASIS),
      metric: DEFAULT_BASIS.metric,
      counter,
    });
    return { found: findFirstSpend(costs).entries, requests: counter.count };
  };

  it('finds a service and a Region new in one account this week, in four requests', async () => {
    const { found, requests } = await check([
      row('2026-10-01', A, 'Amazon EC2', 50, 'us-east-1'),
      row('2026-11-28', A, 'Amazon EC2', 50, 'us-east-1'),
      row('2026-11-28', A, 'Amazon Bedrock', 200, 'us-west-2'),
      row('2026-12-02', A, 'Amazon Bedrock', 212, 'us-west-2'),
      // Known to the organisation, not to this account: new for B.
      row('2026-11-30', B, 'Amazon EC2', 3, 'us-east-1'),
    ]);
    expect(found).toEqual<FirstSpend[]>([
      { accountId: A, kind: 'region', name: 'us-west-2', amount: 412 },
      { accountId: A, kind: 'service', name: 'Amazon Bedrock', amount: 412 },
      { accountId: B, kind: 'region', name: 'us-east-1', amount: 3 },
      { accountId: B, kind: 'service', name: 'Amazon EC2', amount: 3 },
    ]);
    expect(requests).toBe(4);
  });

  it('counts a service seen 91 days before the week as new, and one seen 90 days before as known', async () => {
    const weekStart = window.week.start;
    const { found } = await check([
      row(addDays(weekStart, -91), A, 'AWS Glue', 10, 'us-east-1'),
      row(addDays(weekStart, -90), A, 'Amazon EC2', 10, 'us-east-1'),
      row('2026-11-27', A, 'AWS Glue', 5, 'us-east-1'),
      row('2026-11-27', A, 'Amazon EC2', 5, 'us-east-1'),
    ]);
    expect(found.map((f) => `${f.kind}:${f.name}`)).toEqual(['service:AWS Glue']);
  });

  it('takes neither $0.00, nor half a cent, nor credits alone as spend, in the week or before it', async () => {
    const { found } = await check([
      row('2026-11-27', A, 'Amazon S3', 0, 'eu-west-1'),
      row('2026-11-27', A, 'AWS Lambda', 0.004, 'eu-west-1'),
      row('2026-11-27', A, 'Amazon Athena', -25, 'eu-west-1', 'Credit'),
      // Credits only in the 90 days: the service was never spent on, so this week's spend is new.
      row('2026-10-10', A, 'Amazon Redshift', -40, 'us-east-1', 'Credit'),
      row('2026-10-10', A, 'Amazon EC2', 1, 'us-east-1'),
      row('2026-11-29', A, 'Amazon Redshift', 30, 'us-east-1'),
    ]);
    expect(found).toEqual<FirstSpend[]>([
      { accountId: A, kind: 'service', name: 'Amazon Redshift', amount: 30 },
    ]);
  });

  it('counts sub-cent amounts on both sides of a month end as spend before the week', async () => {
    const { found } = await check([
      row('2026-09-30', A, 'AWS KMS', 0.003, 'us-east-1'),
      row('2026-10-01', A, 'AWS KMS', 0.003, 'us-east-1'),
      row('2026-11-30', A, 'AWS KMS', 4, 'us-east-1'),
    ]);
    expect(found).toEqual([]);
  });

  it('never calls global or region-less charges a new Region', async () => {
    const { found } = await check([
      row('2026-10-01', A, 'Amazon Route 53', 1, 'global'),
      row('2026-11-28', A, 'Amazon Route 53', 1, 'global'),
      row('2026-11-28', A, 'AWS Support (Business)', 100),
      row('2026-10-01', A, 'AWS Support (Business)', 100),
    ]);
    expect(found).toEqual([]);
  });

  it('is refused by the stand-in as Cost Explorer would before its 14 months of history, and asks well inside them', async () => {
    const { requests } = await check([row('2026-11-28', A, 'Amazon EC2', 1, 'us-east-1')]);
    const { getAllCostAndUsage } = await import('../handlers/lib/costs/cost-queries.js');
    const ask = (start: string) =>
      getAllCostAndUsage(
        client as CostExplorerClient,
        { period: { start, end: today }, Granularity: 'MONTHLY' },
        new RequestCounter(),
      );

    expect(requests).toBe(4);
    await expect(ask('2025-10-31')).rejects.toThrow(/ValidationException.*13 before it/);
    await expect(ask('2025-11-01')).resolves.toBeDefined();
    expect(window.lookback.start > '2025-11-01').toBe(true);
  });

  it('stops at its page limit instead of paying for every page of a large organisation', async () => {
    const rows = Array.from({ length: 40 }, (_, i) =>
      row('2026-11-28', String(210000000100 + i), 'Amazon EC2', 1, 'us-east-1'),
    );
    await expect(check(rows, 4)).rejects.toBeInstanceOf(PageLimitError);
    expect(ce?.stats.billed).toBeLessThanOrEqual(2 * FIRST_SPEND.maxPages);
  });
});

describe('first spend, decided from the answers', () => {
  const paged = (groups: { start: string; keys: string[]; amount: number }[]) => ({
    groups,
    accountNames: new Map<string, string>(),
    units: new Set(['USD']),
    estimated: false,
  });
  const costs = (week: number): FirstSpendCosts => ({
    window,
    services: {
      week: paged(
        Array.from({ length: week }, (_, i) => ({
          start: window.week.start,
          keys: [A, `Service ${i}`],
          amount: i + 1,
        })),
      ),
      lookback: paged([]),
    },
    regions: { week: paged([]), lookback: paged([]) },
  });

  it('keeps the largest first and counts what it left out', () => {
    const found = findFirstSpend(costs(FIRST_SPEND_KEPT + 3));
    expect(found.entries).toHaveLength(FIRST_SPEND_KEPT);
    expect(found.entries[0]).toMatchObject({ name: `Service ${FIRST_SPEND_KEPT + 2}` });
    expect(found.more).toBe(3);
  });

  it('adds up a pair split over two months inside the week', () => {
    const found = findFirstSpend({
      ...costs(0),
      regions: {
        week: paged([
          { start: '2026-11-26', keys: [A, 'eu-north-1'], amount: 0.003 },
          { start: '2026-12-01', keys: [A, 'eu-north-1'], amount: 0.003 },
        ]),
        lookback: paged([]),
      },
    });
    expect(found.entries).toEqual([{ accountId: A, kind: 'region', name: 'eu-north-1', amount: 0.006 }]);
  });
});
