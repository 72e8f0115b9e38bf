import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import {
  type CostRow,
  DEFAULT_EXPORT_MEMORY_MB,
  ExportMemoryError,
  FOCUS_COLUMNS,
  FocusCsvError,
  PROVIDER_COLUMNS,
  REQUIRED_COLUMNS,
  USAGE_COLUMNS,
  walkCsv,
} from './focus-csv.js';
import { type FileKind, kindOf, placeOf, problemText, readError } from './focus-export-file.js';
import {
  FOCUS_MACROS,
  focusBadValueQuery,
  focusQuery,
  type RESULT_COLUMNS,
  type SourceColumn,
} from './focus-export-sql.js';

/**
 * DuckDB's limits for reading an export: one thread (one CSV buffer, one hash table), rows summed
 * in no particular order (no order to keep means no buffering for it), 2 MB CSV buffers (DuckDB's
 * longest line, its default), and a working memory (64 MB unless told: {@link ReadOptions}) past
 * which DuckDB spills to a temporary folder or, when the sums alone outgrow it, stops with an
 * {@link ExportMemoryError}.
 */
const DUCKDB_SETTINGS = { threads: '1', preserve_insertion_order: 'false' };
const CSV_BUFFER_BYTES = 2 * 1024 * 1024;

/** Options of {@link readFocusExport}. */
export interface ReadOptions {
  /** DuckDB's working memory, in MB. @default DEFAULT_EXPORT_MEMORY_MB */
  readonly memoryMb?: number;
}

/** Column names compare without case, spaces or punctuation (some exporters lowercase them). */
const normal = (name: string) => name.replace(/[^a-z0-9]/gi, '').toLowerCase();
const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;
const sqlName = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The columns the reader looks for: the FOCUS name and, for the provider, the first one found. */
function columnMap(names: readonly string[], source: string): Map<SourceColumn, number> {
  const indexOf = (name: string) => names.findIndex((h) => normal(h) === normal(name));
  const missing = REQUIRED_COLUMNS.filter((c) => indexOf(c) < 0);
  if (missing.length > 0) {
    throw new FocusCsvError(
      `${source} lacks the FOCUS column(s) ${missing.join(', ')}; found ${names.join(', ')}`,
    );
  }
  const map = new Map<SourceColumn, number>();
  for (const c of [...FOCUS_COLUMNS, 'ChargeClass', 'RegionId', ...USAGE_COLUMNS] as SourceColumn[]) {
    if (indexOf(c) >= 0) map.set(c, indexOf(c));
  }
  const provider = PROVIDER_COLUMNS.map(indexOf).find((i) => i >= 0);
  if (provider !== undefined) map.set('Provider', provider);
  return map;
}

const ALL_SOURCE_COLUMNS: readonly SourceColumn[] = [
  ...FOCUS_COLUMNS,
  'ChargeClass',
  'Provider',
  'RegionId',
  ...USAGE_COLUMNS,
];

/** The select list naming each source column (NULL when the export lacks it). */
const selectList = (map: Map<SourceColumn, number>, expression: (index: number) => string) =>
  ALL_SOURCE_COLUMNS.map((c) => {
    const i = map.get(c);
    return `${i === undefined ? 'CAST(NULL AS VARCHAR)' : expression(i)} AS ${sqlName(c)}`;
  }).join(', ');

/** A CSV export's header (csv-parse reads the first record: quotes, a BOM), refusing an empty file. */
async function csvHeader(path: string, gzip: boolean): Promise<string[]> {
  let header: string[] | undefined;
  await walkCsv(
    path,
    (_, cells) => {
      header = cells;
      return true;
    },
    { gzip },
  );
  if (!header)
    throw new FocusCsvError(`${path} is empty; expected a header with ${FOCUS_COLUMNS.join(', ')}`);
  return header;
}

