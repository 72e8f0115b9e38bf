import { GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import { afterEach, describe, expect, it } from 'vitest';
import { accountDrivers } from '../handlers/lib/alarm/alarm-drivers.js';
import { driversOf } from '../handlers/lib/analysis/drivers.js';
import { getAccountFigures } from '../handlers/lib/costs/account-figures.js';
import { RequestCounter } from '../handlers/lib/costs/cost-queries.js';
import { getOrganisationUsageTypes } from '../handlers/lib/costs/usage-types.js';
import { renderHtml } from '../handlers/lib/email/render.js';
import { ORG_REPORT } from '../handlers/lib/email/templates.generated.js';
import { reportText } from '../handlers/lib/report/report-text.js';
import { type CostRow, toFocusCsv } from '../local/focus-csv.js';
import {
  driverRows,
  EC2,
  RATE_ACCOUNT,
  reportWithDrivers,
  standInClient,
  USAGE_ACCOUNT,
} from './helpers/driver-rows.js';
import { readCsvText } from './helpers/focus-export.js';

const now = new Date('2026-11-20T09:00:00Z');

describe('usage types and quantities from the Cost Explorer stand-in', () => {
  const standIn = standInClient();
  const start = (costs: CostRow[]) => standIn.start({ costs, now });
  afterEach(() => standIn.stop());

  it('answers UsageQuantity beside the cost, grouped by service and usage type', async () => {
    // Prepare
    const c = await start(driverRows(now));

    // Act
    const out = await c.send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: '2026-11-01', End: '2026-11-02' },
        Granularity: 'DAILY',
        Metrics: ['UnblendedCost', 'UsageQuantity'],
        GroupBy: [
          { Type: 'DIMENSION', Key: 'SERVICE' },
          { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
        ],
        Filter: { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [USAGE_ACCOUNT] } },
      }),
    );

    // Assess
    const group = out.ResultsByTime?.[0]?.Groups?.find((g) => g.Keys?.[1] === 'BoxUsage:m7i.4xlarge');
    expect(group?.Keys).toEqual([EC2, 'BoxUsage:m7i.4xlarge']);
    expect(group?.Metrics?.UsageQuantity).toEqual({ Amount: '48', Unit: 'Hrs' });
    expect(group?.Metrics?.UnblendedCost?.Amount).toBe('38.400000');
  });

  it('refuses a request with a metric named twice or two cost metrics', async () => {
    // Prepare
    const c = await start(driverRows(now));
    const ask = (Metrics: string[]) =>
      c.send(
        new GetCostAndUsageCommand({
          TimePeriod: { Start: '2026-11-01', End: '2026-11-02' },
          Granularity: 'DAILY',
          Metrics,
        }),
      );

    // Act / Assess
    await expect(ask(['UnblendedCost', 'UnblendedCost'])).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(ask(['UnblendedCost', 'AmortizedCost'])).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('says "usage" for the account whose EC2 hours doubled and "rate" for the one whose price rose, from the alarm’s one request', async () => {
    // Prepare
    const c = await start(driverRows(now));
    const driversFor = async (accountId: string) => {
      const counter = new RequestCounter();
      const figures = await getAccountFigures(c, accountId, now, counter);
      const drivers = accountDrivers(figures);
      return { drivers: drivers?.ok ? drivers.value : [], requests: counter.count };
    };

    // Act
    const usage = await driversFor(USAGE_ACCOUNT);
    const rate = await driversFor(RATE_ACCOUNT);

    // Assess: 19 days of 24 h at $0.80 last month; this month 48 h/day, or 24 h/day at $1.00. The
    // $10 credit is not in the alarm's request (usage only): the report splits credits.
    expect(usage.drivers[0]).toMatchObject({
      service: EC2,
      mostly: 'usage',
      change: 364.8,
      usage: 364.8,
      rate: 0,
      credits: 0,
    });
    expect(usage.drivers[0]?.usageTypes[0]).toMatchObject({
      usageType: 'BoxUsage:m7i.4xlarge',
      quantityDelta: 456,
    });
    expect(rate.drivers[0]).toMatchObject({
      service: EC2,
      mostly: 'rate',
      change: 91.2,
      usage: 0,
      rate: 91.2,
    });
    for (const d of [...usage.drivers, ...rate.drivers]) {
      expect(Math.round(d.usage * 100) + Math.round(d.rate * 100) + Math.round(d.credits * 100)).toBe(
        Math.round(d.change * 100),
      );
    }
    expect(usage.requests).toBe(1);
    expect(rate.requests).toBe(1);
  });

  it('splits the organisation’s services with three requests, credits in their own part', async () => {
    // Prepare
    const c = await start(driverRows(now));
    const counter = new RequestCounter();
    const periods = {
      current: { start: '2026-11-01', end: '2026-11-20' },
      comparison: { start: '2026-10-01', end: '2026-10-20' },
    };

    // Act
    const [ec2] = driversOf(await getOrganisationUsageTypes(c, [EC2], periods, counter));

    // Assess: both accounts' changes, and the credit of $10 last month that did not come back.
    expect(counter.count).toBe(3);
    expect(ec2).toMatchObject({ change: 466, usage: 364.8, rate: 91.2, credits: 10 });
  });

  it('reads usage types and quantities from a FOCUS export, and writes them back', async () => {
    // Prepare
    const csv = [
      'ChargePeriodStart,SubAccountId,SubAccountName,ServiceName,ChargeCategory,BilledCost,BillingCurrency,x_UsageType,SkuId,ConsumedQuantity,ConsumedUnit,ListUnitPrice',
      '2026-11-01T00:00:00Z,111111111111,a,EC2,Usage,8,USD,BoxUsage:m5.large,SKU1,10,Hrs,0.8',
      '2026-11-01T00:00:00Z,111111111111,a,EC2,Usage,4,USD,NULL,SKU2,NULL,NULL,0.5',
    ].join('\n');

    // Act
    const { rows } = await readCsvText(csv);
    const again = (await readCsvText(toFocusCsv(rows))).rows;

    // Assess
    expect(rows[0]).toMatchObject({ usageType: 'BoxUsage:m5.large', quantity: 10, unit: 'Hrs' });
    expect(rows[1]).toMatchObject({ usageType: 'SKU2', quantity: 8 });
    expect(again).toEqual(rows);
  });
});

