import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { cliWorkspace } from '../helpers/cli-workspace.js';
import { exampleConfigInput } from '../helpers/config.js';

const workspace = cliWorkspace;

type PlanJson = {
  changes: { accountId: string; rung: string; deployed: number; desired: number; reason: string }[];
  unchanged: number;
};

describe('thresholds plan / apply against the local stand-ins', () => {
  it.each([
    ['the example configuration', () => undefined],
    [
      'more account overrides and an override on a nested OU',
      (cfg: Record<string, any>) => {
        cfg.thresholds.accounts.push(
          { id: '210000000003', warning: 100, critical: 900 },
          { id: '220000000003', warning: 0, critical: 75 },
        );
        // The sample's 220000000002 sits in this OU, nested below the sandboxes OU: deepest wins.
        cfg.thresholds.organizationalUnits.push({ id: 'ou-a1b2-sbxnested', warning: 0, critical: 60 });
      },
    ],
    [
      'payer placement (payer alarms made by the reconciler)',
      (cfg: Record<string, any>) => {
        cfg.alarms = { placement: 'payer' };
      },
    ],
  ])(
    'plans no change right after a deploy of %s (the reconciler applied every override); exit codes as terraform',
    async (_name, edit) => {
      const { cli, kept } = workspace(edit);

      const first = await cli('thresholds', 'plan', '--local', '--json', '--detailed-exitcode');
      const overrides = (id: string) => kept().instances.find((i) => i.account === id)?.parameterOverrides;

      expect(overrides('210000000001')).toMatchObject({
        WarningThreshold: '4000',
        CriticalThreshold: '6000',
      });
      expect(overrides('220000000001')).toMatchObject({ WarningThreshold: '150', CriticalThreshold: '300' });
      // Nested below the sandboxes OU: its own override when configured (deepest wins), else the parent's.
      expect(overrides('220000000002')).toMatchObject(
        _name.startsWith('more')
          ? { WarningThreshold: '0', CriticalThreshold: '60' }
          : { WarningThreshold: '150', CriticalThreshold: '300' },
      );
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(JSON.parse(first.stdout)).toEqual({ changes: [], unchanged: expect.any(Number) });
      expect((JSON.parse(first.stdout) as PlanJson).unchanged).toBeGreaterThan(10);
    },
    60_000,
  );

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
        rung: 'critical',
        deployed: 4000,
        desired: 4500,
        reason: 'account override changed',
      }),
    );
    expect(plan.changes).toContainEqual(
      expect.objectContaining({
        accountId: '210000000003',
        rung: 'warning',
        deployed: 2000,
        desired: 100,
        reason: 'account override not applied yet',
      }),
    );
    expect(plan.changes.filter((c) => c.reason === 'OU override changed').length).toBeGreaterThan(0);
    expect(plan.changes.some((c) => c.accountId === '210000000002' && c.rung === 'warning')).toBe(false);
    expect(table.stdout).toMatch(/Plan: \d+ account\(s\) to update/);
    expect(applied.stdout).not.toContain('FAILED');
    expect(after).toEqual({ changes: [], unchanged: plan.unchanged + accounts.length });
  }, 90_000);

  it('names every ignored threshold tag in the plan, text and --json, with the account, tag and why', async () => {
    const ws = workspace();
    await ws.cli('thresholds', 'plan', '--local', '--json');
    const file = JSON.parse(readFileSync(ws.keptFile(), 'utf8'));
    const tagged: Record<string, Record<string, string>> = {
      '210000000002': { 'billing-alarms:critical': '0' },
      '210000000003': { 'billing-alarms:critical': '1e308' },
      '210000000004': { 'billing-alarms:warning': 'abc' },
    };
    for (const account of file.organisation.accounts)
      if (tagged[account.id]) account.tags = { ...account.tags, ...tagged[account.id] };
    writeFileSync(ws.keptFile(), JSON.stringify(file));

    const json = JSON.parse((await ws.cli('thresholds', 'plan', '--local', '--json')).stdout);
    const text = await ws.cli('thresholds', 'plan', '--local');

    expect(json.ignoredTags).toEqual([
      {
        accountId: '210000000002',
        tag: 'billing-alarms:critical',
        value: '0',
        why: expect.stringMatching(/more than zero/),
      },
      {
        accountId: '210000000003',
        tag: 'billing-alarms:critical',
        value: '1e308',
        why: expect.stringMatching(/at most 1,000,000,000/),
      },
      {
        accountId: '210000000004',
        tag: 'billing-alarms:warning',
        value: 'abc',
        why: expect.stringMatching(/number/),
      },
    ]);
    // Ignored, so nothing changes: the configured thresholds stay.
    expect(json.changes).toEqual([]);
    expect(text.stdout).toContain('Ignored tag(s): 3; the configured thresholds apply instead.');
    expect(text.stdout).toMatch(/210000000002 {2}billing-alarms:critical="0" {2}must be more than zero/);
    expect(text.stdout).toMatch(/210000000003 {2}billing-alarms:critical="1e308" {2}must be at most/);
    expect(text.code).toBe(0);
  }, 60_000);

  it('refuses to apply without --yes when nobody can answer, and names the subcommands', async () => {
    const ws = workspace();
    await ws.cli('thresholds', 'plan', '--local');
    const cfg = exampleConfigInput() as Record<string, any>;
    cfg.thresholds.accounts[1].critical = 4500;
    writeFileSync(ws.config, stringify(cfg));
    const { cli } = ws;

    const unasked = await cli('thresholds', 'apply', '--local');
    const file = ws.keptFile();
    writeFileSync(file, '{"version": 3, "organisation": {"accounts": 5');
    const corrupt = await cli('thresholds', 'plan', '--local');
    writeFileSync(file, '{"version": 3, "organisation": {"accounts": 5}}');
    const malformed = await cli('thresholds', 'plan', '--local');
    const bare = await cli('thresholds');

    expect(unasked.code).toBe(2);
    for (const r of [corrupt, malformed]) {
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(
        /is not a local organisation .*; delete it to start from the sample organisation/,
      );
    }
    expect(unasked.stderr).toContain('add --yes to apply without asking');
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('thresholds needs a subcommand: thresholds plan, thresholds apply');
  }, 60_000);
});