/**
 * The relation a CSV export is read through: DuckDB's CSV reader with the dialect and every column
 * given (all VARCHAR, so the checks can name a bad value), no sniffing, the data row's number kept.
 */
async function csvSource(path: string, kind: FileKind): Promise<string> {
  const header = await csvHeader(path, kind === 'csv.gz');
  const map = columnMap(header, path);
  const columns = header.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  return `SELECT row_number() OVER () AS rec, ${selectList(map, (i) => `c${i}`)}
    FROM read_csv(${sqlText(path)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
      columns = {${columns}}, compression = '${kind === 'csv.gz' ? 'gzip' : 'none'}', buffer_size = ${CSV_BUFFER_BYTES})`;
}

/**
 * The relation a Parquet export is read through: its own column types, timestamps as UTC text (a
 * TIMESTAMP WITH TIME ZONE is an instant; a plain TIMESTAMP is taken as UTC, as in a CSV).
 */
async function parquetSource(connection: DuckDBConnection, path: string): Promise<string> {
  const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlText(path)})`);
  const columns = described
    .getRowObjectsJS()
    .map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  const map = columnMap(
    columns.map((c) => c.name),
    path,
  );
  const asText = (i: number) => {
    const { name, type } = columns[i] as { name: string; type: string };
    if (type === 'TIMESTAMP WITH TIME ZONE')
      return `strftime(timezone('UTC', ${sqlName(name)}), '%Y-%m-%dT%H:%M:%SZ')`;
    if (type.startsWith('TIMESTAMP') || type === 'DATE')
      return `strftime(${sqlName(name)}, '%Y-%m-%dT%H:%M:%SZ')`;
    return `CAST(${sqlName(name)} AS VARCHAR)`;
  };
  return `SELECT file_row_number + 1 AS rec, ${selectList(map, asText)}
    FROM read_parquet(${sqlText(path)}, file_row_number = true)`;
}

/** `work` on a DuckDB connection of its own (the FOCUS macros defined), closed when it settles. */
async function withDuckDb<T>(
  spill: string,
  memoryMb: number,
  work: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:', {
    ...DUCKDB_SETTINGS,
    memory_limit: `${memoryMb}MB`,
    temp_directory: spill,
  });
  const connection = await instance.connect();
  try {
    for (const macro of FOCUS_MACROS) await connection.run(macro);
    return await work(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The bad cell of data row `rec`, read again (only once a read has failed). */
async function badValue(connection: DuckDBConnection, source: string, rec: number): Promise<string> {
  const reader = await connection.runAndReadAll(focusBadValueQuery(source, rec));
  return textOf(reader.getRowsJS()[0]?.[0]) ?? '';
}

/** The warnings of a read: one line per kind of adjustment made. */
class Adjustments {
  readonly padded = new Set<string>();
  readonly otherProviders = new Map<string, number>();
  offsets = 0;
  corrections = 0;

  lines(): string[] {
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

type ResultRow = Record<(typeof RESULT_COLUMNS)[number], string | number | bigint | null>;
const textOf = (v: unknown) => (v === null || v === undefined ? undefined : String(v));

/**
 * Reads a FOCUS 1.0–1.2 export — CSV, gzip'd CSV or Parquet, as AWS Data Exports write it — in
 * DuckDB, summed per UTC day, account, service, record type, usage type, unit and Region, and hands
 * each sum to `onRow` (awaited, so a slow consumer slows the read; in no particular order). Holds
 * no row in JavaScript: DuckDB sums the file in its working memory (64 MB unless told) and writes
 * the sums to a file, then closes, and only then are they read here, so DuckDB's memory and
 * JavaScript's never add up. Stops with an {@link ExportMemoryError} when the sums outgrow that
 * memory. Accepts quoted headers, `NULL` literals, extra columns, timestamps
 * with offsets (bucketed by their UTC day), account ids that lost their leading zeros (padded),
 * exports of several providers (AWS rows kept) and correction rows. Refuses, naming the line (a
 * Parquet file: the row) and column, anything it cannot read, and a file in more than one billing
 * currency. Resolves to the warnings.
 */
export async function readFocusExport(
  path: string,
  onRow: (row: CostRow) => void | Promise<void>,
  options: ReadOptions = {},
): Promise<string[]> {
  const memoryMb = options.memoryMb ?? DEFAULT_EXPORT_MEMORY_MB;
  const kind = kindOf(path);
  const spill = mkdtempSync(join(tmpdir(), 'focus-export-'));
  try {
    // The sums go to a file, and DuckDB closes, before JavaScript reads them: DuckDB's working
    // memory and JavaScript's never add up.
    const sums = join(spill, 'sums.json');
    const source = await withDuckDb(spill, memoryMb, async (connection) => {
      try {
        const source =
          kind === 'parquet' ? await parquetSource(connection, path) : await csvSource(path, kind);
        await connection.run(`COPY (${focusQuery(source)}) TO ${sqlText(sums)} (FORMAT json)`);
        return source;
      } catch (err) {
        throw await readError(err, path, kind, memoryMb);
      }
    });
    const adjustments = new Adjustments();
    // The sums come in no particular order: the first problem and each currency's first row are
    // kept, and the one earliest in the file fails the read once every sum has been seen.
    let problem: { rec: number; column: string } | undefined;
    const currencies = new Map<string, number>();
    const fail = async (rec: number, column: string, problem: string): Promise<never> => {
      throw new FocusCsvError(`${path} ${await placeOf(path, kind, rec)}, column ${column}: ${problem}`);
    };
    for await (const line of createInterface({ input: createReadStream(sums), crlfDelay: Infinity })) {
      {
        const r = JSON.parse(line) as ResultRow;
        const rec = Number(r.first_rec);
        if (r.problem !== null) {
          if (!problem || rec < problem.rec) problem = { rec, column: String(r.problem) };
          continue;
        }
        const other = textOf(r.other_provider);
        if (other !== undefined) {
          adjustments.otherProviders.set(
            other,
            (adjustments.otherProviders.get(other) ?? 0) + Number(r.row_count),
          );
          continue;
        }
        const code = String(r.currency);
        currencies.set(code, Math.min(rec, currencies.get(code) ?? rec));
        if (problem || currencies.size > 1) continue;
        const raw = String(r.raw_account);
        const accountId = raw.padStart(12, '0');
        if (accountId !== raw) adjustments.padded.add(raw);
        adjustments.offsets += Number(r.offsets);
        adjustments.corrections += Number(r.corrections);
        const usageType = textOf(r.usage_type);
        const unit = textOf(r.unit);
        const region = textOf(r.region);
        await onRow({
          date: String(r.day),
          accountId,
          accountName: textOf(r.account_name) ?? accountId,
          service: String(r.service),
          recordType: String(r.record_type),
          cost: Number(r.micros) / 1e6,
          currency: code,
          ...(usageType ? { usageType } : {}),
          ...(r.quantity !== null ? { quantity: Number(r.quantity) } : {}),
          ...(unit ? { unit } : {}),
          ...(region ? { region } : {}),
        });
      }
    }
    const [first, ...others] = [...currencies].sort((a, b) => a[1] - b[1]);
    const mixed = others[0];
    if (problem && (!mixed || problem.rec < mixed[1])) {
      const value = await withDuckDb(spill, memoryMb, (connection) =>
        badValue(connection, source, problem.rec),
      );
      await fail(problem.rec, problem.column, problemText(problem.column, value));
    }
    if (first && mixed) {
      const firstPlace = await placeOf(path, kind, first[1]);
      await fail(
        mixed[1],
        'BillingCurrency',
        `${mixed[0]}, but ${firstPlace} is in ${first[0]}: an export must be in one billing currency (split it by currency)`,
      );
    }
    return adjustments.lines();
  } finally {
    rmSync(spill, { recursive: true, force: true });
  }
}
