import { createReadStream } from 'node:fs';
import { parse as parseStream } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { toError } from '../handlers/lib/result.js';

/** FOCUS 1.x columns the Cost Explorer stand-in needs. */
export const FOCUS_COLUMNS = [
  'ChargePeriodStart',
  'SubAccountId',
  'SubAccountName',
  'ServiceName',
  'ChargeCategory',
  'BilledCost',
  'BillingCurrency',
] as const;

/** Columns without which no row can be read; the others may be absent or NULL. */
const REQUIRED = [
  'ChargePeriodStart',
  'SubAccountId',
  'ChargeCategory',
  'BilledCost',
  'BillingCurrency',
] as const;
/** Columns that name the provider (FOCUS 1.2, 1.0–1.1, and the issuer as a last resort), first found wins. */
const PROVIDER_COLUMNS = ['ServiceProviderName', 'ProviderName', 'InvoiceIssuerName'] as const;

/** One cost row of a FOCUS export, as the Cost Explorer stand-in serves it. */
export interface CostRow {
  /** UTC day of the charge period's start, `YYYY-MM-DD`. */
  readonly date: string;
  readonly accountId: string;
  readonly accountName: string;
  readonly service: string;
  /** Cost Explorer's RECORD_TYPE for the FOCUS ChargeCategory. */
  readonly recordType: string;
  readonly cost: number;
  readonly currency: string;
  /** Cost Explorer's USAGE_TYPE: FOCUS `x_UsageType`, else `SkuId`. */
  readonly usageType?: string;
  /** The usage quantity (`ConsumedQuantity`, else `PricingQuantity`, else the cost ÷ the unit price). */
  readonly quantity?: number;
  /** The quantity's unit (`ConsumedUnit`, else `PricingUnit`). */
  readonly unit?: string;
  /** Cost Explorer's REGION: FOCUS `RegionId` (absent or NULL for global charges). */
  readonly region?: string;
}

/** FOCUS columns that give usage types and quantities (optional; `x_UsageType` is AWS's own). */
const USAGE_COLUMNS = [
  'x_UsageType',
  'SkuId',
  'ConsumedQuantity',
  'PricingQuantity',
  'ConsumedUnit',
  'PricingUnit',
  'ContractedUnitPrice',
  'ListUnitPrice',
] as const;

/** A FOCUS export read for the stand-ins: the AWS cost rows, and what was adjusted or left out. */
export interface FocusExport {
  readonly rows: CostRow[];
  /** One line per kind of adjustment (padded ids, other providers, offsets, corrections). */
  readonly warnings: string[];
}

/** A CSV that is not a usable FOCUS export; the message names the line and column. */
export class FocusCsvError extends Error {
  override readonly name = 'FocusCsvError';
}

/** One CSV record and the line it ends on (1-based, as an editor counts). */
export interface CsvRecord {
  readonly line: number;
  readonly cells: string[];
}

/** csv-parse's options for FOCUS exports: RFC 4180 (quoted fields, doubled quotes), any line ending, a BOM. */
const CSV_OPTIONS = {
  bom: true,
  skip_empty_lines: true,
  relax_column_count: true,
  record_delimiter: ['\r\n', '\n', '\r'],
};

/** A csv-parse error as a {@link FocusCsvError} naming the line (an unclosed quote: where it opens). */
function csvError(err: unknown, source: string, lastLine: number): FocusCsvError {
  const code = (err as { code?: string }).code;
  if (code === 'CSV_QUOTE_NOT_CLOSED') {
    return new FocusCsvError(
      `${source} line ${lastLine + 1}: a quoted field opens here and is never closed (an unclosed quote)`,
    );
  }
  if (code === 'ENOENT') return new FocusCsvError(`cannot read ${source}: no such file`);
  if (code === 'EISDIR' || code === 'EACCES')
    return new FocusCsvError(`cannot read ${source}: ${toError(err).message}`);
  const line = (err as { lines?: number }).lines;
  return new FocusCsvError(`${source}${line ? ` line ${line}` : ''}: ${toError(err).message}`);
}

