import { readFileSync } from 'node:fs';

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

/** Splits CSV text into records (RFC 4180: quoted fields, doubled quotes, CRLF). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      if (record.length > 1 || record[0] !== '') records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Parses FOCUS CSV text into cost rows, naming the first bad line and column. */
export function parseFocusCsv(text: string, source = 'costs CSV'): CostRow[] {
  const [header, ...lines] = parseCsv(text.replace(/^\uFEFF/, ''));
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
  return lines.map((cells, n) => {
    const at = (c: (typeof FOCUS_COLUMNS)[number]) => cells[index[c]] ?? '';
    const where = `${source} line ${n + 2}`;
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
  return parseFocusCsv(readFileSync(path, 'utf8'), path);
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
