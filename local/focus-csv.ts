import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { toError } from '../handlers/lib/result.js';

/** FOCUS 1.x columns the Cost Explorer stand-in reads. */
export const FOCUS_COLUMNS = [
  'ChargePeriodStart',
  'SubAccountId',
  'SubAccountName',
  'ServiceName',
  'ChargeCategory',
  'BilledCost',
  'BillingCurrency',
] as const;

/** One cost row of a FOCUS export. */
export interface CostRow {
  /** UTC day, `YYYY-MM-DD`. */
  readonly date: string;
  readonly accountId: string;
  readonly accountName: string;
  readonly service: string;
  /** Cost Explorer's RECORD_TYPE for the FOCUS ChargeCategory. */
  readonly recordType: string;
  readonly cost: number;
  readonly currency: string;
}

/** A CSV that is not a usable FOCUS export; the message names the line and column. */
export class FocusCsvError extends Error {
  override readonly name = 'FocusCsvError';
}

// FOCUS ChargeCategory → Cost Explorer RECORD_TYPE. Adjustments are shown as refunds.
const RECORD_TYPES: Record<string, string> = {
  Usage: 'Usage',
  Purchase: 'Usage',
  Tax: 'Tax',
  Credit: 'Credit',
  Adjustment: 'Refund',
};

/** One CSV record and the line it ends on (1-based, as an editor counts). */
export interface CsvRecord {
  readonly line: number;
  readonly cells: string[];
}

/** Splits CSV text into records with csv-parse (RFC 4180: quoted fields, doubled quotes, CRLF). */
export function parseCsv(text: string, source = 'CSV'): CsvRecord[] {
  const records: CsvRecord[] = [];
  let lastLine = 0;
  try {
    parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      on_record: (record: string[], context: { lines: number }) => {
        lastLine = context.lines;
        records.push({ line: context.lines, cells: record });
        return record;
      },
    });
    return records;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'CSV_QUOTE_NOT_CLOSED') {
      throw new FocusCsvError(
        `${source} line ${lastLine + 1}: a quoted field opens here and is never closed (an unclosed quote)`,
      );
    }
    const line = (err as { lines?: number }).lines;
    throw new FocusCsvError(`${source}${line ? ` line ${line}` : ''}: ${toError(err).message}`);
  }
}

/** Parses FOCUS CSV text into cost rows, naming the first bad line and column. */
export function parseFocusCsv(text: string, source = 'costs CSV'): CostRow[] {
  const [head, ...lines] = parseCsv(text, source);
  const header = head?.cells;
  if (!header)
    throw new FocusCsvError(`${source} is empty; expected a header with ${FOCUS_COLUMNS.join(', ')}`);
  const index = Object.fromEntries(FOCUS_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<
    (typeof FOCUS_COLUMNS)[number],
    number
  >;
  const missing = FOCUS_COLUMNS.filter((c) => index[c] < 0);
  if (missing.length > 0) {
    throw new FocusCsvError(
      `${source} lacks the FOCUS column(s) ${missing.join(', ')}; found ${header.join(', ')}`,
    );
  }
  return lines.map(({ cells, line }) => {
    const at = (c: (typeof FOCUS_COLUMNS)[number]) => cells[index[c]] ?? '';
    const where = `${source} line ${line}`;
    const date = at('ChargePeriodStart').slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
      throw new FocusCsvError(`${where}: ChargePeriodStart "${at('ChargePeriodStart')}" is not a date`);
    const accountId = at('SubAccountId');
    if (!/^\d{12}$/.test(accountId))
      throw new FocusCsvError(`${where}: SubAccountId "${accountId}" is not a 12-digit account id`);
    const cost = Number(at('BilledCost'));
    if (at('BilledCost') === '' || !Number.isFinite(cost))
      throw new FocusCsvError(`${where}: BilledCost "${at('BilledCost')}" is not a number`);
    const category = at('ChargeCategory');
    const recordType = RECORD_TYPES[category];
    if (!recordType) {
      throw new FocusCsvError(
        `${where}: ChargeCategory "${category}" is not one of ${Object.keys(RECORD_TYPES).join(', ')}`,
      );
    }
    return {
      date,
      accountId,
      accountName: at('SubAccountName') || accountId,
      service: at('ServiceName') || 'Unknown',
      recordType,
      cost,
      currency: at('BillingCurrency') || 'USD',
    };
  });
}

/** Reads a FOCUS CSV file. */
export function readFocusCsv(path: string): CostRow[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new FocusCsvError(
      `cannot read ${path}${code === 'ENOENT' ? ': no such file' : `: ${toError(err).message}`}`,
    );
  }
  return parseFocusCsv(text, path);
}

/** Writes cost rows as FOCUS CSV text. */
export function toFocusCsv(rows: readonly CostRow[]): string {
  const category = (r: CostRow) =>
    ({ Usage: 'Usage', Tax: 'Tax', Credit: 'Credit', Refund: 'Adjustment' })[r.recordType] ?? 'Usage';
  const quote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = rows.map((r) =>
    [
      `${r.date}T00:00:00Z`,
      r.accountId,
      quote(r.accountName),
      quote(r.service),
      category(r),
      r.cost.toFixed(6),
      r.currency,
    ].join(','),
  );
  return `${FOCUS_COLUMNS.join(',')}\n${lines.join('\n')}\n`;
}