/** Splits CSV text into records with csv-parse. */
export function parseCsv(text: string, source = 'CSV'): CsvRecord[] {
  const records: CsvRecord[] = [];
  let lastLine = 0;
  try {
    parse(text, {
      ...CSV_OPTIONS,
      on_record: (record: string[], context: { lines: number }) => {
        lastLine = context.lines;
        records.push({ line: context.lines, cells: record });
        return record;
      },
    });
    return records;
  } catch (err) {
    throw csvError(err, source, lastLine);
  }
}

/**
 * FOCUS ChargeCategory → Cost Explorer RECORD_TYPE, as Cost Explorer records the same charges:
 * purchases (reservation and Savings Plans fees, Marketplace) are fees, a negative adjustment is a
 * refund and a positive one a fee — never a refund.
 */
export function recordTypeOf(category: string, cost: number): string | undefined {
  switch (category.toLowerCase()) {
    case 'usage':
      return 'Usage';
    case 'purchase':
      return 'Fee';
    case 'tax':
      return 'Tax';
    case 'credit':
      return 'Credit';
    case 'adjustment':
      return cost < 0 ? 'Refund' : 'Fee';
    default:
      return undefined;
  }
}

const isNull = (cell: string | undefined) => cell === undefined || cell === '' || /^null$/i.test(cell.trim());
/** Column names compare without case, spaces or punctuation (some exporters lowercase them). */
const normal = (name: string) => name.replace(/[^a-z0-9]/gi, '').toLowerCase();
const AWS = /^(aws|amazon web services|amazon|amazon web services,? inc\.?)$/i;

/**
 * A FOCUS timestamp as its UTC day: `YYYY-MM-DD`, or a date-time with `Z`, an offset (`+09:00`,
 * `+0900`) or none (UTC assumed), with a `T` or a space. The offset is applied before the day is
 * taken, so a `+09:00` export buckets like Cost Explorer's UTC days.
 */
export function utcDay(text: string): { day: string; offset: boolean } | undefined {
  const m =
    /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?)?$/i.exec(
      text.trim(),
    );
  if (!m) return undefined;
  const [, date, hh = '00', mm = '00', ss = '00', zone] = m;
  let offsetMinutes = 0;
  if (zone && !/^(z|utc)$/i.test(zone)) {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
    if (!z) return undefined;
    offsetMinutes = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3]));
  }
  const ms = Date.parse(`${date}T${hh}:${mm}:${ss}Z`);
  if (Number.isNaN(ms)) return undefined;
  return {
    day: new Date(ms - offsetMinutes * 60_000).toISOString().slice(0, 10),
    offset: offsetMinutes !== 0,
  };
}

/**
 * Reads a FOCUS 1.0–1.2 export record by record into AWS cost rows. Accepts quoted headers, `NULL`
 * literals, extra columns, timestamps with offsets (converted to UTC before days are bucketed),
 * account ids that lost their leading zeros in a spreadsheet (padded to 12 digits), exports of
 * several providers (only AWS rows are kept) and correction rows (applied to their own charge
 * period). Refuses, naming the line and column, anything it cannot read — and a file in more than
 * one billing currency. Holds no rows itself: a file of any size streams through it.
 */
export class FocusReader {
  private col: Record<string, number> | undefined;
  private provider: string | undefined;
  private readonly padded = new Set<string>();
  private readonly otherProviders = new Map<string, number>();
  private offsets = 0;
  private corrections = 0;
  private currency: { code: string; line: number } | undefined;

  constructor(private readonly source = 'costs CSV') {}

  /** Takes the header record: the columns found by name (case, spaces and punctuation ignored). */
  header(cells: string[]): void {
    const indexOf = (name: string) => cells.findIndex((h) => normal(h) === normal(name));
    const missingColumns = REQUIRED.filter((c) => indexOf(c) < 0);
    if (missingColumns.length > 0) {
      throw new FocusCsvError(
        `${this.source} lacks the FOCUS column(s) ${missingColumns.join(', ')}; found ${cells.join(', ')}`,
      );
    }
    this.col = Object.fromEntries(
      [...FOCUS_COLUMNS, 'ChargeClass', 'RegionId', ...PROVIDER_COLUMNS, ...USAGE_COLUMNS].map((c) => [
        c,
        indexOf(c),
      ]),
    ) as Record<string, number>;
    this.provider = PROVIDER_COLUMNS.find((c) => (this.col?.[c] ?? -1) >= 0);
  }

