import { BUNDLED_CONFIG_FILE } from './contract/runtime-env.js';
import { createActionsHandler } from './lib/actions/actions-handler.js';

/** Entry of the action Lambda: the signed links' page behind its function URL (payload format 2.0). */
export const handler = createActionsHandler(
  process.env,
  new URL(`./${BUNDLED_CONFIG_FILE}`, import.meta.url),
);
