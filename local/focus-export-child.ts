import { toError } from '../handlers/lib/result.js';
import type { CostRow } from './focus-csv.js';
import { ExportMemoryError, FocusCsvError } from './focus-csv.js';
import { readFocusExport } from './focus-export.js';

/** What the reader process sends its parent: rows in batches, then the warnings or the error. */
export type ReaderMessage =
  | { readonly rows: CostRow[] }
  | { readonly warnings: string[]; readonly peakRssMb: number }
  | { readonly error: string; readonly kind: 'usage' | 'memory' | 'other' };

/** Rows per message: a few hundred KB of JSON. */
const BATCH = 2_000;

/**
 * The export reader as a process of its own (`node reader.mjs PATH MEMORY_MB`, forked with an IPC channel):
 * DuckDB and its memory live and die here, so the CLI that asked holds only the sums.
 */
async function main(path: string, memoryMb: number): Promise<void> {
  const send = (message: ReaderMessage) =>
    new Promise<void>((resolve, reject) =>
      process.send?.(message, undefined, {}, (err) => (err ? reject(err) : resolve())),
    );
  let batch: CostRow[] = [];
  try {
    // Each batch waits for the channel: rows never pile up here faster than the parent takes them.
    const warnings = await readFocusExport(
      path,
      async (row) => {
        batch.push(row);
        if (batch.length >= BATCH) {
          const full = batch;
          batch = [];
          await send({ rows: full });
        }
      },
      { memoryMb },
    );
    if (batch.length > 0) await send({ rows: batch });
    await send({ warnings, peakRssMb: process.resourceUsage().maxRSS / 1024 });
  } catch (err) {
    const kind =
      err instanceof FocusCsvError ? 'usage' : err instanceof ExportMemoryError ? 'memory' : 'other';
    await send({ error: toError(err).message, kind });
  }
  process.disconnect();
}

await main(process.argv[2] ?? '', Number(process.argv[3]));
