import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../handlers/lib/config/schema.js';
import { buildApp } from '../../stacks/build-app.js';

/** Builds the app into a temporary folder (bundling the Lambdas) without running cdk-nag. */
export function buildTestApp(config: Config, nag = false) {
  const dir = mkdtempSync(join(tmpdir(), 'baf-synth-'));
  return buildApp({ config, outdir: join(dir, 'cdk.out'), buildDir: join(dir, 'build'), nag });
}
