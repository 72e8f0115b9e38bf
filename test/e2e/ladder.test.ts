import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { sampleEvent } from '../../cli/sample-event.js';
import { loadConfigFile } from '../../handlers/contract/config/load.js';
import { cliWorkspace } from '../helpers/cli-workspace.js';
import { exampleConfigInput } from '../helpers/config.js';

/** The example with a percentage ladder past 100 % as the default and an amount ladder on one account. */
const ladder = (cfg: Record<string, any>) => {
  cfg.thresholds.default = { budget: 4000, rungs: ['50%', '80%', '100%', '120%', '150%'] };
  cfg.thresholds.accounts[1] = { id: '210000000002', rungs: [1500, 2400, 3000] };
};

describe('a threshold ladder through the command line (built bundles, stand-ins)', () => {
  it('plans no change after deploy, then names the rung an account override adds', {
    timeout: 180_000,
  }, async () => {
    const { cli, kept, file } = cliWorkspace(ladder);

    const first = await cli('thresholds', 'plan', '--local', '--json');
    const overrides = kept().instances.find((i) => i.account === '210000000002')?.parameterOverrides;

    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ changes: [], unchanged: expect.any(Number) });
    expect(overrides).toMatchObject({
      WarningThreshold: '1500',
      Rung1Name: '1500',
      CriticalThreshold: '2400',
      Rung3Threshold: '3000',
      Rung4Threshold: '0',
      Rung4Name: '',
    });

    const cfg = exampleConfigInput() as Record<string, any>;
    ladder(cfg);
    cfg.thresholds.accounts[1].rungs = [1500, 2400, 3000, 3500];
    file('config.yaml', stringify(cfg));
    const second = await cli('thresholds', 'plan', '--local', '--json');

    expect(JSON.parse(second.stdout).changes).toEqual([
      {
        accountId: '210000000002',
        rung: '3500',
        deployed: 0,
        desired: 3500,
        reason: 'account override changed',
      },
    ]);
  });

  it('mails each rung’s crossing once, named, and re-alerts per rung', { timeout: 300_000 }, async () => {
    const { file, config, simulate } = cliWorkspace(ladder);
    const parsed = loadConfigFile(config);
    const now = new Date('2026-11-20T09:00:00Z');
    const events = ['50%', '80%', '120%', '150%', '120%'].map((rung, i) => {
      file(`ev-${i}.json`, JSON.stringify(sampleEvent(parsed, { account: '210000000003', rung, now })));
      return `ev-${i}.json`;
    });
    const { lines, published, out } = await simulate(events, '2026-11-20T09:00:00Z');

    expect(lines.map((l) => l.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'suppressed']);
    expect(lines.slice(0, 4).map((l) => l.subject)).toEqual([
      expect.stringMatching(
        /^\[50%\] .*: estimated \$2,240\.00 vs \$2,000\.00, 50% of the \$4,000\.00 budget$/,
      ),
      expect.stringMatching(/^\[80%\] .* vs \$3,200\.00, 80% of the \$4,000\.00 budget$/),
      expect.stringMatching(/^\[120%\] .* vs \$4,800\.00, 120% of the \$4,000\.00 budget$/),
      expect.stringMatching(/^\[150%\] .* vs \$6,000\.00, 150% of the \$4,000\.00 budget$/),
    ]);
    expect(lines[4]?.reason).toMatch(/one email per account and rung/);
    expect(published.map((d) => [d.rung, d.threshold, d.budget])).toEqual([
      ['50%', 2000, 4000],
      ['80%', 3200, 4000],
      ['120%', 4800, 4000],
      ['150%', 6000, 4000],
    ]);
    const text = readFileSync(join(out, 'ev-2.txt'), 'utf8');
    expect(text).toContain('Rung: 120%');
    expect(text).toContain('Budget: $4,000.00');
    expect(readFileSync(join(out, 'ev-2.slack.json'), 'utf8')).toContain('120%');
  });
});
