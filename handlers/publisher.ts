import { BUNDLED_CONFIG_FILE } from './contract/runtime-env.js';
import { createPublisherHandler } from './lib/publisher/publisher.js';

/** Entry of the publisher Lambda: the alarm and report Lambdas' success destinations, to automation events. */
export const handler = createPublisherHandler(
  process.env,
  new URL(`./${BUNDLED_CONFIG_FILE}`, import.meta.url),
);
