import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  GetCostForecastCommand,
} from '@aws-sdk/client-cost-explorer';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { snapshotPeriods } from '../handlers/lib/costs/periods.js';
import { buildSnapshot } from '../handlers/lib/costs/snapshot.js';

const ce = mockClient(CostExplorerClient);
const now = new Date('2026-11-20T09:00:00Z');
const money = (amount: number) => ({ UnblendedCost: { Amount: String(amount), Unit: 'USD' } });
const group = (keys: string[], amount: number) => ({ Keys: keys, Metrics: money(amount) });

describe('cost snapshot', () => {
  beforeEach(() => {
    ce.reset();
    ce.on(GetCostForecastCommand).resolves({ Total: { Amount: '1100.5', Unit: 'USD' } });
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [] });
  });

  it('uses month-to-date, same-days-last-month and daily windows that end before today', () => {
    const p = snapshotPeriods(now);

    expect(p.monthToDate).toEqual({ start: '2026-11-01', end: '2026-11-20' });
    expect(p.sameDaysLastMonth).toEqual({ start: '2026-10-01', end: '2026-10-20' });
    expect(p.daily).toEqual({ start: '2026-11-06', end: '2026-11-20' });
    expect(p.daysInMonth).toBe(30);
  });

  it('caps the same days of last month at its end (31 March vs February)', () => {
    expect(snapshotPeriods(new Date('2026-03-31T12:00:00Z')).sameDaysLastMonth).toEqual({
      start: '2026-02-01',
      end: '2026-03-01',
    });
  });

  it('follows NextPageToken with the same parameters and reads names from DimensionValueAttributes', async () => {
    ce.on(GetCostAndUsageCommand, {
      Granularity: 'MONTHLY',
      GroupBy: [
        { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
        { Type: 'DIMENSION', Key: 'SERVICE' },
      ],
    })
      .resolvesOnce({
        ResultsByTime: [
          {
            TimePeriod: { Start: '2026-11-01', End: '2026-11-20' },
            Groups: [group(['111111111111', 'Amazon EC2'], 100.125)],
          },
        ],
        DimensionValueAttributes: [{ Value: '111111111111', Attributes: { description: 'payments' } }],
        NextPageToken: 'page-2',
      })
      .resolvesOnce({
        ResultsByTime: [
          {
            TimePeriod: { Start: '2026-11-01', End: '2026-11-20' },
            Groups: [group(['111111111111', 'Amazon S3'], 0.335), group(['222222222222', 'Amazon EC2'], 50)],
          },
        ],
        DimensionValueAttributes: [{ Value: '222222222222', Attributes: { description: 'data' } }],
      });

    const snapshot = await buildSnapshot(new CostExplorerClient({}), { now, currency: 'USD' });

    const pages = ce.commandCalls(GetCostAndUsageCommand, {
      GroupBy: [
        { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
        { Type: 'DIMENSION', Key: 'SERVICE' },
      ],
    });
    expect(pages).toHaveLength(2);
    expect(pages[1]?.args[0].input).toMatchObject({ ...pages[0]?.args[0].input, NextPageToken: 'page-2' });
    expect(snapshot.accounts).toEqual([
      expect.objectContaining({
        id: '111111111111',
        name: 'payments',
        monthToDate: 100.46,
        byService: { 'Amazon EC2': 100.125, 'Amazon S3': 0.335 },
      }),
      expect.objectContaining({ id: '222222222222', name: 'data', monthToDate: 50 }),
    ]);
    expect(snapshot.costExplorerRequests).toBe(6);
  });

  it('keeps credits and refunds apart from usage', async () => {
    ce.on(GetCostAndUsageCommand, {
      GroupBy: [
        { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
        { Type: 'DIMENSION', Key: 'RECORD_TYPE' },
      ],
    }).resolves({
      ResultsByTime: [
        {
          TimePeriod: { Start: '2026-11-01', End: '2026-11-20' },
          Groups: [group(['111111111111', 'Credit'], -25), group(['111111111111', 'Refund'], -4.5)],
        },
      ],
    });

    const snapshot = await buildSnapshot(new CostExplorerClient({}), { now, currency: 'USD' });

    expect(snapshot.accounts[0]).toMatchObject({
      id: '111111111111',
      monthToDate: 0,
      credits: -25,
      refunds: -4.5,
    });
    expect(ce).toReceiveCommandWith(GetCostAndUsageCommand, {
      Filter: { Not: { Dimensions: { Key: 'RECORD_TYPE', Values: ['Credit', 'Refund'] } } },
      Granularity: 'DAILY',
    });
  });

  it('records daily usage and the last day with data ("costs as of")', async () => {
    ce.on(GetCostAndUsageCommand, { Granularity: 'DAILY' }).resolves({
      ResultsByTime: [
        { TimePeriod: { Start: '2026-11-18', End: '2026-11-19' }, Groups: [group(['111111111111'], 12)] },
        {
          TimePeriod: { Start: '2026-11-19', End: '2026-11-20' },
          Groups: [group(['111111111111'], 13)],
          Estimated: true,
        },
      ],
    });

    const snapshot = await buildSnapshot(new CostExplorerClient({}), { now, currency: 'USD' });

    expect(snapshot.dataThrough).toBe('2026-11-19');
    expect(snapshot.estimated).toBe(true);
    expect(snapshot.accounts[0]?.daily).toEqual({ '2026-11-18': 12, '2026-11-19': 13 });
  });

  it('treats "insufficient history" from the forecast as a gap, not a failure', async () => {
    ce.on(GetCostForecastCommand).rejects(
      Object.assign(new Error('Insufficient amount of historical data'), {
        name: 'DataUnavailableException',
      }),
    );

    const snapshot = await buildSnapshot(new CostExplorerClient({}), { now, currency: 'USD' });

    expect(snapshot.forecast).toEqual({ ok: false, reason: expect.stringMatching(/insufficient history/) });
  });

  it('fails with a named error that keeps its cause when Cost Explorer fails', async () => {
    const cause = Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailableException' });
    ce.on(GetCostAndUsageCommand).rejects(cause);

    const failure = await buildSnapshot(new CostExplorerClient({}), { now, currency: 'USD' }).catch(
      (e: unknown) => e,
    );

    expect(failure).toMatchObject({ name: 'CostQueryError', cause });
  });
});
