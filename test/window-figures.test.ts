import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AccountFigures,
  accountFiguresOf,
  getAccountFigures,
} from '../handlers/lib/costs/account-figures.js';
import { RequestCounter } from '../handlers/lib/costs/cost-queries.js';
import { ACCOUNTS_PER_QUERY, getWindowCosts } from '../handlers/lib/costs/window-figures.js';
import { type CostExplorerStandIn, startCostExplorer } from '../local/cost-explorer-server.js';
import { generatedOrganisation } from '../local/generated-org.js';
import { SAMPLE_ACCOUNTS, sampleOrganisationCosts } from '../local/sample-org.js';
import { standInCostExplorer } from './helpers/ce-client.js';
import { recordTypeFigures, usageOnly } from './helpers/record-type-figures.js';

describe('a burst window’s figures: two Cost Explorer queries for all its accounts', () => {
  let ce: CostExplorerStandIn | undefined;
  let client: CostExplorerClient | undefined;
  afterEach(async () => {
    client?.destroy();
    await ce?.stop();
  });

  // Early in a month the trend window reaches into last month; late in it, it does not.
  for (const now of [new Date('2026-11-20T09:00:00Z'), new Date('2026-11-03T09:00:00Z')]) {
    it(`gives every sample account exactly its own request’s usage figures, and credits as a request by record type gives them (${now.toISOString().slice(0, 10)})`, async () => {
      ce = await startCostExplorer({ costs: sampleOrganisationCosts(now), now });
      client = standInCostExplorer(ce.endpoint);
      const members = SAMPLE_ACCOUNTS.filter((a) => a.ou !== 'management').map((a) => a.id);
      const counter = new RequestCounter();

      const answers = await getWindowCosts(client, members, now, counter);

      // One by-service query per 5 accounts, one by record type for all.
      expect(counter.count).toBe(Math.ceil(members.length / ACCOUNTS_PER_QUERY) + 1);
      for (const id of members) {
        const own = await getAccountFigures(client, id, now, new RequestCounter());
        const answer = answers.get(id);
        expect(answer).toBeDefined();
        if (!answer) continue;
        const fromWindow = accountFiguresOf(id, now, answer);
        expect(usageOnly(fromWindow)).toEqual(usageOnly(own));
        expect(withoutAdjustments(fromWindow)).toEqual(
          withoutAdjustments(await recordTypeFigures(client, id, now)),
        );
      }
    });
  }

  it('answers 25 accounts of 50 services in 6 requests (5 by-service queries of one page, 1 by record type) with the same figures', async () => {
    const now = new Date('2026-11-20T09:00:00Z');
    const org = generatedOrganisation({ accounts: 200, services: 50, now });
    ce = await startCostExplorer({ costs: org, now });
    client = standInCostExplorer(ce.endpoint);
    const ids = org
      .accounts()
      .slice(1, 26)
      .map((a) => a.id);
    const counter = new RequestCounter();

    const answers = await getWindowCosts(client, ids, now, counter);

    expect(counter.count).toBe(6);
    expect(answers.size).toBe(25);
    for (const id of [ids[0], ids[12], ids[24]] as string[]) {
      const own = await getAccountFigures(client, id, now, new RequestCounter());
      const fromWindow = accountFiguresOf(
        id,
        now,
        answers.get(id) ?? { groups: [], accountNames: new Map(), units: new Set(), estimated: false },
      );
      expect(usageOnly(fromWindow)).toEqual(usageOnly(own));
      expect(fromWindow).toEqual(await recordTypeFigures(client, id, now));
    }
  });

  it('gives an account without cost an empty answer, as its own request would', async () => {
    const now = new Date('2026-11-20T09:00:00Z');
    ce = await startCostExplorer({ costs: sampleOrganisationCosts(now), now });
    client = standInCostExplorer(ce.endpoint);
    const quiet = '999999999999';

    const answers = await getWindowCosts(client, [quiet], now, new RequestCounter());
    const own = await getAccountFigures(client, quiet, now, new RequestCounter());

    expect(answers.get(quiet)?.groups).toEqual([]);
    expect(
      usageOnly(
        accountFiguresOf(
          quiet,
          now,
          answers.get(quiet) ?? { groups: [], accountNames: new Map(), units: new Set(), estimated: false },
        ),
      ),
    ).toEqual({ ...usageOnly(own), unit: '', units: [] });
  });
});

/**
 * The figures but the drivers' per-service adjustments (issue 21): a window's answer keeps credits by
 * record type across the account, not by service, and a window's alarms make no drivers request.
 */
function withoutAdjustments(figures: AccountFigures): Omit<AccountFigures, 'adjustments'> {
  const { adjustments: _ignored, ...rest } = figures;
  return rest;
}
