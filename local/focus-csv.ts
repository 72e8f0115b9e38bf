import { readFileSync } from 'node:fs';
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
}

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
 * Parses a FOCUS 1.0–1.2 export into AWS cost rows. Accepts quoted headers, `NULL` literals, extra
 * columns, timestamps with offsets (converted to UTC before days are bucketed), account ids that
 * lost their leading zeros in a spreadsheet (padded to 12 digits), exports of several providers
 * (only AWS rows are kept) and correction rows (applied to their own charge period). Refuses, naming
 * the line and column, anything it cannot read — and a file in more than one billing currency.
 */
export function parseFocusCsv(text: string, source = 'costs CSV'): FocusExport {
  const [head, ...records] = parseCsv(text, source);
  const header = head?.cells;
  if (!header)
    throw new FocusCsvError(`${source} is empty; expected a header with ${FOCUS_COLUMNS.join(', ')}`);
  const indexOf = (name: string) => header.findIndex((h) => normal(h) === normal(name));
  const missingColumns = REQUIRED.filter((c) => indexOf(c) < 0);
  if (missingColumns.length > 0) {
    throw new FocusCsvError(
      `${source} lacks the FOCUS column(s) ${missingColumns.join(', ')}; found ${header.join(', ')}`,
    );
  }
  const col = Object.fromEntries(
    [...FOCUS_COLUMNS, 'ChargeClass', ...PROVIDER_COLUMNS].map((c) => [c, indexOf(c)]),
  ) as Record<string, number>;
  const provider = PROVIDER_COLUMNS.find((c) => (col[c] ?? -1) >= 0);

  const rows: CostRow[] = [];
  const padded = new Set<string>();
  const otherProviders = new Map<string, number>();
  let offsets = 0;
  let corrections = 0;
  let currency: { code: string; line: number } | undefined;
  for (const { cells, line } of records) {
    const at = (c: string) => {
      const i = col[c] ?? -1;
      return i < 0 ? undefined : cells[i];
    };
    const fail = (column: string, problem: string): never => {
      throw new FocusCsvError(`${source} line ${line}, column ${column}: ${problem}`);
    };
    if (provider) {
      const name = at(provider);
      if (!isNull(name) && !AWS.test((name ?? '').trim())) {
        const key = (name ?? '').trim();
        otherProviders.set(key, (otherProviders.get(key) ?? 0) + 1);
        continue;
      }
    }
    const start = at('ChargePeriodStart') ?? '';
    const day = isNull(start) ? undefined : utcDay(start);
    if (!day) fail('ChargePeriodStart', `"${start}" is not a date or date-time`);
    if (day?.offset) offsets++;

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
    if (accountId !== rawId) padded.add(rawId);

    const costText = (at('BilledCost') ?? '').trim();
    const cost = Number(costText);
    if (isNull(costText) || !Number.isFinite(cost)) fail('BilledCost', `"${costText}" is not a number`);

    const category = (at('ChargeCategory') ?? '').trim();
    const recordType = recordTypeOf(category, cost);
    if (!recordType)
      fail('ChargeCategory', `"${category}" is not one of Usage, Purchase, Tax, Credit, Adjustment`);
    if (/^correction$/i.test((at('ChargeClass') ?? '').trim())) corrections++;

    const code = (at('BillingCurrency') ?? '').trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(code)) fail('BillingCurrency', `"${code}" is not an ISO 4217 currency code`);
    if (!currency) currency = { code, line };
    else if (code !== currency.code) {
      fail(
        'BillingCurrency',
        `${code}, but line ${currency.line} is in ${currency.code}: an export must be in one billing currency (split it by currency)`,
      );
    }

    const name = at('SubAccountName');
    const service = at('ServiceName');
    rows.push({
      date: day?.day ?? '',
      accountId,
      accountName: isNull(name) ? accountId : (name ?? '').trim(),
      service: isNull(service) ? (recordType === 'Tax' ? 'Tax' : 'Other') : (service ?? '').trim(),
      recordType: recordType ?? 'Usage',
      cost,
      currency: code,
    });
  }

  const warnings: string[] = [];
  if (padded.size > 0) {
    const example = [...padded][0] ?? '';
    warnings.push(
      `${padded.size} account id(s) had lost their leading zeros (e.g. ${example} → ${example.padStart(12, '0')}) and were padded to 12 digits`,
    );
  }
  if (otherProviders.size > 0) {
    const total = [...otherProviders.values()].reduce((a, b) => a + b, 0);
    const list = [...otherProviders].map(([p, n]) => `${p}: ${n}`).join(', ');
    warnings.push(`${total} row(s) of other providers left out (${list}); only AWS costs are served`);
  }
  if (offsets > 0)
    warnings.push(`${offsets} charge period(s) had a UTC offset and were bucketed by their UTC day`);
  if (corrections > 0) warnings.push(`${corrections} correction row(s) applied to their own charge period`);
  return { rows, warnings };
}

/** Reads a FOCUS CSV file. */
export function readFocusCsv(path: string): FocusExport {
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
    ({ Usage: 'Usage', Fee: 'Purchase', Tax: 'Tax', Credit: 'Credit', Refund: 'Adjustment' })[r.recordType] ??
    'Usage';
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
