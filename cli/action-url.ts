import type { Config } from '../handlers/contract/config/schema.js';
import { RUNTIME_ENV } from '../handlers/contract/runtime-env.js';
import { UsageError } from './command.js';
import { localActionKey } from './local-action-state.js';

/** `--action-url`, taken by `simulate`, `report` and `demo`. */
export const ACTION_URL_OPTION = { 'action-url': { type: 'string' } } as const;

/** Its line in a command's help. */
export const ACTION_URL_HELP = `  --action-url URL  the action page the emails' answer links point at (the url billing-alarms serve
                    prints); links are signed with the local key serve verifies with`;

/** `--action-url` checked: an http or https URL without query or fragment, its trailing slash dropped. */
export function actionUrlFrom(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (
    !url ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.search ||
    url.hash ||
    url.username
  )
    throw new UsageError(
      `--action-url "${text}" is not an http(s) URL such as http://127.0.0.1:8080 (the url billing-alarms serve prints)`,
    );
  return text.replace(/\/+$/, '');
}

/** The environment that makes a local Lambda sign answer links to `url` with the local key. */
export function actionLinkEnv(config: Config, url: string | undefined): Record<string, string> {
  if (!url) return {};
  return { [RUNTIME_ENV.actionUrl]: url, [RUNTIME_ENV.actionKeys]: localActionKey(config) };
}
