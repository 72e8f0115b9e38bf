import { Logger } from '@aws-lambda-powertools/logger';
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BASIS } from '../handlers/lib/costs/cost-basis.js';
import { FIRST_SPEND_MAX_ACCOUNTS, readFirstSpend } from '../handlers/lib/report/report-first-spend.js';
import { FirstSpendStore, TOO_MANY_GROUPS } from '../handlers/lib/state/first-spend-store.js';
import type { CostExplorerStandIn } from '../local/cost-explorer-server.js';
import { useStateTable } from './helpers/alarm-deps.js';
import { useCostExplorerStandIn } from './helpers/ce-client.js';
import { costRow } from './helpers/cost-rows.js';

const table = useStateTable();
const now = new Date('2026-12-03T06:00:00Z');
const logger = new Logger({ logLevel: 'SILENT' });

describe('the report’s first-spend check, kept in the state table', () => {
  const start = useCostExplorerStandIn();
  let ce: CostExplorerStandIn | undefined;
  let client: CostExplorerClient | undefined;
  const setUp = async () => {
    ({ ce, client } = await start({
      costs: [{ ...costRow('2026-11-30', '210000000005', 'Amazon Bedrock', 412), region: 'us-west-2' }],
      now,
    }));
    const store = new FirstSpendStore(table().dynamo, table().tableName);
    const read = (at: Date, accounts = 14) =>
      readFirstSpend(
        { ce: client as CostExplorerClient, store, logger },
        { now: at, basis: DEFAULT_BASIS, accounts, signal: new AbortController().signal },
      );
    return { store, read };
  };

  it('asks Cost Explorer once a day and keeps what it found for the alarms', async () => {
    const { store, read } = await setUp();

    const first = await read(now);
    const again = await read(new Date('2026-12-03T18:00:00Z'));
    const tomorrow = await read(new Date('2026-12-04T06:00:00Z'));

    expect(first.requests).toBe(4);
    expect(first.check.outcome).toEqual({
      ok: true,
      entries: [
        { accountId: '210000000005', kind: 'region', name: 'us-west-2', amount: 412 },
        { accountId: '210000000005', kind: 'service', name: 'Amazon Bedrock', amount: 412 },
      ],
      more: 0,
    });
    expect(again).toEqual({ check: first.check, requests: 0 });
    expect(tomorrow.requests).toBe(4);
    expect((await store.latest())?.today).toBe('2026-12-04');
  });

  it('does not ask for an organisation too large for its bounded requests, and says why', async () => {
    const { store, read } = await setUp();

    const large = await read(now, FIRST_SPEND_MAX_ACCOUNTS + 1);

    expect(large).toMatchObject({ requests: 0, check: { outcome: { ok: false, reason: TOO_MANY_GROUPS } } });
    expect(ce?.stats.billed).toBe(0);
    expect((await store.latest())?.outcome).toEqual({ ok: false, reason: TOO_MANY_GROUPS });
  });

  it('says Cost Explorer’s failure as the reason, and asks again on the next run the same day', async () => {
    const { store, read } = await setUp();
    await ce?.stop();

    const failed = await read(now);
    client?.destroy();
    ({ client } = await start({ costs: [], now }));
    const retried = await readFirstSpend(
      { ce: client, store, logger },
      { now, basis: DEFAULT_BASIS, accounts: 14, signal: new AbortController().signal },
    );

    expect(failed.check.outcome).toMatchObject({ ok: false, reason: expect.any(String) });
    expect(retried).toMatchObject({ requests: 4, check: { outcome: { ok: true, entries: [] } } });
  });
});
