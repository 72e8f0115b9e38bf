import type { TestProject } from 'vitest/node';
import { type LambdaBundles, lambdaBundles } from '../cli/bundles.js';
import { resolveChromium } from './helpers/browser.js';
import { exampleConfig } from './helpers/config.js';

// The AWS SDK's Node.js notice (README, Requirements), silenced for the workers this process starts.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The example configuration's Lambda bundles, built (or found in the cache) once per run. */
    bundles: LambdaBundles;
    /** The Chromium the browser tests launch. */
    chromiumPath: string;
  }
}

/**
 * Once per test run, before any worker starts: the Lambda bundles of the example configuration (the
 * build cache makes a repeat run free) and the Chromium binary (unpacked once if it comes from npm).
 * Doing both here keeps two workers from building or unpacking the same thing at once.
 */
export default async function setup(project: TestProject): Promise<void> {
  const [bundles, chromiumPath] = await Promise.all([
    lambdaBundles(exampleConfig(), { onBuild: (message) => process.stderr.write(`${message}\n`) }),
    resolveChromium(),
  ]);
  project.provide('bundles', bundles);
  project.provide('chromiumPath', chromiumPath);
}
