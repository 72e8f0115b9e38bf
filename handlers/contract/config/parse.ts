import type { z } from 'zod';
import { type Config, configSchema } from './schema.js';

/** A configuration that cannot be used; the message lists each bad field by its path. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Formats zod issues as "path.to[0].field: what is allowed" lines. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const path = issue.path.reduce<string>(
        (acc, key) =>
          typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key),
        '',
      );
      return `  - ${path || '(top level)'}: ${issue.message}`;
    })
    .join('\n');
}

/** Validates an already-parsed configuration object. */
export function parseConfig(raw: unknown, source = 'configuration'): Config {
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(`${source} is not valid:\n${formatIssues(result.error.issues)}`);
  }
  return result.data;
}
