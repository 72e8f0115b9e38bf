#!/usr/bin/env node
import { ConfigError, loadConfigFile } from '../handlers/contract/config/load.js';
import { compileTemplates } from '../templates/compile.js';
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