  /** One data record: its cost row, or undefined when it is another provider's. */
  row(cells: string[], line: number): CostRow | undefined {
    const col = this.col;
    if (!col) throw new FocusCsvError(`${this.source}: a data line before the header`);
    const at = (c: string) => {
      const i = col[c] ?? -1;
      return i < 0 ? undefined : cells[i];
    };
    const fail = (column: string, problem: string): never => {
      throw new FocusCsvError(`${this.source} line ${line}, column ${column}: ${problem}`);
    };
    if (this.provider) {
      const name = at(this.provider);
      if (!isNull(name) && !AWS.test((name ?? '').trim())) {
        const key = (name ?? '').trim();
        this.otherProviders.set(key, (this.otherProviders.get(key) ?? 0) + 1);
        return undefined;
      }
    }
    const start = at('ChargePeriodStart') ?? '';
    const day = isNull(start) ? undefined : utcDay(start);
    if (!day) fail('ChargePeriodStart', `"${start}" is not a date or date-time`);
    if (day?.offset) this.offsets++;

    const rawId = (at('SubAccountId') ?? '').trim();
    if (isNull(rawId)) fail('SubAccountId', 'is empty: every AWS charge belongs to an account');
    if (!/^\d{1,12}$/.test(rawId)) {
      fail(
        'SubAccountId',
        /e\+?\d+$/i.test(rawId)
          ? `"${rawId}" is an account id in scientific notation, which lost digits: export the column as text`
          : `"${rawId}" is not a 12-digit AWS account id`,
      );
    }
    const accountId = rawId.padStart(12, '0');
    if (accountId !== rawId) this.padded.add(rawId);

    const costText = (at('BilledCost') ?? '').trim();
    const cost = Number(costText);
    if (isNull(costText) || !Number.isFinite(cost)) fail('BilledCost', `"${costText}" is not a number`);

    const category = (at('ChargeCategory') ?? '').trim();
    const recordType = recordTypeOf(category, cost);
    if (!recordType)
      fail('ChargeCategory', `"${category}" is not one of Usage, Purchase, Tax, Credit, Adjustment`);
    if (/^correction$/i.test((at('ChargeClass') ?? '').trim())) this.corrections++;

    const code = (at('BillingCurrency') ?? '').trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(code)) fail('BillingCurrency', `"${code}" is not an ISO 4217 currency code`);
    if (!this.currency) this.currency = { code, line };
    else if (code !== this.currency.code) {
      fail(
        'BillingCurrency',
        `${code}, but line ${this.currency.line} is in ${this.currency.code}: an export must be in one billing currency (split it by currency)`,
      );
    }

    const name = at('SubAccountName');
    const service = at('ServiceName');
    const usage = usageOf(at, cost, fail);
    const region = (at('RegionId') ?? '').trim();
    return {
      date: day?.day ?? '',
      accountId,
      accountName: isNull(name) ? accountId : (name ?? '').trim(),
      service: isNull(service) ? (recordType === 'Tax' ? 'Tax' : 'Other') : (service ?? '').trim(),
      recordType: recordType ?? 'Usage',
      cost,
      currency: code,
      ...usage,
      ...(isNull(region) ? {} : { region }),
    };
  }

  /** The end of the file: an empty one is refused; else one line per kind of adjustment made. */
  finish(): string[] {
    if (!this.col)
      throw new FocusCsvError(`${this.source} is empty; expected a header with ${FOCUS_COLUMNS.join(', ')}`);
    const warnings: string[] = [];
    if (this.padded.size > 0) {
      const example = [...this.padded][0] ?? '';
      warnings.push(
        `${this.padded.size} account id(s) had lost their leading zeros (e.g. ${example} → ${example.padStart(12, '0')}) and were padded to 12 digits`,
      );
    }
    if (this.otherProviders.size > 0) {
      const total = [...this.otherProviders.values()].reduce((a, b) => a + b, 0);
      const list = [...this.otherProviders].map(([p, n]) => `${p}: ${n}`).join(', ');
      warnings.push(`${total} row(s) of other providers left out (${list}); only AWS costs are served`);
    }
    if (this.offsets > 0)
      warnings.push(`${this.offsets} charge period(s) had a UTC offset and were bucketed by their UTC day`);
    if (this.corrections > 0)
      warnings.push(`${this.corrections} correction row(s) applied to their own charge period`);
    return warnings;
  }
}

