import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { RUNTIME_ENV } from '../../contract/runtime-env.js';
import { toError } from '../result.js';
import { type Env, requireEnv } from '../runtime/runtime.js';
import { type ActionKeys, actionKeysOf } from './action-token.js';

/** How long keys read from Secrets Manager are reused (a rotation is picked up within this). */
export const KEY_CACHE_MS = 5 * 60_000;

/**
 * The action links' signing keys from Secrets Manager: the secret's `AWSCURRENT` version signs and
 * verifies, its `AWSPREVIOUS` version (if any) still verifies, so links mailed before a rotation keep
 * working until they expire. Each version's `SecretString` is base64 of at least 32 bytes.
 */
export async function readActionKeys(
  secrets: SecretsManagerClient,
  secretId: string,
  signal?: AbortSignal,
): Promise<ActionKeys> {
  const read = async (stage: 'AWSCURRENT' | 'AWSPREVIOUS') => {
    try {
      const out = await secrets.send(
        new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage }),
        signal ? { abortSignal: signal } : {},
      );
      return out.SecretString;
    } catch (err) {
      // A secret never rotated has no AWSPREVIOUS version.
      if (
        stage === 'AWSPREVIOUS' &&
        (err instanceof ResourceNotFoundException || toError(err).name === 'ResourceNotFoundException')
      )
        return undefined;
      throw err;
    }
  };
  const [current, previous] = await Promise.all([read('AWSCURRENT'), read('AWSPREVIOUS')]);
  if (!current) throw new Error(`secret ${secretId} has no SecretString (the action link key)`);
  return actionKeysOf(current.trim(), previous?.trim());
}

/** Keys from the environment (`current[,previous]`, base64), as `--local` and `serve` pass them. */
export function actionKeysFromEnv(value: string): ActionKeys {
  const [current = '', previous] = value.split(',');
  return actionKeysOf(current.trim(), previous?.trim() || undefined);
}

/** Keys (or a secret) read at most once per {@link KEY_CACHE_MS}, shared by the invocations of one execution. */
export function cachedActionKeys<T = ActionKeys>(
  read: () => Promise<T>,
  now: () => number,
): () => Promise<T> {
  let cached: { keys: Promise<T>; at: number } | undefined;
  return () => {
    if (!cached || now() - cached.at >= KEY_CACHE_MS) {
      const keys = read();
      cached = { keys, at: now() };
      // A failed read is not kept: the next invocation reads again.
      keys.catch(() => {
        cached = undefined;
      });
    }
    return cached.keys;
  };
}

/**
 * The signing keys as the environment gives them: the Secrets Manager secret on AWS (read at most
 * every five minutes, so a rotation is picked up), or the keys themselves for local runs.
 */
export function actionKeySource(env: Env, secrets: () => SecretsManagerClient): () => Promise<ActionKeys> {
  const inline = env[RUNTIME_ENV.actionKeys];
  if (inline) {
    const keys = actionKeysFromEnv(inline);
    return () => Promise.resolve(keys);
  }
  const secretId = requireEnv(env, RUNTIME_ENV.actionSecret);
  const client = secrets();
  return cachedActionKeys(
    () => readActionKeys(client, secretId),
    () => Date.now(),
  );
}
