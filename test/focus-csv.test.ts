import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { toFocusCsv } from '../local/focus-csv.js';
import { readFocusExport } from '../local/focus-export.js';
import { costRow as row } from './helpers/cost-rows.js';
import { readCsvText, readExport, tempFile } from './helpers/focus-export.js';

// The reader is DuckDB over a file (it replaced the row-by-row parser of CSV text): each test
// writes its export to a temporary file, named my.csv where the message names it.
const myCsv = (text: string) => readCsvText(text, 'my.csv');

const HEADER =
  'ChargePeriodStart,SubAccountId,SubAccountName,ServiceName,ChargeCategory,BilledCost,BillingCurrency';

describe('FOCUS CSV', () => {
  it('round-trips rows, quoting names with commas and quotes', async () => {
    const data = [
      row('2026-11-01', '123456789012', 'Amazon "S3", storage', 1.5),
      row('2026-11-02', '123456789012', 'EC2', -2, 'Credit'),
    ];

    expect(await readCsvText(toFocusCsv(data))).toEqual({ rows: data, warnings: [] });
  });

  it('reads a real-world FOCUS 1.0 export: quoted headers, NULLs, extra columns, other providers, lost zeros, offsets', async () => {
    const csv = [
      '"BilledCost","BillingAccountId","BillingCurrency","ChargeCategory","ChargeClass","ChargePeriodStart","ChargePeriodEnd","ProviderName","ServiceName","SubAccountId","SubAccountName","x_Custom"',
      '12.5,999999999999,USD,Usage,NULL,2026-11-01T00:00:00Z,2026-11-02T00:00:00Z,AWS,Amazon EC2,12345678901,NULL,a',
      '3.25,999999999999,USD,Usage,,2026-11-02T08:00:00+09:00,2026-11-03T08:00:00+09:00,AWS,NULL,12345678901,shop,b',
      '99,sub-1,USD,Usage,NULL,2026-11-01T00:00:00Z,2026-11-02T00:00:00Z,Microsoft,Virtual Machines,/subscriptions/x,azure-sub,c',
      '7,tenancy,USD,Usage,NULL,2026-11-01T00:00:00Z,2026-11-02T00:00:00Z,Oracle,Compute,ocid1.tenancy,oci,d',
      '-1.5,999999999999,USD,Adjustment,Correction,2026-10-31T00:00:00Z,2026-11-01T00:00:00Z,AWS,Amazon EC2,210000000001,prod,e',
      '2,999999999999,USD,Adjustment,NULL,2026-11-03 00:00:00,2026-11-04 00:00:00,AWS,Amazon EC2,210000000001,prod,f',
      '40,999999999999,USD,Purchase,NULL,2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,AWS,Savings Plans for AWS Compute usage,210000000001,prod,g',
      '0.8,999999999999,USD,Tax,NULL,2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,AWS,NULL,210000000001,prod,h',
    ].join('\r\n');

    const { rows, warnings } = await readCsvText(csv);

    expect(rows).toEqual([
      {
        date: '2026-11-01',
        accountId: '012345678901',
        accountName: '012345678901',
        service: 'Amazon EC2',
        recordType: 'Usage',
        cost: 12.5,
        currency: 'USD',
      },
      // 08:00 in Tokyo is 23:00 UTC the day before.
      {
        date: '2026-11-01',
        accountId: '012345678901',
        accountName: 'shop',
        service: 'Other',
        recordType: 'Usage',
        cost: 3.25,
        currency: 'USD',
      },
      {
        date: '2026-10-31',
        accountId: '210000000001',
        accountName: 'prod',
        service: 'Amazon EC2',
        recordType: 'Refund',
        cost: -1.5,
        currency: 'USD',
      },
      {
        date: '2026-11-03',
        accountId: '210000000001',
        accountName: 'prod',
        service: 'Amazon EC2',
        recordType: 'Fee',
        cost: 2,
        currency: 'USD',
      },
      {
        date: '2026-11-01',
        accountId: '210000000001',
        accountName: 'prod',
        service: 'Savings Plans for AWS Compute usage',
        recordType: 'Fee',
        cost: 40,
        currency: 'USD',
      },
      {
        date: '2026-11-01',
        accountId: '210000000001',
        accountName: 'prod',
        service: 'Tax',
        recordType: 'Tax',
        cost: 0.8,
        currency: 'USD',
      },
    ]);
    expect(warnings).toEqual([
      '1 account id(s) had lost their leading zeros (e.g. 12345678901 → 012345678901) and were padded to 12 digits',
      '2 row(s) of other providers left out (Microsoft: 1, Oracle: 1); only AWS costs are served',
      '1 charge period(s) had a UTC offset and were bucketed by their UTC day',
      '1 correction row(s) applied to their own charge period',
    ]);
  });

  it('reads FOCUS 1.2’s ServiceProviderName and lowercased column names', async () => {
    const csv = [
      'chargeperiodstart,subaccountid,subaccountname,servicename,chargecategory,billedcost,billingcurrency,serviceprovidername',
      '2026-11-01T00:00:00Z,123456789012,a,S3,Usage,1,USD,Amazon Web Services',
      '2026-11-01T00:00:00Z,1,b,VM,Usage,1,USD,Microsoft',
    ].join('\n');

    expect((await readCsvText(csv)).rows.map((r) => r.accountId)).toEqual(['123456789012']);
  });

  it('buckets every timestamp form by its UTC day', async () => {
    const forms = [
      ['2026-11-01', '2026-11-01'],
      ['2026-11-02T00:00:00Z', '2026-11-02'],
      ['2026-11-04T00:00:00.000+09:00', '2026-11-03'],
      ['2026-11-04T20:00:00-0800', '2026-11-05'],
      ['2026-11-06 00:00:00 UTC', '2026-11-06'],
    ];
    const csv = `${HEADER}\n${forms.map(([t], i) => `${t},12345678901${i},a,S3,Usage,1,USD`).join('\n')}\n`;

    const { rows, warnings } = await readCsvText(csv);

    expect(rows.map((r) => r.date)).toEqual(forms.map(([, day]) => day));
    expect(warnings).toContain('2 charge period(s) had a UTC offset and were bucketed by their UTC day');
    await expect(myCsv(`${HEADER}\n01/11/2026,123456789012,a,S3,Usage,1,USD\n`)).rejects.toThrow(
      /my\.csv line 2, column ChargePeriodStart: "01\/11\/2026" is not a date/,
    );
  });

  it('refuses a file in two billing currencies, naming the line and both currencies', async () => {
    const csv = `${HEADER}\n2026-11-01,123456789012,a,S3,Usage,1,USD\n2026-11-01,123456789012,a,S3,Usage,1,EUR\n`;

    await expect(myCsv(csv)).rejects.toThrow(
      /my\.csv line 3, column BillingCurrency: EUR, but line 2 is in USD: an export must be in one billing currency/,
    );
  });

  it.each([
    ['2026-11-01,123456789012,a,EC2,Usage,abc,USD', /line 2, column BilledCost: "abc" is not a number/],
    ['2026-11-01,123456789012,a,EC2,Usage,NULL,USD', /line 2, column BilledCost: "NULL" is not a number/],
    [
      'yesterday,123456789012,a,EC2,Usage,1,USD',
      /line 2, column ChargePeriodStart: "yesterday" is not a date/,
    ],
    [
      '2026-11-01,1.23457E+11,a,EC2,Usage,1,USD',
      /line 2, column SubAccountId: "1\.23457E\+11" is an account id in scientific notation/,
    ],
    ['2026-11-01,NULL,a,EC2,Usage,1,USD', /line 2, column SubAccountId: is empty/],
    [
      '2026-11-01,123456789012,a,EC2,Discount,1,USD',
      /line 2, column ChargeCategory: "Discount" is not one of/,
    ],
    [
      '2026-11-01,123456789012,a,EC2,Usage,1,dollars',
      /line 2, column BillingCurrency: "DOLLARS" is not an ISO 4217/,
    ],
  ])('names the line and column of a bad cell: %s', async (line, message) => {
    await expect(myCsv(`${HEADER}\n${line}\n`)).rejects.toThrow(message);
  });

  it('names the failure earliest in the file when it has two', async () => {
    // The reader sees every sum before it fails (DuckDB returns them in no set order): the earlier failure is named.
    const good = (n: number, day: number) =>
      Array.from(
        { length: n },
        (_, i) =>
          `2026-11-${String(day).padStart(2, '0')},1234567${String(i).padStart(5, '0')},a,S${i % 7},Usage,1,USD`,
      );
    const lines = (...rows: string[]) => `${HEADER}\n${rows.join('\n')}\n`;
    const badCost = '2026-11-03,123456789012,a,S3,Usage,lots,USD';
    const euro = '2026-11-03,123456789012,a,S3,Usage,1,EUR';

    await expect(myCsv(lines(...good(3, 1), euro, ...good(3, 2), badCost))).rejects.toThrow(
      /my\.csv line 5, column BillingCurrency: EUR, but line 2 is in USD/,
    );
    await expect(myCsv(lines(...good(3, 1), badCost, ...good(3, 2), euro))).rejects.toThrow(
      /my\.csv line 5, column BilledCost: "lots" is not a number/,
    );
  });

  it('names the line of a bad cell after a quoted line break (lines, not records)', async () => {
    const csv = `${HEADER}\n2026-11-01,123456789012,"two\nlines",EC2,Usage,1,USD\n2026-11-01,123456789012,a,EC2,Usage,ten,USD\n`;

    await expect(myCsv(csv)).rejects.toThrow(/my\.csv line 4, column BilledCost: "ten" is not a number/);
  });

  it('names the missing columns', async () => {
    await expect(myCsv('ChargePeriodStart,SubAccountId\n2026-11-01,123456789012\n')).rejects.toThrow(
      /my\.csv lacks the FOCUS column\(s\) ChargeCategory, BilledCost, BillingCurrency/,
    );
  });

  it('reports an unclosed quote as such, with its line', async () => {
    await expect(myCsv(`${HEADER}\n2026-11-01,123456789012,"a,EC2,Usage,1,USD\n`)).rejects.toThrow(
      /my\.csv line 2: a quoted field opens here and is never closed \(an unclosed quote\)/,
    );
  });

  it('names the line of a record with more or fewer cells than the header (a cut-off file)', async () => {
    await expect(
      myCsv(`${HEADER}\n2026-11-01,123456789012,a,EC2,Usage,1,USD\n2026-11-01,1234567`),
    ).rejects.toThrow(/my\.csv line 3: .*expect 7, got 2/);
  });

  it('sums rows of the same day, account, service and record type to the millionth, however the lines end', async () => {
    const data = Array.from({ length: 500 }, (_, i) =>
      row(
        `2026-11-${String((i % 28) + 1).padStart(2, '0')}`,
        `${(i % 7) + 1}`.padStart(12, '0'),
        `Svc "${i % 5}", x`,
        (i * 1_000_003) / 1e6,
      ),
    );
    const text = toFocusCsv(data).replace('000000000003', '3').replace(/\n/g, '\r\n');
    // What the sums must be: each key's costs in whole millionths, added as integers.
    const expected = new Map<string, number>();
    for (const r of data) {
      const key = [r.date, r.accountId, r.service].join('|');
      expected.set(key, (expected.get(key) ?? 0) + Math.round(r.cost * 1e6));
    }

    const out = await readCsvText(text);

    // An account written with and without its leading zeros comes as two sums of the same key.
    const sums = new Map<string, number>();
    for (const r of out.rows) {
      const key = [r.date, r.accountId, r.service].join('|');
      sums.set(key, (sums.get(key) ?? 0) + Math.round(r.cost * 1e6));
    }
    expect(sums).toEqual(expected);
    expect(out.rows.length).toBe(expected.size + 1);
    expect(out.warnings[0]).toMatch(/1 account id\(s\) had lost their leading zeros/);
  });

  it('reads a gzip’d CSV (as AWS Data Exports deliver it) to the same rows', async () => {
    const text = toFocusCsv([
      row('2026-11-01', '123456789012', 'EC2', 1.25),
      row('2026-11-02', '123456789012', 'S3', 2),
    ]);

    const plain = await readCsvText(text);
    const gzipped = await readExport(tempFile(gzipSync(text), 'export.csv.gz'));

    expect(gzipped).toEqual(plain);
    expect(plain.rows).toHaveLength(2);
  });

  it('names the file and line of a file it cannot read', async () => {
    await expect(readCsvText(`${HEADER}\n2026-11-01,123456789012,"a,EC2,Usage,1,USD\n`)).rejects.toThrow(
      /export\.csv line 2: a quoted field opens here and is never closed/,
    );
    await expect(readCsvText(`${HEADER}\n2026-11-01,123456789012,a,EC2,Usage,ten,USD\n`)).rejects.toThrow(
      /export\.csv line 2, column BilledCost: "ten" is not a number/,
    );
    await expect(readFocusExport('/nonexistent/costs.csv', () => undefined)).rejects.toThrow(
      'cannot read /nonexistent/costs.csv: no such file',
    );
    await expect(readCsvText('')).rejects.toThrow(/is empty; expected a header/);
  });
});

