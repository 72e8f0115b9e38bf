import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFocusExportApart } from '../cli/focus-reader.js';
import { type CostRow, toFocusCsv } from '../local/focus-csv.js';
import { costRow as row } from './helpers/cost-rows.js';
import { readExport, tempFile } from './helpers/focus-export.js';

// Parquet fixtures are written by DuckDB itself, as AWS Data Exports write FOCUS: typed columns.
let duck: DuckDBInstance;
const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Writes the result of `select` as a Parquet file and returns its path. */
async function parquetOf(select: string): Promise<string> {
  const file = tempFile('', 'export.parquet');
  const connection = await duck.connect();
  try {
    await connection.run(`COPY (${select}) TO ${sqlText(file)} (FORMAT parquet)`);
  } finally {
    connection.closeSync();
  }
  return file;
}

beforeAll(async () => {
  duck = await DuckDBInstance.create(':memory:');
});
afterAll(() => duck.closeSync());

describe('FOCUS exports as Parquet', () => {
  it('reads typed columns: instants by their UTC day, decimals to the millionth, other providers left out, Regions kept', async () => {
    // Prepare
    const file = await parquetOf(`SELECT * FROM (VALUES
      (TIMESTAMPTZ '2026-11-02 08:00:00+09:00', '012345678901', 'shop', 'Amazon EC2', 'Usage', 12.5::DECIMAL(20, 10), 'USD', 'AWS', 'us-west-2', 'BoxUsage:m7g.large', 10.0::DOUBLE, 'Hrs'),
      (TIMESTAMPTZ '2026-11-02 09:00:00+00:00', '012345678901', 'shop', 'Amazon EC2', 'Usage', 0.0000004::DECIMAL(20, 10), 'USD', 'AWS', 'us-west-2', 'BoxUsage:m7g.large', 2.0::DOUBLE, 'Hrs'),
      (TIMESTAMPTZ '2026-11-02 00:00:00+00:00', '210000000001', NULL, NULL, 'Tax', 0.8::DECIMAL(20, 10), 'USD', 'Amazon Web Services', NULL, NULL, NULL, NULL),
      (TIMESTAMPTZ '2026-11-02 00:00:00+00:00', 'sub-1', 'azure', 'VMs', 'Usage', 99::DECIMAL(20, 10), 'USD', 'Microsoft', 'westeurope', NULL, NULL, NULL)
    ) t("ChargePeriodStart", "SubAccountId", "SubAccountName", "ServiceName", "ChargeCategory", "BilledCost",
        "BillingCurrency", "ProviderName", "RegionId", "x_UsageType", "ConsumedQuantity", "ConsumedUnit")`);

    // Act
    const { rows, warnings } = await readExport(file);

    // Assess
    // 0.0000004 alone rounds to 0.000000 on the second day: a sum is exact until it is rounded once.
    const shopEc2 = (date: string, cost: number, quantity: number): CostRow => ({
      ...row(date, '012345678901', 'Amazon EC2', cost),
      accountName: 'shop',
      usageType: 'BoxUsage:m7g.large',
      quantity,
      unit: 'Hrs',
      region: 'us-west-2',
    });
    expect(rows).toEqual([
      shopEc2('2026-11-01', 12.5, 10),
      shopEc2('2026-11-02', 0, 2),
      { ...row('2026-11-02', '210000000001', 'Tax', 0.8, 'Tax'), accountName: '210000000001' },
    ]);
    expect(warnings).toEqual([
      '1 row(s) of other providers left out (Microsoft: 1); only AWS costs are served',
    ]);
  });

  it('gives the same sums, to the millionth, as the CSV it was converted from', async () => {
    // Prepare
    const data: CostRow[] = Array.from({ length: 300 }, (_, i) =>
      row(
        `2026-11-${String((i % 9) + 1).padStart(2, '0')}`,
        `${(i % 4) + 1}`.padStart(12, '0'),
        ['EC2', 'S3', 'Lambda'][i % 3] as string,
        (i * 1_234_567) / 1e6,
      ),
    );
    const csv = tempFile(toFocusCsv(data));
    // DuckDB's sniffer types the columns, as a converter would (timestamps, decimals).
    const parquet = await parquetOf(`SELECT * FROM read_csv(${sqlText(csv)})`);
    const total = (rows: readonly CostRow[]) => rows.reduce((sum, r) => sum + Math.round(r.cost * 1e6), 0);

    // Act
    const fromCsv = await readExport(csv);
    const fromParquet = await readExport(parquet);

    // Assess
    expect(fromParquet.rows).toEqual(fromCsv.rows);
    expect(total(fromParquet.rows)).toBe(data.reduce((sum, r) => sum + Math.round(r.cost * 1e6), 0));
    expect(fromParquet.warnings).toEqual(fromCsv.warnings);
  });

  it('names the row and column of a bad value, and the columns a file lacks', async () => {
    // Prepare
    const bad = await parquetOf(`SELECT * FROM (VALUES
      ('2026-11-01', '123456789012', 'EC2', 'Usage', '1.5', 'USD'),
      ('2026-11-01', '123456789012', 'EC2', 'Usage', 'ten', 'USD')
    ) t("ChargePeriodStart", "SubAccountId", "ServiceName", "ChargeCategory", "BilledCost", "BillingCurrency")`);
    const lacking = await parquetOf(`SELECT '2026-11-01' AS "ChargePeriodStart", 1 AS "BilledCost"`);

    // Act and assess
    await expect(readExport(bad)).rejects.toThrow(
      /export\.parquet row 2, column BilledCost: "ten" is not a number/,
    );
    await expect(readExport(lacking)).rejects.toThrow(
      /export\.parquet lacks the FOCUS column\(s\) SubAccountId, ChargeCategory, BillingCurrency/,
    );
  });

  it('reads in a process of its own to the same rows, and passes its errors on', async () => {
    // Prepare
    const data = [row('2026-11-01', '123456789012', 'EC2', 1.25), row('2026-11-02', '123456789012', 'S3', 2)];
    const parquet = await parquetOf(`SELECT * FROM read_csv(${sqlText(tempFile(toFocusCsv(data)))})`);
    const rows: CostRow[] = [];

    // Act
    const apart = await readFocusExportApart(parquet, (r) => {
      rows.push(r);
    });

    // Assess
    expect(rows).toEqual(data);
    expect(apart.warnings).toEqual([]);
    expect(apart.readerPeakRssMb).toBeGreaterThan(0);
    await expect(readFocusExportApart(tempFile(''), () => undefined)).rejects.toThrow(
      /is empty; expected a header/,
    );
  });
});
