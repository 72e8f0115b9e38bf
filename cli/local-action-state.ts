import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../handlers/contract/config/schema.js';
import { actionKeysFromEnv } from '../handlers/lib/actions/action-keys.js';
import { toError } from '../handlers/lib/result.js';
import type { StoredItem } from '../local/dynamodb.js';
import { UsageError } from './command.js';
import { localStateFile } from './local-aws.js';

/** Bytes of a new local signing key (the action page takes at least 32). */
const KEY_BYTES = 32;

const beside = (config: Config, name: string) =>
  localStateFile(config).replace(/organisation-([0-9a-f]+)\.json$/, `${name}-$1`);

/**
 * The local signing key of the action links (base64, as `BILLING_ALARMS_ACTION_KEYS` takes it),
 * kept in `.build/local-aws/` beside the local alerts and made on first use: `simulate`, `report`
 * and `demo` sign with it, `serve` verifies with it. It plays the Secrets Manager secret of the stack.
 */
export function localActionKey(config: Config): string {
  const file = `${beside(config, 'action-key')}.txt`;
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    try {
      actionKeysFromEnv(key);
    } catch (err) {
      throw new UsageError(
        `${file} is not an action link key (${toError(err).message}); delete it to make a new one`,
      );
    }
    return key;
  }
  const key = randomBytes(KEY_BYTES).toString('base64');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

/** Where `serve` keeps the nonces of confirmed links, so a link stays used after a restart. */
function noncesFile(config: Config): string {
  return `${beside(config, 'state-action-nonces')}.json`;
}

/** The used links' nonce items `serve` kept (none before its first confirmation). */
export function loadLocalNonces(config: Config): StoredItem[] {
  const file = noncesFile(config);
  if (!existsSync(file)) return [];
  try {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { items?: unknown };
    if (Array.isArray(kept.items)) return kept.items as StoredItem[];
  } catch {
    // Not JSON: refused below, like a file of another shape.
  }
  throw new UsageError(`${file} is not a local nonces file; delete it to start over`);
}

/** Keeps the used links' nonce items (the state table's `action-nonce#…` items). */
export function saveLocalNonces(config: Config, items: readonly StoredItem[]): void {
  const nonces = items.filter((i) => i.id?.S?.startsWith('action-nonce#'));
  const file = noncesFile(config);
  if (nonces.length === 0 && !existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ items: nonces })}\n`);
}
