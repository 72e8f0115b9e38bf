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
  // Synth never ends in a stack trace: a bad file names its fields, anything else its message.
  const message =
    err instanceof ConfigError
      ? err.message
      : `synth failed: ${err instanceof Error ? err.message : String(err)}`;
  console.error(`billing-alarms: ${message}`);
  process.exit(1);
}
