import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildLambdaBundles, type LambdaBundles } from '../../cli/bundles.js';
import type { Config } from '../../handlers/lib/config/schema.js';

/** Builds the real Lambda bundles (cdk synth + esbuild) into a temporary folder of this test file. */
export function buildTestBundles(config: Config): Promise<LambdaBundles> {
  return buildLambdaBundles(config, mkdtempSync(join(tmpdir(), 'baf-bundles-')));
}

/** A fresh temporary output folder. */
export function tempOut(prefix = 'baf-out-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
