import { randomBytes } from 'node:crypto';
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  actionKeysFromEnv,
  cachedActionKeys,
  KEY_CACHE_MS,
  readActionKeys,
} from '../handlers/lib/actions/action-keys.js';
import { signActionToken, verifyActionToken } from '../handlers/lib/actions/action-token.js';
import { TEST_NOW } from './helpers/snapshot.js';

const secrets = mockClient(SecretsManagerClient);
const key = () => randomBytes(32).toString('base64');

describe('action link keys', () => {
  beforeEach(() => secrets.reset());

  it('reads AWSCURRENT to sign and AWSPREVIOUS to keep verifying links mailed before a rotation', async () => {
    const [before, after] = [key(), key()];
    secrets.on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' }).resolves({ SecretString: after });
    secrets.on(GetSecretValueCommand, { VersionStage: 'AWSPREVIOUS' }).resolves({ SecretString: before });
    const mailedBefore = signActionToken(
      { accountId: '210000000001', rung: 'critical', action: 'ack' },
      actionKeysFromEnv(before),
      TEST_NOW,
    );

    const keys = await readActionKeys(new SecretsManagerClient({}), 'billing-alarms/action-links');

    expect(keys.current.toString('base64')).toBe(after);
    expect(verifyActionToken(mailedBefore, keys, TEST_NOW).ok).toBe(true);
  });

  it('works with a secret never rotated (no AWSPREVIOUS) and refuses a key shorter than 32 bytes', async () => {
    secrets.on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' }).resolves({ SecretString: key() });
    secrets
      .on(GetSecretValueCommand, { VersionStage: 'AWSPREVIOUS' })
      .rejects(new ResourceNotFoundException({ message: 'no such version', $metadata: {} }));

    const keys = await readActionKeys(new SecretsManagerClient({}), 'k');

    expect(keys.previous).toBeUndefined();
    expect(() => actionKeysFromEnv(randomBytes(16).toString('base64'))).toThrow(/at least 32 bytes/);
  });

  it('reads the secret once per cache period, and again after a failed read', async () => {
    let reads = 0;
    let clock = 0;
    const keys = actionKeysFromEnv(key());
    const get = cachedActionKeys(
      async () => {
        reads++;
        if (reads === 1) throw new Error('throttled');
        return keys;
      },
      () => clock,
    );

    await expect(get()).rejects.toThrow('throttled');
    await get();
    await get();
    clock += KEY_CACHE_MS;
    await get();

    expect(reads).toBe(3);
  });
});
