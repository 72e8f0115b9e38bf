import { describe, expect, it } from 'vitest';
import { driversOf, serviceDrivers, splitUsageType, topChanges } from '../handlers/lib/analysis/drivers.js';
import type { ServiceCosts, UsageTypeCosts } from '../handlers/lib/costs/usage-types.js';

const EC2 = 'Amazon Elastic Compute Cloud - Compute';
const type = (
  usageType: string,
  before: [number, number],
  after: [number, number],
  unit = 'Hrs',
): UsageTypeCosts => ({
  usageType,
  unit,
  mixedUnits: false,
  before: { cost: before[0], quantity: before[1] },
  after: { cost: after[0], quantity: after[1] },
});
const service = (usageTypes: UsageTypeCosts[], adjustments = { before: 0, after: 0 }): ServiceCosts => ({
  service: EC2,
  usageTypes,
  adjustments,
});
const toCents = (v: number) => Math.round(v * 100);

describe('typed drivers of a service’s change', () => {
  it('calls a change "usage" when the quantity doubles at the same unit cost', () => {
    // Prepare: 744 h at $0.80 → 1,488 h at $0.80.
    const costs = service([type('BoxUsage:m7i.4xlarge', [595.2, 744], [1190.4, 1488])]);

    // Act
    const d = serviceDrivers(costs);

    // Assess
    expect(d.mostly).toBe('usage');
    expect(d).toMatchObject({ change: 595.2, usage: 595.2, rate: 0, credits: 0, residue: 0 });
    expect(d.usageTypes[0]).toMatchObject({ usageType: 'BoxUsage:m7i.4xlarge', quantityDelta: 744 });
  });

  it('calls a change "rate" when the unit cost rises at the same quantity', () => {
    // Prepare: 744 h at $0.80 → 744 h at $1.00.
    const costs = service([type('BoxUsage:m7i.4xlarge', [595.2, 744], [744, 744])]);

    // Act
    const d = serviceDrivers(costs);

    // Assess
    expect(d.mostly).toBe('rate');
    expect(d).toMatchObject({ change: 148.8, usage: 0, rate: 148.8, credits: 0 });
  });

  it('puts credits, discounts and commitments in their own part', () => {
    // Prepare: the same usage, a $50 credit that ran out.
    const costs = service([type('BoxUsage:m5.large', [100, 1000], [100, 1000])], { before: -50, after: 0 });

    // Act
    const d = serviceDrivers(costs);

    // Assess
    expect(d.mostly).toBe('credits');
    expect(d).toMatchObject({ change: 50, usage: 0, rate: 0, credits: 50 });
  });

  it('sums its parts to the change to the cent, rounding residue carried by rate', () => {
    // Prepare: awkward unit costs in several usage types whose parts each round.
    const costs = service(
      [
        type('BoxUsage:m7i.4xlarge', [123.456789, 333.3], [234.567891, 444.4]),
        type('DataTransfer-Out-Bytes', [10.004999, 111.11], [9.333333, 99.99], 'GB'),
        type('EBS:VolumeUsage.gp3', [0.014999, 1.5], [0.024999, 2.5], 'GB-Mo'),
      ],
      { before: -3.3333, after: -1.1111 },
    );

    // Act
    const d = serviceDrivers(costs);

    // Assess
    expect(toCents(d.usage) + toCents(d.rate) + toCents(d.credits)).toBe(toCents(d.change));
    expect(toCents(d.change)).toBe(toCents(d.after) - toCents(d.before));
    expect(Math.abs(d.residue)).toBeLessThanOrEqual(0.03);
  });

  it('prices new usage as usage and a cost without quantity as rate', () => {
    // Prepare / Act
    const fresh = splitUsageType(type('BoxUsage:g5.xlarge', [0, 0], [50, 50]));
    const fee = splitUsageType(type('MonthlyFee', [10, 0], [12, 0], ''));

    // Assess
    expect(fresh).toMatchObject({ usage: 50, rate: 0, quantityDelta: 50 });
    expect(fee).toMatchObject({ usage: 0, rate: 2 });
  });

  it('says when a usage type summed more than one unit', () => {
    // Prepare
    const mixed = { ...type('Mixed', [1, 1], [2, 2]), mixedUnits: true };

    // Act / Assess
    expect(serviceDrivers(service([mixed])).mixedUnits).toBe(true);
  });

  it('keeps the services that changed and ranks changes by magnitude', () => {
    // Prepare
    const still = service([type('BoxUsage:t3.micro', [5, 10], [5, 10])]);
    const rows = [
      { name: 'A', current: 10, comparison: 100 },
      { name: 'B', current: 110, comparison: 100 },
      { name: 'C', current: 100, comparison: 100 },
    ];

    // Act / Assess
    expect(driversOf([still])).toEqual([]);
    expect(topChanges(rows, 2)).toEqual(['A', 'B']);
  });
});
