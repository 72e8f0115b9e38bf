import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { exampleConfigInput } from './helpers/config.js';

const run = promisify(execFile);

/** Runs the CDK app entry on a configuration changed by `change`; resolves to its failure. */
async function synthWith(change: (input: Record<string, any>) => void) {
  const input = exampleConfigInput() as Record<string, any>;
  change(input);
  const path = join(tmpdir(), `bad-config-${process.pid}-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, stringify(input));
  return run(process.execPath, ['--import', 'tsx', 'stacks/app.ts'], {
    env: {
      ...process.env,
      CDK_CONTEXT_JSON: JSON.stringify({ configPath: path }),
      CDK_OUTDIR: join(tmpdir(), 'never'),
    },
  }).then(
    () => undefined,
    (err: { code: number; stderr: string }) => err,
  );
}

describe('cdk app entry', () => {
  it.each([
    [
      'a bad sender',
      (i: Record<string, any>) => (i.email.sender = 'billing at example'),
      /email\.sender: must be an e-mail address/,
    ],
    [
      '500 operator recipients',
      (i: Record<string, any>) =>
        (i.email.operatorRecipients = Array.from({ length: 500 }, (_, n) => `op${n}@example.com`)),
      /email\.operatorRecipients: list at most 50 operators/,
    ],
    [
      'a time zone in the wrong case',
      (i: Record<string, any>) => (i.timeZone = 'asia/seoul'),
      /write "Asia\/Seoul"/,
    ],
  ])('stops synth on %s with one clear message and no stack trace', async (_what, change, message) => {
    const failure = await synthWith(change);

    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(message);
    expect(failure?.stderr).not.toMatch(/\n\s+at /);
  });
});
