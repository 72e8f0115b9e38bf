import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { afterEach, describe, expect, it } from 'vitest';
import { getAccountFigures } from '../handlers/lib/costs/account-figures.js';
import {
  accountFilter,
  BY_ACCOUNT,
  getAllCostAndUsage,
  RequestCounter,
} from '../handlers/lib/costs/cost-queries.js';
import { type CostExplorerStandIn, startCostExplorer } from '../local/cost-explorer-server.js';
import { generatedOrganisation } from '../local/generated-org.js';
import { SAMPLE_ACCOUNTS, sampleOrganisationCosts } from '../local/sample-org.js';

const now = new Date('2026-11-20T09:00:00Z');
const cents = (amount: number) => Math.round(amount * 100);

describe('an alarm’s figures from one Cost Explorer request', () => {
  let ce: CostExplorerStandIn | undefined;
  let client: CostExplorerClient | undefined;
  const start = async (options: Parameters<typeof startCostExplorer>[0]) => {
    ce = await startCostExplorer(options);
    client = new CostExplorerClient({
      endpoint: ce.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    });
    return { ce, client };
  };
  afterEach(async () => {
    client?.destroy();
    await ce?.stop();
  });

  it('gives every sample account the month to date and last month’s same days that monthly requests give, to the cent', async () => {
    const { ce, client } = await start({ costs: sampleOrganisationCosts(now), now });
    const members = SAMPLE_ACCOUNTS.filter((a) => a.ou !== 'management');

    for (const { id } of members) {
      const before = ce.stats.billed;
      const figures = await getAccountFigures(client, id, now, new RequestCounter());
      const billed = ce.stats.billed - before;
      // What the two-request version asked for apart: each period's usage, summed by Cost Explorer.
      const monthly = async (period: { start: string; end: string }) =>
        (
          await getAllCostAndUsage(
            client,
            { period, Granularity: 'MONTHLY', GroupBy: [BY_ACCOUNT], Filter: accountFilter(id) },
            new RequestCounter(),
          )
        ).groups.reduce((total, g) => total + g.amount, 0);

      expect(billed).toBe(1);
      expect(cents(figures.comparison)).toBe(cents(await monthly(figures.periods.comparison)));
      expect(cents(figures.current)).toBe(cents(await monthly(figures.periods.current)));
    }
  });

  it('is one page for an account of 100 services billed every day (5,000 groups a page, as the stand-in assumes)', async () => {
    const org = generatedOrganisation({ accounts: 20, services: 100, now });
    const { ce, client } = await start({ costs: org, now });
    const counter = new RequestCounter();

    const figures = await getAccountFigures(client, org.accounts()[3]?.id ?? '', now, counter);

    expect(Object.keys(figures.byService)).toHaveLength(100);
    expect(counter.count).toBe(1);
    expect(ce.stats.billed).toBe(1);
  });

  it('reads every page when the account’s groups pass the page, and counts each', async () => {
    const org = generatedOrganisation({ accounts: 20, services: 50, now });
    const id = org.accounts()[3]?.id ?? '';
    const whole = await getAccountFigures(
      (await start({ costs: org, now })).client,
      id,
      now,
      new RequestCounter(),
    );
    client?.destroy();
    await ce?.stop();
    const small = await start({ costs: org, now, pageSize: 1_000 });
    const counter = new RequestCounter();

    const paged = await getAccountFigures(small.client, id, now, counter);

    expect(counter.count).toBe(3);
    expect(small.ce.stats.billed).toBe(3);
    expect(paged).toEqual(whole);
  });
});
