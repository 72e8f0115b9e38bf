import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
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
export const REQUIRED_COLUMNS = [
  'ChargePeriodStart',
  'SubAccountId',
  'ChargeCategory',
  'BilledCost',
  'BillingCurrency',
] as const;
/** Columns that name the provider (FOCUS 1.2, 1.0–1.1, and the issuer as a last resort), first found wins. */
export const PROVIDER_COLUMNS = ['ServiceProviderName', 'ProviderName', 'InvoiceIssuerName'] as const;

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
export const USAGE_COLUMNS = [
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

/** DuckDB's working memory for an export unless told otherwise, in MB (kept here, not beside DuckDB, so the CLI reads it without loading DuckDB). */
export const DEFAULT_EXPORT_MEMORY_MB = 64;

/** The environment variable that sets DuckDB's working memory for an export, in MB. */
export const EXPORT_MEMORY_ENV = 'BILLING_ALARMS_EXPORT_MEMORY_MB';

/** An export whose sums did not fit in the reader's working memory: not the file's fault (exit 1). */
export class ExportMemoryError extends Error {
  override readonly name = 'ExportMemoryError';
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
 * Walks a CSV file's records with csv-parse, handing each to `visit` with its index (0 is the
 * header) and the line it ends on, until `visit` returns true. Gzip'd files are read through
 * gunzip. A file csv-parse cannot read is a {@link FocusCsvError} naming its line; `strict` also
 * refuses a record whose cell count differs from the header's.
 */
export async function walkCsv(
  path: string,
  visit: (index: number, cells: string[], line: number) => boolean,
  options: { gzip?: boolean; strict?: boolean } = {},
): Promise<void> {
  const parser = parseStream({ ...CSV_OPTIONS, relax_column_count: !options.strict, info: true });
  const file = createReadStream(path);
  // pipe() does not pass the file's errors on (a missing file would leave the loop waiting).
  const input = options.gzip ? file.pipe(createGunzip()) : file;
  file.on('error', (err) => parser.destroy(err));
  input.on('error', (err: Error) => parser.destroy(err));
  input.pipe(parser);
  let index = 0;
  let lastLine = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      lastLine = info.lines;
      if (visit(index++, record, info.lines)) break;
    }
  } catch (err) {
    throw csvError(err, path, lastLine);
  } finally {
    file.destroy();
  }
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
