import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readFocusExportApart } from '../focus-reader.js';
import type { GeneratedExport } from './focus-export-file.js';
import { round } from './stats.js';

/** The `csv` figures of bench.json: a generated FOCUS export through `report --costs`. */
export interface CsvFigures {
  readonly rows: number;
  readonly fileMB: number;
  /** Peak resident memory of the `report --costs FILE` process (its own, not its children's). */
  readonly peakRssMb: number;
  /** The whole `report --costs FILE` run, wall clock. */
  readonly seconds: number;
  /** The export reader's process alone (DuckDB): its peak resident memory, its time and the sums it handed over. */
  readonly readerPeakRssMb: number;
  readonly readerSeconds: number;
  readonly sums: number;
  /** Whether the sums add up to the generated file's total, to the millionth. */
  readonly totalExact: boolean;
  /** Whether the report was sent. */
  readonly sent: boolean;
  /** Peak resident memory of `billing-alarms --version`: the CLI's floor, before any command loads. */
  readonly cliFloorMb: number;
}

const GENERATOR = fileURLToPath(new URL('./focus-export-file.ts', import.meta.url));
const CLI = fileURLToPath(new URL('../bin.js', import.meta.url));
const TSX = import.meta.resolve('tsx');

/** The generated export for `rows`, written once by a child process and reused while its figures say the same. */
function generatedExport(rows: number): { file: string; figures: GeneratedExport } {
  const dir = resolve('.build', 'bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `focus-${rows}.csv`);
  const sidecar = `${file}.json`;
  if (existsSync(file) && existsSync(sidecar)) {
    const figures = JSON.parse(readFileSync(sidecar, 'utf8')) as GeneratedExport;
    if (figures.rows === rows) return { file, figures };
  }
  const out = execFileSync(process.execPath, ['--import', TSX, GENERATOR, file, String(rows)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  writeFileSync(sidecar, out);
  return { file, figures: JSON.parse(out) as GeneratedExport };
}

/**
 * `billing-alarms ARGS` in a process of its own, as a user runs it, with a preload that writes the
 * process's own peak resident memory (`process.resourceUsage().maxRSS`) when it exits. Resolves to
 * that peak, the wall-clock time and the standard output.
 */
function measuredCli(args: string[]): { peakRssMb: number; seconds: number; stdout: string } {
  const dir = resolve('.build', 'bench');
  const preload = join(dir, 'rss-at-exit.mjs');
  const rssFile = join(dir, 'cli-rss.txt');
  writeFileSync(
    preload,
    `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`,
  );
  const started = performance.now();
  const stdout = execFileSync(process.execPath, ['--import', pathToFileURL(preload).href, CLI, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 16 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  return { peakRssMb: Number(readFileSync(rssFile, 'utf8')) / 1024, seconds, stdout };
}

/** `report --costs FILE` (see {@link measuredCli}), and whether the report was sent. */
function timedReport(file: string, outDir: string): { peakRssMb: number; seconds: number; sent: boolean } {
  const { peakRssMb, seconds, stdout } = measuredCli(['report', '--costs', file, '--out', outDir]);
  const sent = stdout.split('\n').some((line) => line.startsWith('{') && JSON.parse(line).status === 'sent');
  return { peakRssMb, seconds, sent };
}

/**
 * A FOCUS export of `rows` rows (generated under `.build/bench` in a child process) read by the
 * export reader alone — its process's peak memory, its time, and its sums against the file's exact
 * total — and then reported by `report --costs FILE` in a process of its own, whose peak resident
 * memory and time are measured there.
 */
export async function measureCsvMemory(rows: number, outDir: string): Promise<CsvFigures> {
  const { file, figures } = generatedExport(rows);
  const started = performance.now();
  let sums = 0;
  let micros = 0n;
  const read = await readFocusExportApart(file, (row) => {
    sums++;
    micros += BigInt(Math.round(row.cost * 1e6));
  });
  const readerSeconds = (performance.now() - started) / 1000;
  const report = timedReport(file, join(outDir, 'csv-report'));
  const floor = measuredCli(['--version']);
  return {
    rows,
    fileMB: round(figures.bytes / 1024 / 1024),
    peakRssMb: round(report.peakRssMb),
    seconds: round(report.seconds),
    readerPeakRssMb: round(read.readerPeakRssMb),
    readerSeconds: round(readerSeconds),
    sums,
    totalExact: micros.toString() === figures.totalMicros,
    sent: report.sent,
    cliFloorMb: round(floor.peakRssMb),
  };
}

/** Resident memory a 2 M-row export may take (issue #22). */
const TARGET_RSS_MB = 200;

/** Prints the figures against the 200 MB target. */
export function printCsvFigures(csv: CsvFigures, print: (text: string) => void): void {
  const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  print(
    `\nFOCUS export: ${csv.rows.toLocaleString('en-US')} rows (${csv.fileMB} MB CSV) through report --costs`,
  );
  print(
    `  report process peak RSS ${csv.peakRssMb} MB (target ≤ ${TARGET_RSS_MB} MB: ${mark(csv.peakRssMb <= TARGET_RSS_MB)}), ${csv.seconds} s, ${csv.sent ? 'sent' : 'NOT SENT'}`,
  );
  print(`  the CLI's floor (billing-alarms --version) ${csv.cliFloorMb} MB`);
  print(
    `  export reader (DuckDB, its own process) peak RSS ${csv.readerPeakRssMb} MB (target ≤ ${TARGET_RSS_MB} MB: ${mark(csv.readerPeakRssMb <= TARGET_RSS_MB)}), ${csv.readerSeconds} s, ${csv.sums.toLocaleString('en-US')} sums, total ${csv.totalExact ? 'exact to the millionth' : 'DIFFERS from the file'}`,
  );
}
