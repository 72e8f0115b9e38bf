import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { RUNTIME_ENV } from '../../contract/runtime-env.js';
import type { Env } from '../runtime/runtime.js';
import { cachedActionKeys } from './action-keys.js';

/**
 * The Slack app's signing secret as the deployment gives it: the Secrets Manager secret named by
 * `chat.slackSigningSecretArn` (read at most every five minutes, so a regenerated secret is picked
 * up), the secret itself from the environment for local runs, or none (Slack buttons are off).
 */
export function slackSecretSource(
  env: Env,
  secretArn: string | undefined,
  secrets: () => SecretsManagerClient,
): (() => Promise<string>) | undefined {
  const inline = env[RUNTIME_ENV.slackSigningSecret];
  if (inline) return () => Promise.resolve(inline);
  if (!secretArn) return undefined;
  const client = secrets();
  return cachedActionKeys(async () => {
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    const secret = out.SecretString?.trim();
    if (!secret) throw new Error(`secret ${secretArn} has no SecretString (the Slack signing secret)`);
    return secret;
  }, Date.now);
}
