import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { CostRow } from '../local/focus-csv.js';
import {
  DEFAULT_EXPORT_MEMORY_MB,
  EXPORT_MEMORY_ENV,
  ExportMemoryError,
  FocusCsvError,
} from '../local/focus-csv.js';
import type { ReaderMessage } from '../local/focus-export-child.js';
import { UsageError } from './command.js';

const ENTRY = fileURLToPath(new URL('../local/focus-export-child.ts', import.meta.url));
/** Inside the project, so the bundle's packages (DuckDB, csv-parse) resolve from its node_modules. */
const BUNDLE = fileURLToPath(new URL('../.build/focus-reader/reader.mjs', import.meta.url));

/** The error each kind of reader failure becomes here. */
const READER_ERRORS = { usage: FocusCsvError, memory: ExportMemoryError, other: Error } as const;

/** What reading an export apart gave: its warnings and the reader process's peak resident memory. */
export interface ReadApart {
  readonly warnings: string[];
  readonly readerPeakRssMb: number;
}

/** DuckDB's working memory for an export: `BILLING_ALARMS_EXPORT_MEMORY_MB`, else 64 MB. */
export function exportMemoryMb(env: NodeJS.ProcessEnv = process.env): number {
  const text = env[EXPORT_MEMORY_ENV];
  if (text === undefined || text.trim() === '') return DEFAULT_EXPORT_MEMORY_MB;
  if (!/^[1-9]\d{0,5}$/.test(text.trim()))
    throw new UsageError(`${EXPORT_MEMORY_ENV} takes a whole number of MB from 1 to 999999; got "${text}"`);
  return Number(text);
}

/**
 * Reads a FOCUS export (`readFocusExport`) in a Node.js process of its own, handing each summed
 * row to `onRow` here: DuckDB's library and working memory never join the CLI's, whose module graph
 * is already most of its resident memory. The reader is bundled (packages left outside) and run by
 * plain Node.js, without the TypeScript loader's memory. A bad export rejects with a
 * {@link FocusCsvError} naming its line and column, as `readFocusExport` does in-process; sums
 * that outgrow DuckDB's working memory ({@link exportMemoryMb}) an {@link ExportMemoryError}.
 */
export async function readFocusExportApart(path: string, onRow: (row: CostRow) => void): Promise<ReadApart> {
  const memoryMb = exportMemoryMb();
  await build({
    entryPoints: [ENTRY],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
  });
  const child = fork(BUNDLE, [path, String(memoryMb)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [],
  });
  return new Promise<ReadApart>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (!settled) {
        settled = true;
        fn();
      }
    };
    child.on('message', (message: ReaderMessage) => {
      if ('rows' in message) for (const row of message.rows) onRow(row);
      else if ('error' in message) settle(() => reject(new READER_ERRORS[message.kind](message.error)));
      else settle(() => resolve({ warnings: message.warnings, readerPeakRssMb: message.peakRssMb }));
    });
    child.on('error', (err) => settle(() => reject(err)));
    child.on('exit', (code, signal) =>
      settle(() =>
        reject(
          new Error(
            `the export reader stopped (${signal ?? `exit code ${code}`}) before it finished ${path}`,
          ),
        ),
      ),
    );
  });
}
