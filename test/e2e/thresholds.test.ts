import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { exampleConfigInput } from '../helpers/config.js';

const BIN = fileURLToPath(new URL('../../cli/bin.js', import.meta.url));
const run = promisify(execFile);

/** The CLI in its own folder (so its local organisation is its own), with a configuration there. */
function workspace(mutate: (cfg: Record<string, any>) => void = () => undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'thresholds-'));
  const cfg = exampleConfigInput() as Record<string, any>;
  mutate(cfg);
  const config = join(dir, 'config.yaml');
  writeFileSync(config, stringify(cfg));
  const cli = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [BIN, ...args, '--config', config], {
        cwd: dir,
      });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
  return { cli, config, dir };
}

type PlanJson = {
  changes: { accountId: string; tier: string; deployed: number; desired: number; reason: string }[];
  unchanged: number;
};

describe('thresholds plan / apply against the local stand-ins', () => {
  it('plans the auto-enrolled account, applies it, and plans nothing after; exit codes as terraform', async () => {
    const { cli } = workspace();

    const first = await cli('thresholds', 'plan', '--local', '--json', '--detailed-exitcode');
    const plan = JSON.parse(first.stdout) as PlanJson;
    const applied = await cli('thresholds', 'apply', '--local', '--yes');
    const after = await cli('thresholds', 'plan', '--local', '--json', '--detailed-exitcode');

    expect(first.code).toBe(2);
    expect(plan.changes).toEqual([
      expect.objectContaining({
        accountId: '220000000004',
        tier: 'warning',
        deployed: 2000,
        desired: 150,
        reason: expect.stringContaining('auto-enrolled with defaults'),
      }),
      expect.objectContaining({ accountId: '220000000004', tier: 'critical', deployed: 3000, desired: 300 }),
    ]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/220000000004 {2}warning 150, critical 300 {2}SUCCEEDED/);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout)).toEqual({ changes: [], unchanged: plan.unchanged + 1 });
  }, 60_000);

  it('lists exactly the accounts a configuration change moves, grouped into one operation per threshold pair', async () => {
    const ws = workspace();
    await ws.cli('thresholds', 'apply', '--local', '--yes');
    // The governance team raises the sandboxes OU and one account's override, and adds an override.
    const cfg = exampleConfigInput() as Record<string, any>;
    cfg.thresholds.organizationalUnits[0].warning = 200;
    cfg.thresholds.organizationalUnits[0].critical = 400;
    cfg.thresholds.accounts[1].critical = 4500;
    cfg.thresholds.accounts.push({ id: '210000000003', warning: 100, critical: 900 });
    writeFileSync(ws.config, stringify(cfg));

    const plan = JSON.parse((await ws.cli('thresholds', 'plan', '--local', '--json')).stdout) as PlanJson;
    const table = await ws.cli('thresholds', 'plan', '--local');
    const applied = await ws.cli('thresholds', 'apply', '--local', '--yes');
    const after = JSON.parse((await ws.cli('thresholds', 'plan', '--local', '--json')).stdout) as PlanJson;

    const accounts = [...new Set(plan.changes.map((c) => c.accountId))].sort();
    expect(accounts).toEqual([
      '210000000002',
      '210000000003',
      '220000000001',
      '220000000002',
      '220000000003',
      '220000000004',
    ]);
    expect(plan.changes).toContainEqual(
      expect.objectContaining({
        accountId: '210000000002',
        tier: 'critical',
        deployed: 4000,
        desired: 4500,
        reason: 'account override changed',
      }),
    );
    expect(plan.changes).toContainEqual(
      expect.objectContaining({
        accountId: '210000000003',
        tier: 'warning',
        deployed: 2000,
        desired: 100,
        reason: 'account override not applied yet',
      }),
    );
    expect(plan.changes.filter((c) => c.reason === 'OU override changed').length).toBeGreaterThan(0);
    expect(plan.changes.some((c) => c.accountId === '210000000002' && c.tier === 'warning')).toBe(false);
    expect(table.stdout).toMatch(/Plan: \d+ account\(s\) to update/);
    expect(applied.stdout).not.toContain('FAILED');
    expect(after).toEqual({ changes: [], unchanged: plan.unchanged + accounts.length });
  }, 90_000);

  it('refuses to apply without --yes when nobody can answer, and names the subcommands', async () => {
    const { cli } = workspace();

    const unasked = await cli('thresholds', 'apply', '--local');
    const bare = await cli('thresholds');

    expect(unasked.code).toBe(2);
    expect(unasked.stderr).toContain('add --yes to apply without asking');
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('thresholds needs a subcommand: thresholds plan, thresholds apply');
  }, 60_000);
});
