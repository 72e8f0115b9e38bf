import { closeSync, openSync, readSync } from 'node:fs';
import { toError } from '../handlers/lib/result.js';
import { EXPORT_MEMORY_ENV, ExportMemoryError, FocusCsvError, walkCsv } from './focus-csv.js';

/** The kinds of file an AWS Data Export writes FOCUS as: CSV (gzip'd or not) and Parquet. */
export type FileKind = 'csv' | 'csv.gz' | 'parquet';

/** The kind of file at `path`, from its first bytes (`PAR1`, gzip's 1f 8b, else CSV). */
export function kindOf(path: string): FileKind {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(4);
    const n = readSync(fd, head, 0, 4, 0);
    if (n === 4 && head.toString('latin1') === 'PAR1') return 'parquet';
    return n >= 2 && head[0] === 0x1f && head[1] === 0x8b ? 'csv.gz' : 'csv';
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT') throw new FocusCsvError(`cannot read ${path}: no such file`);
    throw new FocusCsvError(`cannot read ${path}: ${toError(err).message}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** What one row of a problem says, as the old row-by-row reader said it. */
export function problemText(column: string, value: string): string {
  switch (column) {
    case 'ChargePeriodStart':
      return `"${value}" is not a date or date-time`;
    case 'SubAccountId':
      if (value === '') return 'is empty: every AWS charge belongs to an account';
      return /e\+?\d+$/i.test(value)
        ? `"${value}" is an account id in scientific notation, which lost digits: export the column as text`
        : `"${value}" is not a 12-digit AWS account id`;
    case 'ChargeCategory':
      return `"${value}" is not one of Usage, Purchase, Tax, Credit, Adjustment`;
    case 'BillingCurrency':
      return `"${value}" is not an ISO 4217 currency code`;
    default:
      return `"${value}" is not a number`;
  }
}

/** Where data row `rec` is: the line it ends on in a CSV (csv-parse counts quoted line breaks), or its row in a Parquet file. */
export async function placeOf(path: string, kind: FileKind, rec: number): Promise<string> {
  if (kind === 'parquet') return `row ${rec}`;
  let line = 0;
  await walkCsv(
    path,
    (index, _, at) => {
      line = at;
      return index === rec;
    },
    { gzip: kind === 'csv.gz' },
  );
  return `line ${line}`;
}

/**
 * A DuckDB error while reading an export: out of memory, an {@link ExportMemoryError} (not the
 * file's fault); else a {@link FocusCsvError}: csv-parse reads a CSV again to name the line of what
 * is wrong in it (DuckDB counts records, not lines), else DuckDB's own words.
 */
export async function readError(
  err: unknown,
  path: string,
  kind: FileKind,
  memoryMb: number,
): Promise<Error> {
  if (err instanceof FocusCsvError) return err;
  if (/Out of Memory Error/i.test(toError(err).message)) {
    return new ExportMemoryError(
      `${path}: the export did not fit in ${memoryMb} MB — DuckDB's working memory for its sums (one per day, account, service, usage type and Region) ran out; set ${EXPORT_MEMORY_ENV} to more (e.g. ${memoryMb * 2}) or split the export by month`,
    );
  }
  if (kind !== 'parquet') {
    try {
      await walkCsv(path, () => false, { gzip: kind === 'csv.gz', strict: true });
    } catch (structural) {
      if (structural instanceof FocusCsvError) return structural;
    }
  }
  const detail = toError(err)
    .message.split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, 2)
    .join(' ')
    .replace(/^[A-Za-z ]*Error: /, '');
  return new FocusCsvError(`${path}: ${detail}`);
}
