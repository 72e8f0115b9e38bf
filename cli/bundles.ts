import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../handlers/lib/config/schema.js';
import { buildApp } from '../stacks/build-app.js';
import { compileTemplates } from './compile-templates.js';

/** Paths of the Lambda bundles exactly as CDK deploys them. */
export interface LambdaBundles {
  readonly alarm: string;
  readonly report: string;
}

/**
 * Synthesizes the billing stack (which bundles both Lambdas with esbuild, the configuration inside)
 * and returns the entry file of each bundle from the cloud assembly: the artifact `cdk deploy` uploads.
 */
export async function buildLambdaBundles(config: Config, buildDir = '.build'): Promise<LambdaBundles> {
  await compileTemplates();
  const outdir = resolve(buildDir, 'cdk.out');
  // A fresh assembly each time, so old bundles never pile up or get picked by mistake.
  rmSync(outdir, { recursive: true, force: true });
  const { app, stack } = buildApp({ config, outdir, buildDir, nag: false });
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template as {
    Resources: Record<string, { Metadata?: Record<string, string> }>;
  };
  const entry = (fn: typeof stack.alarmFunction) => {
    const id = stack.getLogicalId(fn.function.node.defaultChild as never);
    const path = template.Resources[id]?.Metadata?.['aws:asset:path'];
    if (!path) throw new Error(`no asset path for ${fn.node.path} in the cloud assembly`);
    return join(outdir, path, 'index.mjs');
  };
  return { alarm: entry(stack.alarmFunction), report: entry(stack.reportFunction) };
}