/**
 * A row's usage type, quantity and unit: `x_UsageType` (else `SkuId`); `ConsumedQuantity` (else
 * `PricingQuantity`, else the cost ÷ `ContractedUnitPrice` or `ListUnitPrice`); `ConsumedUnit`
 * (else `PricingUnit`). Absent or NULL columns leave the row without them.
 */
function usageOf(
  at: (c: string) => string | undefined,
  cost: number,
  fail: (column: string, problem: string) => never,
): Pick<CostRow, 'usageType' | 'quantity' | 'unit'> {
  const text = (c: string) => {
    const v = at(c);
    return isNull(v) ? undefined : (v ?? '').trim();
  };
  const number = (c: string) => {
    const v = text(c);
    if (v === undefined) return undefined;
    const n = Number(v);
    return Number.isFinite(n) ? n : fail(c, `"${v}" is not a number`);
  };
  const usageType = text('x_UsageType') ?? text('SkuId');
  const price = number('ContractedUnitPrice') || number('ListUnitPrice');
  const quantity =
    number('ConsumedQuantity') ?? number('PricingQuantity') ?? (price ? cost / price : undefined);
  const unit = text('ConsumedUnit') ?? text('PricingUnit');
  return {
    ...(usageType ? { usageType } : {}),
    ...(quantity !== undefined ? { quantity } : {}),
    ...(unit ? { unit } : {}),
  };
}

/** Parses FOCUS CSV text into AWS cost rows (see {@link FocusReader}). */
export function parseFocusCsv(text: string, source = 'costs CSV'): FocusExport {
  const reader = new FocusReader(source);
  const rows: CostRow[] = [];
  const [head, ...records] = parseCsv(text, source);
  if (head) reader.header(head.cells);
  for (const { cells, line } of records) {
    const row = reader.row(cells, line);
    if (row) rows.push(row);
  }
  return { rows, warnings: reader.finish() };
}

/**
 * Streams a FOCUS CSV file through a {@link FocusReader}, handing each AWS cost row to `onRow`
 * as it is read: the file is never held whole, so exports of any size (and past the 512 MB a
 * JavaScript string can hold) are read in constant memory. Resolves to the warnings.
 */
export async function streamFocusCsv(path: string, onRow: (row: CostRow) => void): Promise<string[]> {
  const reader = new FocusReader(path);
  let lastLine = 0;
  let first = true;
  const parser = parseStream({ ...CSV_OPTIONS, info: true });
  // pipe() does not pass the file's errors on (a missing file would leave the loop waiting).
  createReadStream(path)
    .on('error', (err) => parser.destroy(err))
    .pipe(parser);
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      lastLine = info.lines;
      if (first) {
        reader.header(record);
        first = false;
        continue;
      }
      const row = reader.row(record, info.lines);
      if (row) onRow(row);
    }
  } catch (err) {
    if (err instanceof FocusCsvError) throw err;
    throw csvError(err, path, lastLine);
  }
  return reader.finish();
}

/** Writes cost rows as FOCUS CSV text. */
export function toFocusCsv(rows: readonly CostRow[]): string {
  const category = (r: CostRow) =>
    ({ Usage: 'Usage', Fee: 'Purchase', Tax: 'Tax', Credit: 'Credit', Refund: 'Adjustment' })[r.recordType] ??
    'Usage';
  const quote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  // The usage columns only when some row has them, so older exports keep their shape.
  const usage = rows.some((r) => r.usageType !== undefined || r.quantity !== undefined);
  const regions = rows.some((r) => r.region !== undefined);
  const lines = rows.map((r) =>
    [
      `${r.date}T00:00:00Z`,
      r.accountId,
      quote(r.accountName),
      quote(r.service),
      category(r),
      r.cost.toFixed(6),
      r.currency,
      ...(usage ? [quote(r.usageType ?? ''), r.quantity?.toString() ?? '', quote(r.unit ?? '')] : []),
      ...(regions ? [quote(r.region ?? '')] : []),
    ].join(','),
  );
  const header = [
    ...FOCUS_COLUMNS,
    ...(usage ? ['x_UsageType', 'ConsumedQuantity', 'ConsumedUnit'] : []),
    ...(regions ? ['RegionId'] : []),
  ];
  return `${header.join(',')}\n${lines.join('\n')}\n`;
}
