import { describe, expect, it } from 'vitest';
import { rowCostData } from '../local/cost-data.js';
import { getCostForecast } from '../local/cost-explorer-forecast.js';
import { getCostAndUsage } from '../local/cost-explorer-query.js';
import { generatedOrganisation } from '../local/generated-org.js';

const now = new Date('2026-11-20T09:00:00Z');
const usageOnly = { Not: { Dimensions: { Key: 'RECORD_TYPE', Values: ['Credit', 'Refund'] } } };
const by = (...keys: string[]) => keys.map((Key) => ({ Type: 'DIMENSION', Key }));
const query = (extra: Record<string, unknown>) => ({
  TimePeriod: { Start: '2026-11-01', End: '2026-11-20' },
  Granularity: 'MONTHLY',
  Metrics: ['UnblendedCost'],
  ...extra,
});

/** The requests the report and the alarm make, and a few they do not (other code paths of the generator). */
const QUERIES: Record<string, Record<string, unknown>> = {
  'month by account': query({ GroupBy: by('LINKED_ACCOUNT'), Filter: usageOnly }),
  'month by service': query({ GroupBy: by('SERVICE'), Filter: usageOnly }),
  'last month by service': query({
    TimePeriod: { Start: '2026-10-01', End: '2026-10-20' },
    GroupBy: by('SERVICE'),
    Filter: usageOnly,
  }),
  'daily by service': query({
    TimePeriod: { Start: '2026-10-20', End: '2026-11-20' },
    Granularity: 'DAILY',
    GroupBy: by('SERVICE'),
    Filter: usageOnly,
  }),
  'credits by account': query({
    GroupBy: by('LINKED_ACCOUNT', 'RECORD_TYPE'),
    Filter: { Dimensions: { Key: 'RECORD_TYPE', Values: ['Credit', 'Refund'] } },
  }),
  'one account by service and record type, daily': query({
    TimePeriod: { Start: '2026-10-01', End: '2026-11-20' },
    Granularity: 'DAILY',
    GroupBy: by('SERVICE', 'RECORD_TYPE'),
    Filter: { Dimensions: { Key: 'LINKED_ACCOUNT', Values: ['300000000007'] } },
  }),
  'top accounts daily': query({
    Granularity: 'DAILY',
    GroupBy: by('LINKED_ACCOUNT'),
    Filter: {
      And: [{ Dimensions: { Key: 'LINKED_ACCOUNT', Values: ['300000000000', '300000000050'] } }, usageOnly],
    },
  }),
  'total over two months': query({ TimePeriod: { Start: '2026-10-01', End: '2026-11-20' } }),
  'a service filter, by account and service': query({
    GroupBy: by('LINKED_ACCOUNT', 'SERVICE'),
    Filter: { Or: [{ Dimensions: { Key: 'SERVICE', Values: ['AWS Lambda'] } }, { Not: usageOnly }] },
  }),
};

describe('generated organisation', () => {
  const org = generatedOrganisation({ accounts: 60, services: 7, now });
  const asRows = rowCostData([...org.rows()]);

  it.each(Object.keys(QUERIES))('answers "%s" exactly as its own rows do', (name) => {
    const input = QUERIES[name] as Record<string, unknown>;

    const generated = getCostAndUsage(org, input, 1_000_000);

    expect(generated).toEqual(getCostAndUsage(asRows, input, 1_000_000));
    expect(JSON.stringify(generated)).toMatch(/"Amount":"-?[1-9]/);
  });

  it('forecasts as its rows do', () => {
    const input = { TimePeriod: { Start: '2026-11-20', End: '2026-12-01' }, Filter: usageOnly };

    expect(getCostForecast(org, input, '2026-11-20')).toEqual(getCostForecast(asRows, input, '2026-11-20'));
  });

  it('has the services per account it was asked for, credits, and markup in some names', () => {
    const services = new Map<string, Set<string>>();
    let credits = 0;
    for (const r of org.rows()) {
      if (r.recordType === 'Credit') credits++;
      else services.set(r.accountId, (services.get(r.accountId) ?? new Set()).add(r.service));
    }

    expect([...services.values()].every((s) => s.size === 7)).toBe(true);
    expect(credits).toBeGreaterThan(0);
    expect(org.accountName('300000000000')).toBe('team-0 <R&D "lab">');
    expect(org.accounts()).toHaveLength(60);
  });

  it('holds a large organisation without rows: 20,000 accounts × 200 services answer a by-service month', () => {
    const large = generatedOrganisation({ accounts: 20_000, services: 200, now });

    const answer = getCostAndUsage(large, QUERIES['month by service'] as Record<string, unknown>, 5_000) as {
      ResultsByTime: { Groups: unknown[] }[];
    };

    expect(answer.ResultsByTime[0]?.Groups).toHaveLength(205);
  });
});
