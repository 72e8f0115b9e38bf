import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  GetCostForecastCommand,
} from '@aws-sdk/client-cost-explorer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { getAccountFigures } from '../handlers/lib/costs/account-figures.js';
import { RequestCounter } from '../handlers/lib/costs/cost-queries.js';
import { buildSnapshot, TOP_DAILY_ACCOUNTS } from '../handlers/lib/costs/snapshot.js';
import { SnapshotStore } from '../handlers/lib/costs/snapshot-store.js';
import { testSnapshot } from './helpers/snapshot.js';

const ce = mockClient(CostExplorerClient);
const now = new Date('2026-11-20T03:00:00Z');
const money = (amount: number, unit = 'USD') => ({ UnblendedCost: { Amount: String(amount), Unit: unit } });
const group = (keys: string[], amount: number, unit = 'USD') => ({
  Keys: keys,
  Metrics: money(amount, unit),
});
const BY = {
  service: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
  account: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }],
  credits: [
    { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
    { Type: 'DIMENSION', Key: 'RECORD_TYPE' },
  ],
} as const;
const build = (at = now, timeZone = 'Asia/Seoul') =>
  buildSnapshot(new CostExplorerClient({}), { now: at, timeZone });

/** Daily usage by service of the trend window: $10 a day of EC2, and S3 rising on the last 3 days. */
function dailyByService(through: string, days = 14) {
  return Array.from({ length: days }, (_, i) => {
    const d = new Date(Date.parse(`${through}T00:00:00Z`) - (days - 1 - i) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    return {
      TimePeriod: { Start: d, End: d },
      Groups: [group(['Amazon EC2'], 10), group(['Amazon S3'], i >= days - 3 ? 5 : 1)],
      Estimated: i === days - 1,
    };
  });
}

describe('organisation cost snapshot', () => {
  beforeEach(() => {
    ce.reset();
    ce.on(GetCostForecastCommand).resolves({ Total: { Amount: '1100.5', Unit: 'USD' } });
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [] });
    ce.on(GetCostAndUsageCommand, { Granularity: 'DAILY', GroupBy: [...BY.service] }).resolves({
      ResultsByTime: dailyByService('2026-11-19'),
    });
  });

  it('asks by account and by service (never account × service) over month to date and the same days last month', async () => {
    await build();

    const monthly = ce
      .commandCalls(GetCostAndUsageCommand, { Granularity: 'MONTHLY' })
      .map((c) => c.args[0].input);
    expect(monthly.map((i) => [i.TimePeriod, i.GroupBy?.map((g) => g.Key)])).toEqual(
      expect.arrayContaining([
        [{ Start: '2026-11-01', End: '2026-11-20' }, ['LINKED_ACCOUNT']],
        [{ Start: '2026-11-01', End: '2026-11-20' }, ['SERVICE']],
        [{ Start: '2026-11-01', End: '2026-11-20' }, ['LINKED_ACCOUNT', 'RECORD_TYPE']],
        [{ Start: '2026-10-01', End: '2026-10-20' }, ['LINKED_ACCOUNT']],
        [{ Start: '2026-10-01', End: '2026-10-20' }, ['SERVICE']],
      ]),
    );
    for (const input of ce.commandCalls(GetCostAndUsageCommand).map((c) => c.args[0].input)) {
      expect(input.GroupBy?.map((g) => g.Key)).not.toEqual(['LINKED_ACCOUNT', 'SERVICE']);
    }
  });

  it('follows NextPageToken with the same parameters and reads names from DimensionValueAttributes', async () => {
    ce.on(GetCostAndUsageCommand, {
      Granularity: 'MONTHLY',
      GroupBy: [...BY.account],
      TimePeriod: { Start: '2026-11-01', End: '2026-11-20' },
    })
      .resolvesOnce({
        ResultsByTime: [
          {
            TimePeriod: { Start: '2026-11-01', End: '2026-11-20' },
            Groups: [group(['111111111111'], 100.125)],
          },
        ],
        DimensionValueAttributes: [{ Value: '111111111111', Attributes: { description: 'payments' } }],
        NextPageToken: 'page-2',
      })
      .resolvesOnce({
        ResultsByTime: [
          {
            TimePeriod: { Start: '2026-11-01', End: '2026-11-20' },
            Groups: [group(['111111111111'], 0.335), group(['222222222222'], 150)],
          },
        ],
        DimensionValueAttributes: [{ Value: '222222222222', Attributes: { description: 'data' } }],
      });

    const snapshot = await build();

    const pages = ce.commandCalls(GetCostAndUsageCommand, {
      GroupBy: [...BY.account],
      TimePeriod: { Start: '2026-11-01', End: '2026-11-20' },
    });
    expect(pages).toHaveLength(2);
    expect(pages[1]?.args[0].input).toMatchObject({ ...pages[0]?.args[0].input, NextPageToken: 'page-2' });
    expect(snapshot.accounts).toEqual([
      expect.objectContaining({ id: '222222222222', name: 'data', current: 150 }),
      expect.objectContaining({ id: '111111111111', name: 'payments', current: 100.46 }),
    ]);
  });

  it('keeps credits and refunds apart from usage', async () => {
    ce.on(GetCostAndUsageCommand, { GroupBy: [...BY.credits] }).resolves({
      ResultsByTime: [
        {
          TimePeriod: { Start: '2026-11-01', End: '2026-11-20' },
          Groups: [group(['111111111111', 'Credit'], -25), group(['111111111111', 'Refund'], -4.5)],
        },
      ],
    });

    const snapshot = await build();

    expect(snapshot.accounts[0]).toMatchObject({
      id: '111111111111',
      current: 0,
      credits: -25,
      refunds: -4.5,
    });
  });

  it('records the organisation’s days, the last day with data, and each service’s last 3 days against the 3 before', async () => {
    const snapshot = await build();

    expect(snapshot.dataThrough).toBe('2026-11-19');
    expect(snapshot.estimated).toBe(true);
    expect(snapshot.daily['2026-11-19']).toBe(15);
    expect(snapshot.daily['2026-11-06']).toBe(11);
    expect(snapshot.services.find((s) => s.name === 'Amazon S3')).toMatchObject({ last: 15, before: 3 });
  });

  it('keeps daily usage for the largest accounts only, from one filtered request', async () => {
    const accounts = Array.from({ length: 40 }, (_, i) => group([String(300000000000 + i)], 1000 - i));
    ce.on(GetCostAndUsageCommand, {
      Granularity: 'MONTHLY',
      GroupBy: [...BY.account],
      TimePeriod: { Start: '2026-11-01', End: '2026-11-20' },
    }).resolves({
      ResultsByTime: [{ TimePeriod: { Start: '2026-11-01', End: '2026-11-20' }, Groups: accounts }],
    });

    const snapshot = await build();

    const daily = ce.commandCalls(GetCostAndUsageCommand, { Granularity: 'DAILY', GroupBy: [...BY.account] });
    expect(daily).toHaveLength(1);
    const filter = daily[0]?.args[0].input.Filter?.And?.[0]?.Dimensions;
    expect(filter).toMatchObject({ Key: 'LINKED_ACCOUNT' });
    expect(filter?.Values).toHaveLength(TOP_DAILY_ACCOUNTS);
    expect(snapshot.topAccountsDaily).toHaveLength(TOP_DAILY_ACCOUNTS);
    expect(snapshot.topAccountsDaily[0]?.id).toBe('300000000000');
  });

  it('closes the month just ended while the new month has no data yet: the whole month against the month before, no forecast', async () => {
    ce.on(GetCostAndUsageCommand, { Granularity: 'DAILY', GroupBy: [...BY.service] }).resolves({
      ResultsByTime: dailyByService('2026-11-30'),
    });

    // 12:00 in Seoul on December 1st.
    const snapshot = await build(new Date('2026-12-01T03:00:00Z'));

    expect(snapshot.periods).toMatchObject({
      mode: 'monthClose',
      current: { start: '2026-11-01', end: '2026-12-01' },
      comparison: { start: '2026-10-01', end: '2026-11-01' },
    });
    expect(ce).toReceiveCommandWith(GetCostAndUsageCommand, {
      TimePeriod: { Start: '2026-11-01', End: '2026-12-01' },
      GroupBy: [...BY.account],
    });
    expect(ce.commandCalls(GetCostForecastCommand)).toHaveLength(0);
  });

  it.each([
    [
      'too little history',
      Object.assign(new Error('Insufficient amount of historical data'), {
        name: 'DataUnavailableException',
      }),
      'insufficientHistory',
    ],
    [
      'throttling past the retries',
      Object.assign(new Error('Rate exceeded'), { name: 'LimitExceededException' }),
      'throttled',
    ],
    ['an outage', Object.assign(new Error('down'), { name: 'ServiceUnavailableException' }), 'unavailable'],
  ])(
    'keeps every figure when the forecast fails with %s, and names the reason in a word',
    async (_what, error, reason) => {
      ce.on(GetCostForecastCommand).rejects(error);

      const snapshot = await build();

      expect(snapshot.forecast).toEqual({ ok: false, reason });
      expect(snapshot.dataThrough).toBe('2026-11-19');
    },
  );

  it('treats a forecast that is not a number as a malformed answer, not as zero', async () => {
    ce.on(GetCostForecastCommand).resolves({ Total: { Amount: 'NaN', Unit: 'USD' } });

    expect((await build()).forecast).toEqual({ ok: false, reason: 'malformed' });
  });

  it('carries the unit Cost Explorer returns, and every unit when they differ', async () => {
    ce.on(GetCostAndUsageCommand, { Granularity: 'DAILY', GroupBy: [...BY.service] }).resolves({
      ResultsByTime: [
        {
          TimePeriod: { Start: '2026-11-19', End: '2026-11-20' },
          Groups: [group(['Amazon EC2'], 10, 'EUR')],
        },
      ],
    });

    const snapshot = await build();

    expect(snapshot.unit).toBe('EUR');
    expect(snapshot.units).toEqual(['EUR']);
  });

  it('fails with a named error that keeps its cause when Cost Explorer fails', async () => {
    const cause = Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailableException' });
    ce.on(GetCostAndUsageCommand).rejects(cause);

    const failure = await build().catch((e: unknown) => e);

    expect(failure).toMatchObject({ name: 'CostQueryError', cause });
  });
});

