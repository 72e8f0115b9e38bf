import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { parseConfig } from '../../handlers/contract/config/load.js';
import type { Config } from '../../handlers/contract/config/schema.js';

/** Path of the committed example configuration. */
export const EXAMPLE_CONFIG_PATH = fileURLToPath(
  new URL('../../billing-alarms.config.yaml', import.meta.url),
);

/** The example configuration as plain YAML data, for tests that change one field. */
export function exampleConfigInput(): Record<string, unknown> {
  return parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8')) as Record<string, unknown>;
}

/** The example configuration, validated. */
export function exampleConfig(): Config {
  return parseConfig(exampleConfigInput());
}