describe('the report’s drivers, by service and by account', () => {
  const standIn = standInClient();
  afterEach(() => standIn.stop());

  it('says "usage" for the account whose hours doubled and "rate" for the one whose price rose, in six requests', async () => {
    // Prepare
    const client = await standIn.start({ costs: driverRows(now), now });

    // Act
    const { drivers, vm } = await reportWithDrivers(client, now);
    const html = renderHtml(ORG_REPORT, vm);
    const text = reportText(vm);

    // Assess
    expect(drivers.requests).toBe(6);
    const accounts = drivers.accounts?.ok ? drivers.accounts.value : [];
    expect(accounts.find((d) => d.service.includes(USAGE_ACCOUNT))).toMatchObject({
      mostly: 'usage',
      usage: 364.8,
    });
    expect(accounts.find((d) => d.service.includes(RATE_ACCOUNT))).toMatchObject({
      mostly: 'rate',
      rate: 91.2,
    });
    expect(text).toContain(
      `rate-rises (${RATE_ACCOUNT}) +$91.20: usage +$0.00, rate +$91.20, credits +$0.00 — mostly rate`,
    );
    expect(text).toContain(
      `usage-grows (${USAGE_ACCOUNT}) +$374.80: usage +$364.80 (BoxUsage:m7i.4xlarge +456 h), rate +$0.00, credits +$10.00 — mostly usage`,
    );
    expect(html).toContain(
      `${EC2} +$466.00: usage +$364.80 (BoxUsage:m7i.4xlarge +456 h), rate +$91.20, credits +$10.00`,
    );
  });
});

describe('the alarm’s drivers, from its one request', () => {
  const standIn = standInClient();
  afterEach(() => standIn.stop());

  it('come from the usage types of the figures’ own request: one request in all, none for figures shared by a burst window', async () => {
    // Prepare
    const client = await standIn.start({ costs: driverRows(now), now });
    const counter = new RequestCounter();

    // Act
    const figures = await getAccountFigures(client, USAGE_ACCOUNT, now, counter);
    const own = accountDrivers(figures);
    const shared = accountDrivers({ ...figures, usageTypes: undefined, shared: true });

    // Assess
    expect(counter.count).toBe(1);
    expect(own?.ok && own.value[0]).toMatchObject({ mostly: 'usage', usage: 364.8, credits: 0 });
    expect(figures.creditsUnread).toBe(true);
    expect(shared).toBeUndefined();
  });

  it('split "usage" from "rate" for the account whose price rose, without a second request', async () => {
    // Prepare
    const client = await standIn.start({ costs: driverRows(now), now });
    const counter = new RequestCounter();

    // Act
    const figures = await getAccountFigures(client, RATE_ACCOUNT, now, counter);
    const drivers = accountDrivers(figures);

    // Assess
    expect(counter.count).toBe(1);
    expect(drivers?.ok && drivers.value[0]).toMatchObject({ mostly: 'rate', rate: 91.2, usage: 0 });
  });
});
