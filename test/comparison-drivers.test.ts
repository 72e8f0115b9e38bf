import { GetCostComparisonDriversCommand } from '@aws-sdk/client-cost-explorer';
import { afterEach, describe, expect, it } from 'vitest';
import { reportText } from '../handlers/lib/report/report-text.js';
import type { CostExplorerFaults } from '../local/cost-explorer-server.js';
import { driverRows, EC2, reportWithDrivers, standInClient } from './helpers/driver-rows.js';

/** October and November 2026 (28 days each of the two accounts), and the report on December 1st: a month close. */
const rows = driverRows(new Date('2026-11-29T09:00:00Z'));
const now = new Date('2026-12-01T09:00:00Z');

describe('the month close’s own drivers (GetCostComparisonDrivers)', () => {
  const standIn = standInClient();
  const start = (faults: CostExplorerFaults = {}) => standIn.start({ costs: rows, now, faults });
  afterEach(() => standIn.stop());

  it('refuses periods that are not whole months from the 1st, unknown metrics and MaxResults below 1', async () => {
    // Prepare
    const c = await start();
    const ask = (over: Record<string, unknown>) =>
      c.send(
        new GetCostComparisonDriversCommand({
          BaselineTimePeriod: { Start: '2026-10-01', End: '2026-11-01' },
          ComparisonTimePeriod: { Start: '2026-11-01', End: '2026-12-01' },
          MetricForComparison: 'UnblendedCost',
          ...over,
        }),
      );

    // Act / Assess
    await expect(
      ask({ ComparisonTimePeriod: { Start: '2026-11-01', End: '2026-11-20' } }),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(
      ask({ BaselineTimePeriod: { Start: '2026-10-02', End: '2026-11-02' } }),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(
      ask({ BaselineTimePeriod: { Start: '2025-01-01', End: '2025-02-01' } }),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(ask({ MetricForComparison: 'Cost' })).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(ask({ MaxResults: 0 })).rejects.toMatchObject({ name: 'ValidationException' });
    const ok = await ask({ MaxResults: 1 });
    expect(ok.CostComparisonDrivers?.[0]?.CostDrivers?.[0]).toMatchObject({
      Type: 'USAGE_CHANGE',
      Name: 'BoxUsage:m7i.4xlarge',
      Metrics: { UnblendedCost: { Difference: '537.600000', Unit: 'USD' } },
    });
    expect(ok.NextPageToken).toBeTruthy();
  });

  it('shows the closed month’s drivers from AWS in the typed shape, the parts summing to the change', async () => {
    // Prepare
    const c = await start();

    // Act
    const { snapshot, drivers, vm } = await reportWithDrivers(c, now);

    // Assess: Oct → Nov, 672 more hours at $0.80 and a price rise of $134.40; last October's $10 credit gone.
    expect(snapshot.periods.mode).toBe('monthClose');
    expect(drivers.source).toBe('costComparisonDrivers');
    expect(drivers.services?.ok && drivers.services.value[0]).toMatchObject({
      service: EC2,
      change: 682,
      usage: 537.6,
      rate: 134.4,
      credits: 10,
      mostly: 'usage',
    });
    expect(reportText(vm)).toContain('Cost Explorer’s own cost comparison drivers for the closed month');
  });

  it('falls back to the computed split, with a note, when AWS’s drivers are unavailable', async () => {
    // Prepare
    const c = await start({ driversDown: true });

    // Act
    const { drivers, vm } = await reportWithDrivers(c, now);

    // Assess
    expect(drivers.source).toBe('computed');
    expect(drivers.awsUnavailable).toBeTruthy();
    expect(drivers.services?.ok && drivers.services.value[0]).toMatchObject({
      change: 682,
      usage: 537.6,
      rate: 134.4,
    });
    expect(vm.drivers?.notes[0]).toMatch(/^Cost Explorer’s cost comparison drivers were unavailable \(/);
  });
});
