import { GetProductsCommand } from '@aws-sdk/client-pricing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleLaunch } from '../cli/sample-launch.js';
import { sampleDbLaunch, sampleNatLaunch } from '../cli/sample-service-launch.js';
import { pricingClient } from '../cli/stand-in-clients.js';
import { type Launch, type LaunchItem, readLaunch } from '../handlers/lib/launches/launch-event.js';
import { hourlyPrice, hourlyPriceOf } from '../handlers/lib/launches/price-list.js';
import { priceQueryOf } from '../handlers/lib/launches/price-queries.js';
import { getProducts, type PricingStandIn, readPriceFile, startPricing } from '../local/pricing-server.js';

const ACCOUNT = '210000000001';
const now = new Date('2026-11-20T09:00:00Z');

/** An RDS CreateDBInstance of the test account. */
const dbLaunch = (dbClass: string, engine: string, multiAz: boolean) =>
  sampleDbLaunch({ account: ACCOUNT, dbClass, engine, multiAz, now });

/** A read launch (the test fails when the event is not one). */
function launchOf(event: unknown): Launch {
  const launch = readLaunch(event);
  if ('skipped' in launch) throw new Error(`not a launch: ${launch.skipped}`);
  return launch;
}

describe('what a launch starts, per call', () => {
  it('counts RunInstances from the response’s instances, else the request’s maxCount, in the call’s Region', () => {
    const event = sampleLaunch({
      account: ACCOUNT,
      instanceType: 'g4dn.12xlarge',
      count: 3,
      region: 'us-west-2',
      now,
    }) as Record<string, any>;
    // Asked for 1 to 8, got 3: the response counts.
    event.detail.requestParameters.instancesSet.items = [
      { imageId: 'ami-0c1a7f89451184c8b', minCount: 1, maxCount: 8 },
    ];
    const requestOnly = structuredClone(event) as Record<string, any>;
    requestOnly.detail.responseElements = null;
    const mixed = structuredClone(event) as Record<string, any>;
    mixed.detail.responseElements.instancesSet.items[2].instanceType = 'g5.12xlarge';

    expect(launchOf(event)).toMatchObject({
      region: 'us-west-2',
      items: [{ type: 'g4dn.12xlarge', count: 3, priceAs: 'ec2Instance' }],
    });
    expect(launchOf(requestOnly).items).toEqual([
      { type: 'g4dn.12xlarge', count: 8, priceAs: 'ec2Instance' },
    ]);
    expect(launchOf(mixed).items).toEqual([
      { type: 'g4dn.12xlarge', count: 2, priceAs: 'ec2Instance' },
      { type: 'g5.12xlarge', count: 1, priceAs: 'ec2Instance' },
    ]);
  });

  it('reads an RDS instance’s class, engine and deployment, Aurora per instance, and a NAT gateway', () => {
    const multiAz = dbLaunch('db.r6g.xlarge', 'postgres', true);
    const aurora = dbLaunch('db.r6g.large', 'aurora-postgresql', true);
    const sqlServer = dbLaunch('db.m5.xlarge', 'sqlserver-se', false);

    expect(launchOf(multiAz).items).toEqual([
      {
        type: 'db.r6g.xlarge',
        count: 1,
        priceAs: 'rdsInstance',
        engine: 'PostgreSQL',
        deployment: 'Multi-AZ',
      },
    ]);
    expect(launchOf(aurora).items).toEqual([
      {
        type: 'db.r6g.large',
        count: 1,
        priceAs: 'rdsInstance',
        engine: 'Aurora PostgreSQL',
        deployment: 'Single-AZ',
      },
    ]);
    expect(launchOf(sqlServer)).toMatchObject({
      items: [{ type: 'db.m5.xlarge', priceAs: 'unpriced' }],
      unnamed: 'the sqlserver-se engine is not priced by this version (edition and licence decide its price)',
    });
    expect(launchOf(sampleNatLaunch({ account: ACCOUNT, region: 'eu-west-1', now }))).toMatchObject({
      call: 'ec2:CreateNatGateway',
      region: 'eu-west-1',
      items: [{ type: 'NAT gateway', count: 1, priceAs: 'natGateway' }],
    });
  });

  it('names an Aurora cluster and SageMaker without pricing them, and says why', () => {
    const cluster = dbLaunch('db.r6g.large', 'aurora-mysql', false);
    Object.assign(cluster.detail, { eventName: 'CreateDBCluster' });
    const endpoint = sampleLaunch({ account: ACCOUNT, instanceType: 'p5.48xlarge', count: 1, now }) as Record<
      string,
      any
    >;
    endpoint.source = 'aws.sagemaker';
    Object.assign(endpoint.detail, { eventSource: 'sagemaker.amazonaws.com', eventName: 'CreateEndpoint' });

    expect(launchOf(cluster).unnamed).toMatch(/instances are priced by their own CreateDBInstance calls/);
    expect(launchOf(endpoint).unnamed).toBe('CreateEndpoint is recognised but not priced by this version');
  });
});

