import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startLambda } from '../cli/lambda-process.js';

/** A bundle whose handler dies by a signal when asked (as the out-of-memory killer does), else answers. */
function dyingBundle(): { bundle: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lambda-process-'));
  const bundle = join(dir, 'handler.mjs');
  writeFileSync(
    bundle,
    `export const handler = async (event) => {
  if (event.die) process.kill(process.pid, 'SIGKILL');
  return { answered: event.n };
};\n`,
  );
  return { bundle, log: join(dir, 'lambda.log') };
}

describe('local Lambda process', () => {
  it('reports a child killed by a signal on every attempt, starts a fresh one, and stops cleanly', async () => {
    const { bundle, log } = dyingBundle();
    const lambda = await startLambda(bundle, {}, log, {
      functionName: 'dying',
      timeoutMs: 10_000,
      retryDelaysMs: [10, 10],
    });

    const killed = await lambda.invoke({ die: true });
    const after = await lambda.invoke({ n: 7 });
    await lambda.invoke({ die: true });
    await lambda.stop();

    expect(killed.ok).toBe(false);
    expect(killed.attempts).toBe(3);
    if (!killed.ok) {
      expect(killed.errors.map((e) => e.name)).toEqual(Array(3).fill('Runtime.ExitError'));
      expect(killed.errors[0]?.message).toContain('killed by SIGKILL');
    }
    expect(after).toMatchObject({ ok: true, result: { answered: 7 }, attempts: 1 });
  }, 30_000);
});
