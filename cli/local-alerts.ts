import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../handlers/contract/config/schema.js';
import { toError } from '../handlers/lib/result.js';
import { UsageError } from './command.js';
import { localStateFile } from './local-aws.js';

/** Bumped when the kept alerts change shape: an older file is started over. */
const LOCAL_ALERTS_VERSION = 1;

/**
 * Where `--local` keeps the alerts (their state-table items) between commands, beside the local
 * organisation: `simulate` opens them, `alerts snooze --local` answers them, the next `simulate`
 * is suppressed by them.
 */
export function localAlertsFile(config: Config): string {
  return localStateFile(config).replace(/organisation-([0-9a-f]+)\.json$/, 'state-alerts-$1.json');
}

/** The kept alert items (none before the first command that made one). */
export function loadLocalAlerts(config: Config): Record<string, unknown>[] {
  const file = localAlertsFile(config);
  if (!existsSync(file)) return [];
  let kept: { version?: unknown; items?: unknown };
  try {
    kept = JSON.parse(readFileSync(file, 'utf8')) as typeof kept;
  } catch (err) {
    throw new UsageError(
      `${file} is not a local alerts file (${toError(err).message.split('\n')[0]}); delete it to start without alerts`,
    );
  }
  if (kept.version !== LOCAL_ALERTS_VERSION) return [];
  if (!Array.isArray(kept.items) || !kept.items.every((i) => typeof i?.id === 'string'))
    throw new UsageError(
      `${file} is not a local alerts file (items missing or malformed); delete it to start without alerts`,
    );
  return kept.items as Record<string, unknown>[];
}

/** Keeps the alert items for the next command. */
export function saveLocalAlerts(config: Config, items: readonly Record<string, unknown>[]): void {
  const file = localAlertsFile(config);
  // No file until there is an alert to keep: a run that opened none leaves the folder as it was.
  if (items.length === 0 && !existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ version: LOCAL_ALERTS_VERSION, items }, null, 2)}\n`);
}
