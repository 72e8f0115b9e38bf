import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigError, parseConfig } from './parse.js';
import type { Config } from './schema.js';

// YAML is read at synth and by the CLI only; Lambdas get the validated JSON (see parse.ts).
export { ConfigError, formatIssues, parseConfig } from './parse.js';

/** Reads and validates a YAML configuration file. */
export function loadConfigFile(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `cannot read ${path}; create it from billing-alarms.config.yaml in the repository`,
      {
        cause: err,
      },
    );
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new ConfigError(`${path} is not valid YAML: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
  return parseConfig(raw, path);
}
