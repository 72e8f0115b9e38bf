import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { cliWorkspace } from '../helpers/cli-workspace.js';
import { exampleConfigInput } from '../helpers/config.js';

const workspace = cliWorkspace;

const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, any>);

describe('alarms whichever side AWS keeps the metric (alarms.placement)', () => {
  it('gives payer alarms to an organisation whose member alarms never report, and mails its next crossing once', async () => {
    const ws = workspace();
    ws.file('sweep.json', (await ws.cli('sample-event', '--kind', 'governance-sweep')).stdout);

    const [sweep] = lines((await ws.cli('simulate', '--event', 'sweep.json')).stdout);
    const alarms = ws.kept().payerAlarms ?? [];
    ws.file('crossing.json', (await ws.cli('sample-event', '--account', '210000000001')).stdout);
    ws.file(
      'member.json',
      (await ws.cli('sample-event', '--account', '210000000001', '--placement', 'member')).stdout,
    );
    const run = await ws.cli(
      'simulate',
      '--event',
      'crossing.json',
      '--event',
      'crossing.json',
      '--event',
      'member.json',
    );
    const [first, again, member] = lines(run.stdout);
    const plan = await ws.cli('thresholds', 'plan', '--local', '--json', '--detailed-exitcode');

    // The sample's local organisation never had a member alarm report (simulate keeps no states).
    expect(sweep).toMatchObject({ status: 'applied', placements: { member: 0, payer: 13 } });
    expect(sweep?.toPayer).toContain('210000000001');
    expect(alarms.find((a) => a.AlarmName === 'billing-alarm-critical-210000000001')).toMatchObject({
      Threshold: 6000,
      Dimensions: [
        { Name: 'Currency', Value: 'USD' },
        { Name: 'LinkedAccount', Value: '210000000001' },
      ],
    });
    // Warning 0 for no account here, so two per account, and prod-payments' daily-rate alarm
    // (its dailyLimit of 500 in the example configuration).
    expect(alarms).toHaveLength(27);
    expect(
      alarms.filter((a) => a.AlarmName?.startsWith('billing-alarm-daily-')).map((a) => a.AlarmName),
    ).toEqual(['billing-alarm-daily-210000000001']);
    expect(first).toMatchObject({ status: 'sent', subject: expect.stringContaining('210000000001') });
    expect(again).toMatchObject({ status: 'duplicate', messageIds: first?.messageIds });
    expect(member).toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('watched by its payer alarms'),
    });
    expect(run.code).toBe(0);
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.stdout)).toEqual({ changes: [], unchanged: 13 });
  }, 120_000);

  it('keeps member alarms where they report', async () => {
    const member = workspace((cfg) => {
      cfg.alarms = { placement: 'member' };
    });
    member.file('sweep.json', (await member.cli('sample-event', '--kind', 'governance-sweep')).stdout);
    const [kept] = lines((await member.cli('simulate', '--event', 'sweep.json')).stdout);

    expect(kept).toMatchObject({ status: 'unchanged', placements: { member: 13, payer: 0 } });
  }, 120_000);

  it('plans payer alarm changes with the thresholds', async () => {
    const payer = workspace((cfg) => {
      cfg.alarms = { placement: 'payer' };
    });
    const fresh = await payer.cli('thresholds', 'plan', '--local', '--json', '--detailed-exitcode');
    // The governance team raises one account's override: its instance and its payer alarms follow.
    const cfg = exampleConfigInput() as Record<string, any>;
    cfg.alarms = { placement: 'payer' };
    cfg.thresholds.accounts[0].critical = 7000;
    payer.file('config.yaml', stringify(cfg));
    const changed = JSON.parse((await payer.cli('thresholds', 'plan', '--local', '--json')).stdout);
    const applied = await payer.cli('thresholds', 'apply', '--local', '--yes');
    const after = await payer.cli('thresholds', 'plan', '--local', '--json', '--detailed-exitcode');

    expect(fresh.code).toBe(0);
    expect(changed.changes).toEqual([
      expect.objectContaining({ accountId: '210000000001', rung: 'critical', deployed: 6000, desired: 7000 }),
      expect.objectContaining({
        accountId: '210000000001',
        rung: 'critical',
        deployed: 6000,
        desired: 7000,
        placement: 'payer',
        reason: 'payer alarm threshold differs',
      }),
    ]);
    expect(applied.stdout).toContain('Payer alarms: 0 created, 1 updated, 0 deleted.');
    expect(after.code).toBe(0);
  }, 120_000);
});
