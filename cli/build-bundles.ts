import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../handlers/contract/config/parse.js';
import { buildApp } from '../stacks/build-app.js';
import { compileTemplates } from '../templates/compile.js';

// Child process of `bundles.ts`: synthesizes the billing stack (which bundles both Lambdas with
// esbuild, the configuration inside) and copies each Lambda's asset — the artifact `cdk deploy`
// uploads — to <out>/alarm and <out>/report. Run apart so that CDK's and esbuild's chatter lands in
// the build log, not in the command's output.

const [configFile, outDir] = process.argv.slice(2);
if (!configFile || !outDir) throw new Error('usage: build-bundles.ts <config.json> <out dir>');

await compileTemplates();
const config = parseConfig(JSON.parse(readFileSync(configFile, 'utf8')) as unknown, configFile);
const outdir = join(outDir, 'cdk.out');
const { app, stack } = buildApp({ config, outdir, buildDir: join(outDir, 'build'), nag: false });
const assembly = app.synth();
const template = assembly.getStackByName(stack.stackName).template as {
  Resources: Record<string, { Metadata?: Record<string, string> }>;
};
for (const [name, fn] of [
  ['alarm', stack.alarmFunction],
  ['report', stack.reportFunction],
  ['governance', stack.governanceFunction],
  ['publisher', stack.publisherFunction],
  ['actions', stack.actionFunction.lambda],
] as const) {
  const id = stack.getLogicalId(fn.function.node.defaultChild as never);
  const asset = template.Resources[id]?.Metadata?.['aws:asset:path'];
  if (!asset) throw new Error(`no asset path for ${fn.node.path} in the cloud assembly`);
  cpSync(join(outdir, asset), join(outDir, name), { recursive: true });
  console.log(`${name}: ${join(outdir, asset)} → ${join(outDir, name)}`);
}
rmSync(outdir, { recursive: true, force: true });
rmSync(join(outDir, 'build'), { recursive: true, force: true });
writeFileSync(join(outDir, 'complete'), new Date().toISOString());
