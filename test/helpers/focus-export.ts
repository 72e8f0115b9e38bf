import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CostRow, FocusExport } from '../../local/focus-csv.js';
import { readFocusExport } from '../../local/focus-export.js';

/** A fresh file under the system's temporary folder holding `content`. */
export function tempFile(content: string | Buffer, name = 'export.csv'): string {
  const file = join(mkdtempSync(join(tmpdir(), 'focus-')), name);
  writeFileSync(file, content);
  return file;
}

/** Reads a FOCUS export file with DuckDB into its summed rows and warnings. */
export async function readExport(file: string): Promise<FocusExport> {
  const rows: CostRow[] = [];
  const warnings = await readFocusExport(file, (r) => {
    rows.push(r);
  });
  return { rows, warnings };
}

/** Writes CSV text to a fresh file named `name` and reads it back (see {@link readExport}). */
export const readCsvText = (text: string, name = 'export.csv') => readExport(tempFile(text, name));
