import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliWorkspace } from '../helpers/cli-workspace.js';

type ListJson = {
  alerts: {
    accountId: string;
    rung: string;
    state: string;
    by: string;
    until: string | null;
    history: { state: string; by: string; until?: string; note?: string; cause?: string }[];
  }[];
};

/** A simulate line's status and reason. */
const lineOf = (stdout: string, n = 0) =>
  JSON.parse(stdout.trim().split('\n')[n] ?? '{}') as { status: string; reason?: string };

describe('alerts through the command line, --local', () => {
  it('simulate → alerts snooze → simulate: the snoozed rung’s next crossing is suppressed naming the snooze, another rung still mails; list shows the history', async () => {
    const ws = cliWorkspace();
    const until = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const sample = async (name: string, ...args: string[]) => {
      ws.file(name, (await ws.cli('sample-event', ...args)).stdout);
      return name;
    };
    const first = await sample('critical-1.json');
    const second = await sample('critical-2.json');
    const warning = await sample('warning.json', '--rung', 'warning');

    const opened = await ws.cli('simulate', '--event', first);
    const snoozed = await ws.cli(
      'alerts',
      'snooze',
      '210000000001',
      '--rung',
      'critical',
      '--until',
      until,
      '--note',
      'load test',
      '--by',
      'ana',
      '--local',
    );
    const again = await ws.cli('simulate', '--event', second, '--event', warning);
    const list = await ws.cli('alerts', 'list', '--json', '--local');

    expect(lineOf(opened.stdout).status).toBe('sent');
    expect(snoozed.code).toBe(0);
    expect(JSON.parse(snoozed.stdout)).toMatchObject({
      accountId: '210000000001',
      rung: 'critical',
      state: 'snoozed',
      by: 'ana',
      event: 'Billing Alert Snoozed',
    });
    expect(lineOf(again.stdout, 0)).toMatchObject({
      status: 'suppressed',
      reason: expect.stringMatching(
        new RegExp(`^snoozed by ana until ${until}T00:00:00.000Z \\(load test\\)`),
      ),
    });
    expect(lineOf(again.stdout, 1).status).toBe('sent');
    const alerts = (JSON.parse(list.stdout) as ListJson).alerts;
    expect(alerts.map((a) => [a.accountId, a.rung, a.state, a.by])).toEqual([
      ['210000000001', 'critical', 'snoozed', 'ana'],
      ['210000000001', 'warning', 'open', 'billing-alarms'],
    ]);
    expect(alerts[0]?.history.map((h) => [h.state, h.by, h.cause ?? h.note])).toEqual([
      ['open', 'billing-alarms', 'crossing'],
      ['snoozed', 'ana', 'load test'],
    ]);
    // The second run put the warning's crossing on the local bus, and nothing for the snoozed rung.
    const events = readFileSync(join(ws.dir, 'out', 'events.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(events.map((l) => JSON.parse(l)['detail-type'])).toEqual(['Billing Threshold Crossed']);
  }, 300_000);

  it('simulate → alerts snooze and ack → simulate → report: the report lists who answered which rung until when, and the crossing the snooze held', async () => {
    const ws = cliWorkspace();
    const until = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    ws.file('critical-1.json', (await ws.cli('sample-event')).stdout);
    ws.file('critical-2.json', (await ws.cli('sample-event')).stdout);
    ws.file('warning.json', (await ws.cli('sample-event', '--rung', 'warning')).stdout);
    const answer = (action: string, ...args: string[]) =>
      ws.cli('alerts', action, '210000000001', ...args, '--local');

    await ws.cli('simulate', '--event', 'critical-1.json', '--event', 'warning.json');
    const snoozed = await answer(
      'snooze',
      '--rung',
      'critical',
      '--until',
      until,
      '--by',
      'ana',
      '--note',
      'load test',
    );
    const acked = await answer('ack', '--rung', 'warning', '--by', 'bo');
    const held = await ws.cli('simulate', '--event', 'critical-2.json');
    const run = await ws.cli('report', '--out', 'report-out');

    for (const step of [snoozed, acked, run]) expect(step.code, step.stderr).toBe(0);
    expect(lineOf(held.stdout).status).toBe('suppressed');
    const text = readFileSync(join(ws.dir, 'report-out', 'org-report.txt'), 'utf8');
    const section = text.slice(text.indexOf('Alerts answered and open'));
    expect(section).toMatch(/- [^\n]*\(210000000001\): Critical: snoozed by ana until [^\n]* — load test\n/);
    expect(section).toMatch(/- [^\n]*\(210000000001\): Warning: acknowledged by bo at [^\n]*\n/);
    expect(section).toMatch(
      /Held while snoozed or planned \(last day\):\n {4}- [^\n]*\(210000000001\): Critical: 1 transition held — ALARM at /,
    );
    expect(section).toMatch(
      /\(210000000001\): 3 crossings \(1 held while snoozed or planned\); median time to acknowledge \d+ min \(1 acknowledged\)/,
    );
    const html = readFileSync(join(ws.dir, 'report-out', 'org-report.html'), 'utf8');
    expect(html).toContain('Critical: snoozed by ana until');
  }, 300_000);

  it.each([
    [['alerts', 'snooze', '21000', '--until', '2026-12-05'], /ACCOUNT "21000" is not a 12-digit account id/],
    [['alerts', 'snooze', '210000000001', '--rung', 'critical'], /alerts snooze needs --until/],
    [
      ['alerts', 'plan', '210000000001', '--rung', 'critical', '--until', 'friday'],
      /--until "friday" is not an ISO date/,
    ],
    [
      ['alerts', 'snooze', '210000000001', '--rung', 'critical', '--until', '2099-01-01'],
      /more than lifecycle.maxSnoozeDays \(14\)/,
    ],
    [['alerts', 'ack', '210000000001', '--rung', 'top rung'], /--rung "top rung" is not a rung name/],
    [['alerts', 'ack', '210000000001'], /account 210000000001 has no open alert; give --rung R/],
    [['alerts', 'resolve', '210000000001', '--rung', 'critical'], /no open alert for account/],
    [['alerts', 'ack'], /alerts ack needs ACCOUNT/],
  ])(
    'refuses %j with exit 2 and one line naming the field',
    async (args, message) => {
      const { cli } = cliWorkspace();

      const out = await cli(...args, '--local');

      expect(out.code).toBe(2);
      expect(out.stderr.trim().split('\n')).toHaveLength(1);
      expect(out.stderr).toMatch(message);
    },
    60_000,
  );
});