describe('an export that renames an account', () => {
  it('names the account by its most recent name, whatever the rows’ order', async () => {
    const { rowCostData } = await import('../local/cost-data.js');
    const renamed = (name: string, date: string) => ({
      date,
      accountId: '210000000001',
      accountName: name,
      service: 'EC2',
      recordType: 'Usage',
      cost: 1,
      currency: 'USD',
    });

    const data = rowCostData([
      renamed('payments-new', '2026-11-10'),
      renamed('payments-old', '2026-11-02'),
      renamed('payments-older', '2026-10-15'),
    ]);

    expect(data.accountName('210000000001')).toBe('payments-new');
  });

  it('lists each account the export names more than once, with its older names', async () => {
    const { CostIndex } = await import('../local/cost-data.js');
    const index = new CostIndex();
    const row = (accountId: string, accountName: string, date: string) => ({
      date,
      accountId,
      accountName,
      service: 'EC2',
      recordType: 'Usage',
      cost: 1,
      currency: 'USD',
    });

    for (const r of [
      row('210000000001', 'payments-new', '2026-11-10'),
      row('210000000001', 'payments-old', '2026-11-02'),
      row('210000000001', 'payments-new', '2026-11-11'),
      row('210000000002', 'steady', '2026-11-02'),
      row('210000000002', 'steady', '2026-11-03'),
    ])
      index.add(r);

    expect(index.renames()).toEqual([
      { accountId: '210000000001', older: ['payments-old'], name: 'payments-new' },
    ]);
  });
});