describe('pricing each kind against the Price List stand-in', () => {
  let standIn: PricingStandIn;
  beforeAll(async () => {
    standIn = await startPricing();
  });
  afterAll(() => standIn.stop());
  const priceIn = async (item: LaunchItem, region: string) => {
    const query = priceQueryOf(item, region);
    if (!query) throw new Error(`${item.type} has no price query`);
    const client = pricingClient(standIn, { accessKeyId: 'local-alarm', secretAccessKey: 'x' });
    return hourlyPrice(client, query, 'USD');
  };
  const ec2 = (type: string): LaunchItem => ({ type, count: 1, priceAs: 'ec2Instance' });

  it('prices GPU and accelerator types by the launch’s Region, and finds none where AWS publishes none', async () => {
    expect(await priceIn(ec2('g4dn.12xlarge'), 'us-west-2')).toMatchObject({
      perHour: 3.912,
      description: '$3.912 per On Demand Linux g4dn.12xlarge Instance Hour',
      source: 'AWS Price List API (AmazonEC2)',
    });
    expect(await priceIn(ec2('p4d.24xlarge'), 'eu-west-1')).toMatchObject({
      perHour: 23.71569,
      sku: 'CQ3RZ8A8BQKVHSKT',
    });
    expect(await priceIn(ec2('p4d.24xlarge'), 'us-west-2')).toMatchObject({ perHour: 21.95764 });
    expect(await priceIn(ec2('g6e.48xlarge'), 'eu-central-1')).toMatchObject({ perHour: 37.67612 });
    expect(await priceIn(ec2('p5.48xlarge'), 'ap-northeast-1')).toMatchObject({ perHour: 68.8 });
    // The Capacity Block row ($0.00) matches the same filters: the highest, on-demand, is kept.
    expect(await priceIn(ec2('p5.48xlarge'), 'us-east-1')).toMatchObject({ perHour: 55.04 });
    expect(await priceIn(ec2('g6.xlarge'), 'eu-west-1')).toBeUndefined();
    expect(await priceIn(ec2('p5e.48xlarge'), 'us-east-1')).toBeUndefined();
  });

  it('prices RDS by class, engine and deployment, and a NAT gateway’s hour in its Region', async () => {
    const rds = (type: string, engine: string, deployment: 'Single-AZ' | 'Multi-AZ'): LaunchItem => ({
      type,
      count: 1,
      priceAs: 'rdsInstance',
      engine,
      deployment,
    });
    const nat: LaunchItem = { type: 'NAT gateway', count: 1, priceAs: 'natGateway' };

    expect(await priceIn(rds('db.t3.micro', 'PostgreSQL', 'Single-AZ'), 'us-east-1')).toMatchObject({
      perHour: 0.018,
      sku: 'TGN7QDJF2AGFU9XA',
      source: 'AWS Price List API (AmazonRDS)',
    });
    expect(await priceIn(rds('db.r6g.xlarge', 'PostgreSQL', 'Multi-AZ'), 'us-east-1')).toMatchObject({
      perHour: 0.899,
    });
    expect(await priceIn(rds('db.r6g.xlarge', 'PostgreSQL', 'Single-AZ'), 'us-east-1')).toBeUndefined();
    expect(await priceIn(rds('db.r6g.large', 'Aurora MySQL', 'Single-AZ'), 'us-east-1')).toMatchObject({
      perHour: 0.26,
    });
    expect(await priceIn(nat, 'us-east-1')).toMatchObject({ perHour: 0.045, sku: 'M2YSHUBETB3JX4M4' });
    expect(await priceIn(nat, 'us-west-2')).toBeUndefined();
  });

  it('reads only hourly dimensions: a per-GB product is no price, not a malformed answer', () => {
    const perGb = JSON.stringify({
      product: { sku: 'X', productFamily: 'NAT Gateway' },
      terms: {
        OnDemand: {
          'X.JRTCKXETXF': {
            effectiveDate: '2026-08-01T00:00:00Z',
            priceDimensions: { 'X.JRTCKXETXF.6YS6EN2CT7': { unit: 'GB', pricePerUnit: { USD: '0.045' } } },
          },
        },
      },
    });

    expect(hourlyPriceOf(perGb, 'USD')).toBeUndefined();
    expect(hourlyPriceOf('not json', 'USD')).toBeUndefined();
  });

  it('answers productFamily filters from the product’s own field, as GetProducts does', async () => {
    const products = readPriceFile();
    const client = pricingClient(standIn, { accessKeyId: 'local-alarm', secretAccessKey: 'x' });

    const out = await client.send(
      new GetProductsCommand({
        ServiceCode: 'AmazonEC2',
        Filters: [{ Type: 'TERM_MATCH', Field: 'productFamily', Value: 'NAT Gateway' }],
        FormatVersion: 'aws_v1',
      }),
    );

    expect(out.PriceList?.map((e: string) => JSON.parse(e).product.productFamily)).toEqual(['NAT Gateway']);
    expect(() =>
      getProducts(products, {
        ServiceCode: 'AmazonRDS',
        Filters: [{ Type: 'ANY_OF', Field: 'instanceType', Value: 'db.t3.micro' }],
      }),
    ).toThrow(/TERM_MATCH/);
  });
});

describe('the price file', () => {
  const products = readPriceFile();

  it('names the source of every product and holds one on-demand hourly price per product', () => {
    const raw = products as unknown as { _source?: string; serviceCode: string }[];

    expect(new Set(raw.map((p) => p._source))).toEqual(
      new Set(['emulator', 'captured', 'vantage', 'bulk-row', 'nat-fixture']),
    );
    for (const p of products)
      expect(hourlyPriceOf(JSON.stringify(p), 'USD')?.perHour).toBeGreaterThanOrEqual(0);
  });
});
