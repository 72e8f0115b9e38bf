#!/usr/bin/env node
import { compileTemplates } from '../cli/compile-templates.js';
import { ConfigError, loadConfigFile } from '../handlers/lib/config/load.js';
import { buildApp, writeMemberTemplate } from './build-app.js';

// The CDK app entry (cdk.json). A bad configuration stops synth with the path of each bad field.
const context = JSON.parse(process.env.CDK_CONTEXT_JSON ?? '{}') as { configPath?: unknown };
const configPath = typeof context.configPath === 'string' ? context.configPath : 'billing-alarms.config.yaml';
try {
  const config = loadConfigFile(configPath);
  await compileTemplates();
  const { app, memberTemplate } = buildApp({ config });
  app.synth();
  const path = writeMemberTemplate(app.outdir, memberTemplate);
  console.error(`member template for StackSets without CDK: ${path}`);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`billing-alarms: ${err.message}`);
    process.exit(1);
  }
  throw err;
}
