import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { exampleConfigInput } from './helpers/config.js';

const run = promisify(execFile);

describe('cdk app entry', () => {
  it('stops synth on a bad configuration file, naming the field and what is allowed', async () => {
    const input = exampleConfigInput() as Record<string, any>;
    input.email.sender = 'billing at example';
    const path = join(tmpdir(), `bad-config-${process.pid}.yaml`);
    writeFileSync(path, stringify(input));

    const failure = await run('npx', ['tsx', 'stacks/app.ts'], {
      env: {
        ...process.env,
        CDK_CONTEXT_JSON: JSON.stringify({ configPath: path }),
        CDK_OUTDIR: join(tmpdir(), 'never'),
      },
    }).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );

    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/email\.sender: must be an e-mail address/);
  });
});
