import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { LambdaBundles } from '../../cli/bundles.js';

/** The example configuration's real Lambda bundles, built once per run by the global setup. */
export function testBundles(): LambdaBundles {
  return inject('bundles');
}

/** A fresh temporary output folder. */
export function tempOut(prefix = 'baf-out-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
