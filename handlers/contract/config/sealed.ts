import { createHash } from 'node:crypto';
import type { Config } from './schema.js';

// The configuration travels to the Lambdas sealed: validated once at synth, written with the sha256
// of its JSON. At cold start the Lambda checks the seal instead of validating again (no zod there).

/** A configuration whose seal does not match its content. */
export class BrokenSealError extends Error {
  override readonly name = 'BrokenSealError';
}

const digest = (json: string) => createHash('sha256').update(json).digest('hex');

/** The bundled file's text for a validated configuration. */
export function sealConfig(config: Config): string {
  const json = JSON.stringify(config);
  return `{"sha256":"${digest(json)}","config":${json}}`;
}

/** The configuration from a sealed file's text; throws when it is not one or its seal is broken. */
export function openSealedConfig(text: string, source: string): Config {
  const start = text.indexOf('"config":');
  const head = /^\{"sha256":"([0-9a-f]{64})",/.exec(text);
  if (!head || start < 0 || !text.endsWith('}')) {
    throw new BrokenSealError(
      `${source} is not a sealed configuration (build it with cdk synth or billing-alarms build)`,
    );
  }
  const json = text.slice(start + '"config":'.length, -1);
  if (digest(json) !== head[1])
    throw new BrokenSealError(`${source} does not match its sha256: it was changed after synth`);
  // Validated at synth and sealed with its sha256, checked just above: the schema would cost cold start.
  return JSON.parse(json) as Config;
}
