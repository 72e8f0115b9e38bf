import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../handlers/contract/config/schema.js';
import { buildApp } from '../../stacks/build-app.js';

/**
 * Builds the app into a temporary folder without bundling the Lambdas (their assets are
 * placeholders; the template is the same) and, unless asked, without cdk-nag.
 */
export function buildTestApp(config: Config, nag = false) {
  const dir = mkdtempSync(join(tmpdir(), 'baf-synth-'));
  return buildApp({ config, outdir: join(dir, 'cdk.out'), buildDir: join(dir, 'build'), nag, bundle: false });
}
