import { BUNDLED_CONFIG_FILE } from './contract/runtime-env.js';
import { createGovernanceHandler } from './lib/governance/governance-handler.js';

/** Entry of the governance Lambda: Organizations and StackSet events put accounts on their OU's thresholds. */
export const handler = createGovernanceHandler(
  process.env,
  new URL(`./${BUNDLED_CONFIG_FILE}`, import.meta.url),
);
