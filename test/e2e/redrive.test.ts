import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliWorkspace } from '../helpers/cli-workspace.js';

/** Everyone SES accepted a message for, in the `sent.jsonl` of `folder`. */
function sentTo(folder: string): string[] {
  const file = join(folder, 'sent.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l) => (JSON.parse(l) as { to: string[] }).to);
}

/** 80 recipients and more: two SES batches (50 + the rest), so a fault can hit the second alone. */
const wide = (cfg: Record<string, any>) => {
  const team = (name: string, n: number) =>
    Array.from({ length: n }, (_, i) => `${name}-${String(i).padStart(2, '0')}@example.com`);
  cfg.email.centralRecipients = [...cfg.email.centralRecipients, ...team('finance', 38)];
  const payments = cfg.thresholds.accounts.find((a: { id: string }) => a.id === '210000000001');
  payments.recipients = [...(payments.recipients ?? []), ...team('payments', 39)];
};

describe('billing-alarms redrive --local', () => {
  it('after a failed delivery, delivers exactly what is still owed; a failing redrive keeps the event; a second redrive sends nothing', async () => {
    const { cli, dir, file } = cliWorkspace(wide);
    file('alarm.json', (await cli('sample-event', '--account', '210000000001')).stdout);
    const run = join(dir, 'run');

    // Batch 2 fails through every attempt: batch 1 went out, the event is dead-lettered.
    const first = await cli(
      'simulate',
      '--event',
      'alarm.json',
      '--out',
      'run',
      '--ses-faults',
      'after=1,fail',
    );
    expect(first.code).toBe(1);
    expect(JSON.parse(first.stdout)).toMatchObject({ status: 'failed', deadLetter: true });
    const firstSent = sentTo(run);
    expect(firstSent).toHaveLength(50);
    const queue = JSON.parse(readFileSync(join(run, 'dead-letters.json'), 'utf8'));
    expect(queue.letters).toHaveLength(1);
    expect(queue.letters[0]).toMatchObject({ name: 'alarm', reason: expect.stringContaining('batch 2') });

    // SES still failing: the redrive fails, says so, keeps the event, and sends batch 1 no second time.
    const failing = await cli('redrive', '--local', '--out', 'run', '--json', '--ses-faults', 'fail');
    expect(failing.code).toBe(1);
    expect(JSON.parse(failing.stdout)).toMatchObject({ event: 'alarm', status: 'failed', kept: true });
    expect(sentTo(join(run, 'redriven'))).toEqual([]);
    expect(JSON.parse(readFileSync(join(run, 'dead-letters.json'), 'utf8')).letters).toHaveLength(1);

    // SES back: only batch 2 goes out; every recipient has the email once.
    const redriven = await cli('redrive', '--local', '--out', 'run', '--json');
    expect(redriven.code).toBe(0);
    const line = JSON.parse(redriven.stdout);
    expect(line).toMatchObject({ event: 'alarm', status: 'sent', kept: false });
    const owed = sentTo(join(run, 'redriven'));
    expect(owed.length).toBe(line.recipients.length - 50);
    const everyone = [...firstSent, ...owed];
    expect(new Set(everyone).size).toBe(everyone.length);
    expect(new Set(everyone)).toEqual(new Set(line.recipients));
    expect(redriven.stderr).toContain('redrive: 1 event(s), 0 failed');

    // Nothing left: a second redrive sends nothing and says so.
    const again = await cli('redrive', '--local', '--out', 'run');
    expect(again).toMatchObject({ code: 0, stdout: '' });
    expect(again.stderr).toContain('nothing dead-lettered');
    expect(JSON.parse(readFileSync(join(run, 'dead-letters.json'), 'utf8')).letters).toEqual([]);
  }, 240_000);

  it('says what is wrong with its input in one line, exit code 2; --help exits 0', async () => {
    const { cli } = cliWorkspace();
    const cases: [string[], RegExp][] = [
      [['redrive', '--max', '0'], /redrive: --max 0 is not a whole number from 1 to 10000/],
      [['redrive', '--local', '--max', '3'], /--max is for the AWS queues/],
      [['redrive', '--out', 'run'], /redrive: --out is for --local/],
      [['redrive', '--local', '--out', 'missing'], /--out missing is not a folder/],
      [['redrive', '--local', '--ses-faults', 'explode'], /--ses-faults: "explode" is not a fault/],
    ];
    for (const [args, message] of cases) {
      const failure = await cli(...args);
      expect({ args, code: failure.code }).toEqual({ args, code: 2 });
      expect(failure.stderr).toMatch(message);
      expect(failure.stderr.trim().split('\n')).toHaveLength(1);
    }
    const help = await cli('redrive', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^billing-alarms redrive/);
  }, 120_000);

  it('refuses a dead-letter file that is not one: one line naming it, exit code 2', async () => {
    const { cli, dir } = cliWorkspace();
    mkdirSync(join(dir, 'run'));
    writeFileSync(join(dir, 'run', 'dead-letters.json'), '{"version":1,"letters":"x"}');

    const failure = await cli('redrive', '--local', '--out', 'run');

    expect(failure.code).toBe(2);
    expect(failure.stderr).toMatch(/dead-letters\.json is not a dead-letter file \(run is wrong\)/);
    expect(failure.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});
