import { BUNDLED_CONFIG_FILE } from './contract/runtime-env.js';
import { createReportHandler } from './lib/report/report-handler.js';

/** Entry of the report Lambda, invoked by EventBridge Scheduler with its scheduled time. */
export const handler = createReportHandler(process.env, new URL(`./${BUNDLED_CONFIG_FILE}`, import.meta.url));