describe('one account’s figures for its alarm', () => {
  // What Cost Explorer answers the alarm's request: usage only (its filter leaves credits and
  // refunds out), by service and usage type.
  beforeEach(() => {
    ce.reset();
    ce.on(GetCostAndUsageCommand, { Granularity: 'DAILY' }).resolves({
      ResultsByTime: [
        {
          TimePeriod: { Start: '2026-10-02', End: '2026-10-03' },
          Groups: [group(['Amazon EC2', 'BoxUsage:m7i.large'], 100)],
        },
        {
          TimePeriod: { Start: '2026-10-19', End: '2026-10-20' },
          Groups: [group(['Amazon EC2', 'BoxUsage:m7i.large'], 200), group(['Amazon EC2', 'Tax'], 0.5)],
        },
        {
          TimePeriod: { Start: '2026-10-30', End: '2026-10-31' },
          Groups: [group(['Amazon EC2', 'BoxUsage:m7i.large'], 99)],
        },
        {
          TimePeriod: { Start: '2026-11-18', End: '2026-11-19' },
          Groups: [group(['Amazon EC2', 'BoxUsage:m7i.large'], 12)],
        },
        {
          TimePeriod: { Start: '2026-11-19', End: '2026-11-20' },
          Groups: [group(['Amazon EC2', 'BoxUsage:m7i.large'], 13)],
        },
      ],
    });
  });

  it('comes from one daily request from the first of last month: month to date by service, daily, movers, usage types and last month’s same days; credits said unread', async () => {
    const counter = new RequestCounter();

    const figures = await getAccountFigures(new CostExplorerClient({}), '210000000001', now, counter);

    expect(counter.count).toBe(1);
    expect(ce.commandCalls(GetCostAndUsageCommand)).toHaveLength(1);
    expect(figures).toMatchObject({
      byService: { 'Amazon EC2': 25 },
      current: 25,
      credits: 0,
      refunds: 0,
      creditsUnread: true,
      // Oct 1–19 (the same 19 days as Nov 1–19), usage and tax summed over usage types; not Oct 30.
      comparison: 300.5,
      dataThrough: '2026-11-19',
      daily: { '2026-11-18': 12, '2026-11-19': 13 },
    });
    expect(figures.usageTypes?.map((g) => g.keys[1])).toContain('BoxUsage:m7i.large');
    expect(figures).not.toHaveProperty('name');
    expect(ce).toReceiveCommandWith(GetCostAndUsageCommand, {
      Granularity: 'DAILY',
      TimePeriod: { Start: '2026-10-01', End: '2026-11-20' },
      Metrics: ['UnblendedCost', 'UsageQuantity'],
      GroupBy: [
        { Type: 'DIMENSION', Key: 'SERVICE' },
        { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
      ],
      Filter: {
        And: [
          { Dimensions: { Key: 'LINKED_ACCOUNT', Values: ['210000000001'] } },
          { Not: { Dimensions: { Key: 'RECORD_TYPE', Values: ['Credit', 'Refund'] } } },
        ],
      },
    });
  });
});

describe('snapshot cache', () => {
  const doc = mockClient(DynamoDBDocumentClient);
  const store = () => new SnapshotStore(new DynamoDBClient({}), 'state', 3600);
  const written: Record<string, unknown>[] = [];
  beforeEach(() => {
    doc.reset();
    written.length = 0;
    doc
      .on(BatchWriteCommand)
      .callsFake(
        async (input: {
          RequestItems: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]>;
        }) => {
          written.push(...(input.RequestItems.state ?? []).map((r) => r.PutRequest.Item));
          return {};
        },
      );
  });
  const byKeys = (keys: { id: string }[]) => written.filter((i) => keys.some((k) => k.id === i.id));

  it('round-trips a snapshot, retrying the keys DynamoDB leaves unprocessed', async () => {
    const snapshot = testSnapshot([{ id: '111111111111', name: 'a', current: 5 }]);
    await store().save(snapshot, now);
    let first = true;
    doc
      .on(BatchGetCommand)
      .callsFake(async (input: { RequestItems: { state: { Keys: { id: string }[] } } }) => {
        const keys = input.RequestItems.state.Keys;
        if (first && keys.length === 1 && keys[0]?.id.includes('#0')) {
          first = false;
          return { Responses: { state: [] }, UnprocessedKeys: { state: { Keys: keys } } };
        }
        return { Responses: { state: byKeys(keys) } };
      });

    expect(await store().load(now)).toEqual(snapshot);
    expect(doc.commandCalls(BatchGetCommand).length).toBe(3);
  });

  it('refuses a generation with a missing part, naming it, instead of serving half a snapshot', async () => {
    await store().save(testSnapshot([{ id: '111111111111' }]), now);
    doc
      .on(BatchGetCommand)
      .callsFake(async (input: { RequestItems: { state: { Keys: { id: string }[] } } }) => ({
        Responses: {
          state: byKeys(input.RequestItems.state.Keys).filter((i) => !String(i.id).endsWith('#0')),
        },
      }));

    await expect(store().load(now)).rejects.toThrow(/lacks part\(s\) 0 of 1/);
  });

  it('refuses a snapshot whose checksum does not match', async () => {
    await store().save(testSnapshot([{ id: '111111111111' }]), now);
    const head = written.find((i) => i.id === 'cost-snapshot#v3') as { sha256: string };
    head.sha256 = 'f'.repeat(64);
    doc
      .on(BatchGetCommand)
      .callsFake(async (input: { RequestItems: { state: { Keys: { id: string }[] } } }) => ({
        Responses: { state: byKeys(input.RequestItems.state.Keys) },
      }));

    await expect(store().load(now)).rejects.toThrow(/fails its checksum/);
  });

  it('serves nothing once the head expired', async () => {
    await store().save(testSnapshot([{ id: '111111111111' }]), now);
    doc
      .on(BatchGetCommand)
      .callsFake(async (input: { RequestItems: { state: { Keys: { id: string }[] } } }) => ({
        Responses: { state: byKeys(input.RequestItems.state.Keys) },
      }));

    expect(await store().load(new Date(now.getTime() + 3601_000))).toBeUndefined();
  });
});
