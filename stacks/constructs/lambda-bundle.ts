import { copyFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { buildSync } from 'esbuild';

/** What {@link lambdaBundle} bundles. */
export interface LambdaBundleProps {
  /** The handler's entry file (TypeScript under `handlers/`); it becomes `index.mjs`. */
  readonly entry: string;
  /** A file copied next to the entry (the sealed configuration), under this name. @default - none */
  readonly sideFile?: { readonly path: string; readonly name: string };
  /** The emails' locale folded in at build time; the other catalogues drop out. @default - every locale */
  readonly locale?: string;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The function's code: an esbuild bundle of the entry as ES modules for Node.js 22+, with the AWS
 * SDK inside (the deployed code and the local runs use the same SDK version), minified, with
 * source maps beside it — and split: what the entry loads with `import()` (another kind of event's
 * path, the email's rendering) lands in chunks of its own under `chunks/`, which Node.js reads
 * only when they are first imported. `NodejsFunction` cannot split (it always passes `--outfile`,
 * and esbuild splits only into an `--outdir`), so this is the same esbuild run it would make, with
 * `splitting` and an output directory (DESIGN.md, "Cold start").
 *
 * Bundled locally at synth (esbuild is a dev dependency, like `NodejsFunction`'s local bundling);
 * the asset is hashed by its output, so a change anywhere in the graph redeploys the function.
 */
export function lambdaBundle(props: LambdaBundleProps): lambda.Code {
  return lambda.Code.fromAsset(ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never used: local bundling always answers (or throws with esbuild's errors).
      image: lambda.Runtime.NODEJS_24_X.bundlingImage,
      // CDK reuses a staged asset for equal bundling options (its cache key): what this bundle is
      // built from must be part of them, or every function would get the first one's code.
      environment: {
        ENTRY: relative(ROOT, props.entry),
        SIDE_FILE: props.sideFile ? relative(ROOT, props.sideFile.path) : '',
        LOCALE: props.locale ?? '',
      },
      local: {
        tryBundle(outputDir: string): boolean {
          bundleInto(outputDir, props);
          return true;
        },
      },
    },
  });
}

/** Runs esbuild for one function into `outputDir` (the bench bundles its bare handler with it too), then copies the side file. */
export function bundleInto(outputDir: string, props: LambdaBundleProps): void {
  buildSync({
    absWorkingDir: ROOT,
    entryPoints: { index: relative(ROOT, props.entry) },
    outdir: outputDir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    // ESM entry points first: the SDK's ES modules tree-shake far better than its CommonJS builds.
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    // Handlebars' runtime from its ES module sources (the same 4.7 release) instead of its
    // CommonJS build: tree-shaken, without CommonJS wrappers (DESIGN.md, "Cold start").
    alias: { 'handlebars/runtime': 'handlebars/lib/handlebars.runtime.js' },
    ...(props.locale
      ? { define: { 'process.env.BILLING_ALARMS_BUNDLE_LOCALE': JSON.stringify(props.locale) } }
      : {}),
    // Some CommonJS dependencies call require(); give every ES module file one.
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
    logLevel: 'warning',
  });
  if (props.sideFile) copyFileSync(props.sideFile.path, join(outputDir, props.sideFile.name));
}
