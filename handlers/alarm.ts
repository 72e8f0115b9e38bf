import { BUNDLED_CONFIG_FILE } from './contract/runtime-env.js';
import { createAlarmHandler } from './lib/alarm/alarm-handler.js';

/** Entry of the alarm Lambda: one forwarded "CloudWatch Alarm State Change" per invocation. */
export const handler = createAlarmHandler(process.env, new URL(`./${BUNDLED_CONFIG_FILE}`, import.meta.url));
