import { parseConfig } from '../../handlers/contract/config/load.js';
import type { Config } from '../../handlers/contract/config/schema.js';
import { exampleConfigInput } from './config.js';

/** The example configuration with fast-burn estimates on for every account ($50 an hour, a week ahead). */
export function fastBurnConfig(): Config {
  const input = exampleConfigInput() as Record<string, any>;
  input.thresholds.default.fastBurn = { enabled: true, hourlyLimit: 50, horizonDays: 7 };
  return parseConfig(input);
}
