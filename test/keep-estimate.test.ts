import { describe, expect, it } from 'vitest';
import { keptEstimate } from '../handlers/lib/launches/keep-estimate.js';
import type { Estimate } from '../handlers/lib/launches/launch-notice.js';
import type { LaunchWindow } from '../handlers/lib/launches/launch-window.js';
import { found, missing } from '../handlers/lib/result.js';

const price = (perHour: number, usageType?: string) =>
  found({
    perHour,
    currency: 'USD',
    sku: 'SKU1',
    effectiveDate: '2026-09-01T00:00:00Z',
    description: '',
    source: 'AWS Price List API (AmazonEC2)',
    ...(usageType ? { usageType } : {}),
  });

function estimate(call: string, items: Estimate['items']): Estimate {
  return {
    launch: {
      eventId: 'e-1',
      accountId: '111111111111',
      region: 'us-west-2',
      at: '2026-11-30T10:00:00Z',
      call,
      who: 'arn:aws:sts::111111111111:assumed-role/ml/alice',
      items: items.map((i) => i.item),
    },
    items,
    hourly: items.reduce((sum, i) => sum + (i.price.ok ? i.price.value.perHour * i.item.count : 0), 0),
    window: {} as LaunchWindow,
    hourlyLimit: 50,
    monthToDate: missing('not read'),
  };
}

describe('keptEstimate', () => {
  it('keeps priced EC2 instances with the usage type their hours are billed under', () => {
    const kept = keptEstimate(
      estimate('ec2:RunInstances', [
        {
          item: { type: 'p5.48xlarge', count: 2, priceAs: 'ec2Instance' },
          price: price(55.04, 'USW2-BoxUsage:p5.48xlarge'),
        },
        { item: { type: 'g5.2xlarge', count: 1, priceAs: 'ec2Instance' }, price: price(1.212) },
        {
          item: { type: 'x9.huge', count: 1, priceAs: 'ec2Instance' },
          price: missing('not in the price list'),
        },
      ]),
      'USD',
      true,
    );
    expect(kept?.items).toEqual([
      { type: 'p5.48xlarge', count: 2, perHour: 55.04, usageType: 'USW2-BoxUsage:p5.48xlarge', sku: 'SKU1' },
      { type: 'g5.2xlarge', count: 1, perHour: 1.212, usageType: 'BoxUsage:g5.2xlarge', sku: 'SKU1' },
    ]);
    expect(kept?.alerted).toBe(true);
  });

  it('keeps no RDS instance or NAT gateway: the reconciliation reads billed EC2 compute only', () => {
    expect(
      keptEstimate(
        estimate('rds:CreateDBInstance', [
          {
            item: {
              type: 'db.r6g.xlarge',
              count: 1,
              priceAs: 'rdsInstance',
              engine: 'PostgreSQL',
              deployment: 'Multi-AZ',
            },
            price: price(0.899, 'InstanceUsage:db.r6g.xlarge'),
          },
        ]),
        'USD',
        true,
      ),
    ).toBeUndefined();
    expect(
      keptEstimate(
        estimate('ec2:CreateNatGateway', [
          { item: { type: 'NAT gateway', count: 1, priceAs: 'natGateway' }, price: price(0.045) },
        ]),
        'USD',
        false,
      ),
    ).toBeUndefined();
  });
});
