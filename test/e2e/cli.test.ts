import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { verifyBillingAlarm } from '../../handlers/lib/alarm/alarm-event.js';
import { type CostRow, toFocusCsv } from '../../local/focus-csv.js';
import { tempOut } from '../helpers/bundles.js';

const run = promisify(execFile);
const cli = (...args: string[]) => run(process.execPath, ['cli/bin.js', ...args], { maxBuffer: 10_000_000 });
/** The CLI with `env` added to the environment; resolves to its exit code and stderr whatever the code. */
const cliWith = (env: Record<string, string>, ...args: string[]) =>
  run(process.execPath, ['cli/bin.js', ...args], { env: { ...process.env, ...env } }).then(
    () => ({ code: 0, stderr: '' }),
    (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
  );

/** A small organisation the CLI has never seen: three accounts, one with markup in its name. */
function unseenOrganisation(): CostRow[] {
  const accounts = [
    ['444455556666', 'checkout & "cart" <prod>', 310.5],
    ['444455557777', 'analytics', 120.25],
    ['444455558888', 'tools', 7.1],
  ] as const;
  const dates = [
    ...Array.from({ length: 30 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`),
    ...Array.from({ length: 14 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`),
  ];
  return dates.flatMap((date) =>
    accounts.flatMap(([accountId, accountName, daily]) => {
      const base = { date, accountId, accountName, recordType: 'Usage', currency: 'USD' };
      // November adds a small S3 line to every account.
      return date >= '2026-11-01'
        ? [
            { ...base, service: 'Amazon EC2', cost: daily },
            { ...base, service: 'Amazon S3', cost: 0.5 },
          ]
        : [{ ...base, service: 'Amazon EC2', cost: daily }];
    }),
  );
}

describe('billing-alarms command line', () => {
  it('prints a sample event that the alarm handler accepts', async () => {
    const { stdout } = await cli(
      'sample-event',
      '--account',
      '444455556666',
      '--tier',
      'warning',
      '--charges',
      '4321.5',
    );

    const verdict = verifyBillingAlarm(JSON.parse(stdout), { alarmNamePrefix: 'billing-alarm-' });
    expect(verdict).toMatchObject({
      ok: true,
      value: { accountId: '444455556666', rung: 'warning', estimatedCharges: 4321.5 },
    });
  });

  it('rejects a bad option with exit code 2 and says what is allowed', async () => {
    const failure = await cli('sample-event', '--rung', 'severe').catch(
      (e: { code: number; stderr: string }) => e,
    );

    expect(failure).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /--rung must be warning, critical, a percentage such as 120% or an amount such as 1500, got "severe"/,
      ),
    });
  });

  it('prints usage for --help, -h, help <command> and <command> --help, and the version', async () => {
    const general = await cli('--help');
    const short = await cli('-h');
    const perCommand = await cli('report', '--help');
    const viaHelp = await cli('help', 'simulate');
    const version = await cli('--version');
    const group = await cli('thresholds', '--help');
    const sub = await cli('thresholds', 'plan', '--help');

    // Every --help exits 0, a command group's too (run rejects on any other exit code).
    expect(group.stdout).toContain('thresholds plan');
    expect(group.stdout).toContain('thresholds apply');
    expect(sub.stdout).toMatch(/^billing-alarms thresholds plan/);
    for (const name of ['demo', 'sample-event', 'simulate', 'report', 'redrive', 'serve', 'bench', 'build']) {
      expect(general.stdout).toContain(`  ${name} `);
    }
    expect(short.stdout).toBe(general.stdout);
    expect(perCommand.stdout).toMatch(/^billing-alarms report \[--costs CSV \[--accounts FILE\]\]/);
    expect(perCommand.stdout).toContain('--org-faults');
    expect(viaHelp.stdout).toMatch(/^billing-alarms simulate --event FILE/);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('turns every input mistake into one line on stderr and exit code 2, never a stack trace', async () => {
    const out = tempOut();
    const unclosed = join(out, 'unclosed.csv');
    writeFileSync(
      unclosed,
      `${toFocusCsv(unseenOrganisation().slice(0, 2)).trimEnd()}\n2026-11-02T00:00:00Z,444455556666,"broken,EC2,Usage,1,USD\n`,
    );
    writeFileSync(unclosed.replace('unclosed', 'good'), toFocusCsv(unseenOrganisation()));
    const badAccounts = join(out, 'bad-accounts.csv');
    writeFileSync(badAccounts, 'id,name,ou\n444455556666,checkout,ou-a1b2-workloads\n4444,analytics,\n');
    const cases: [string[], RegExp][] = [
      [
        ['report', '--account', '444455556666'],
        /report: unknown option '--account'; report takes --costs, --accounts, --now, --out/,
      ],
      [['sample-event', '--account', '123'], /--account must be a 12-digit account id, got "123"/],
      [
        ['sample-event', '--kind', 'launch', '--service', 'sagemaker'],
        /--service must be one of ec2, rds, nat, got "sagemaker"/,
      ],
      [
        ['sample-event', '--kind', 'launch', '--service', 'rds', '--db-class', 'r6g.large'],
        /--db-class must be a DB instance class such as db.r6g.xlarge, got "r6g.large"/,
      ],
      [['report', '--costs', join(out, 'missing.csv')], /cannot read .*missing\.csv/],
      [['report', '--costs', unclosed], /unclosed\.csv line 4: .*unclosed quote/],
      [['simulate', '--event', join(out, 'missing.json')], /cannot read .*missing\.json/],
      [['report', '--now', 'yesterday'], /--now must be an ISO date-time/],
      [['report', '--accounts', join(out, 'accounts.csv')], /--accounts .* add --costs CSV/],
      [
        ['report', '--costs', unclosed.replace('unclosed', 'good'), '--accounts', badAccounts],
        /--accounts .*bad-accounts\.csv line 3: id must be a 12-digit AWS account id/,
      ],
      [['frobnicate'], /unknown command "frobnicate"/],
      [['report', '--ce-faults', 'throttle=two'], /--ce-faults: "throttle" needs a count/],
      [
        ['report', '--ses-faults', 'explode'],
        /--ses-faults: "explode" is not a fault .*reset-after-accept=N/,
      ],
      [['report', '--dynamodb-faults', 'down,down'], /--dynamodb-faults: "down" appears twice/],
    ];

    for (const [args, message] of cases) {
      const failure = await cli(...args).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => e,
      );
      expect({ args, code: failure.code }).toEqual({ args, code: 2 });
      expect(failure.stderr).toMatch(message);
      expect(failure.stderr.trim().split('\n')).toHaveLength(1);
      expect(failure.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('says an export that outgrew the reader memory did not fit, exit code 1, not a bad file', async () => {
    const out = tempOut();
    const csv = join(out, 'costs.csv');
    writeFileSync(csv, toFocusCsv(unseenOrganisation()));

    const tooSmall = await cliWith(
      { BILLING_ALARMS_EXPORT_MEMORY_MB: '1' },
      'report',
      '--costs',
      csv,
      '--out',
      out,
    );
    expect(tooSmall.code).toBe(1);
    expect(tooSmall.stderr).toMatch(
      /costs\.csv: the export did not fit in 1 MB — .* set BILLING_ALARMS_EXPORT_MEMORY_MB to more \(e\.g\. 2\)/,
    );
    expect(tooSmall.stderr.trim().split('\n')).toHaveLength(1);

    const badSetting = await cliWith({ BILLING_ALARMS_EXPORT_MEMORY_MB: 'lots' }, 'report', '--costs', csv);
    expect(badSetting).toEqual({
      code: 2,
      stderr:
        'billing-alarms: BILLING_ALARMS_EXPORT_MEMORY_MB takes a whole number of MB from 1 to 999999; got "lots"\n',
    });
  });

  it('runs with comma-separated fault flags, writes sent.jsonl and exits 1 when an event failed', async () => {
    const out = tempOut();
    const event = join(out, 'alarm.json');
    writeFileSync(event, (await cli('sample-event', '--account', '210000000001')).stdout);

    const throttled = await cli(
      'simulate',
      '--event',
      event,
      '--out',
      out,
      '--ce-faults',
      'throttle=1,slow=10',
    );
    const sent = readFileSync(join(out, 'sent.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const failing = await cli('simulate', '--event', event, '--out', out, '--ses-faults', 'fail').then(
      (ok) => ({ code: 0, stdout: ok.stdout }),
      (e: { code: number; stdout: string }) => e,
    );

    expect(JSON.parse(throttled.stdout)).toMatchObject({ status: 'sent' });
    expect(sent).toEqual([
      expect.objectContaining({
        messageId: expect.any(String),
        subject: expect.stringMatching(/^\[Critical\]/),
      }),
    ]);
    expect(JSON.parse(failing.stdout)).toMatchObject({ status: 'failed', deadLetter: true });
    // The email's files never overwrite the event given as input in the same folder.
    expect(JSON.parse(readFileSync(event, 'utf8'))).toMatchObject({ source: 'aws.cloudwatch' });
    expect(failing.code).toBe(1);
  });

  it('simulates an answer lost after SES accepted: settled by SES’s Send event, one message, sent', async () => {
    const out = tempOut();
    const event = join(out, 'alarm.json');
    writeFileSync(event, (await cli('sample-event', '--account', '210000000001')).stdout);

    const run = await cli('simulate', '--event', event, '--out', out, '--ses-faults', 'reset-after-accept=1');
    const sent = readFileSync(join(out, 'sent.jsonl'), 'utf8').trim().split('\n');

    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'sent' });
    expect(sent).toHaveLength(1);
  });

  it('reuses the built bundles: a repeat build starts no build and prints no build line', async () => {
    const first = await cli('build');
    const again = await cli('build');

    expect(JSON.parse(again.stdout)).toEqual(JSON.parse(first.stdout));
    expect(again.stderr).not.toMatch(/Building the Lambda bundles/);
  });

  it('says when a cost export renames an account, and uses the most recent name', async () => {
    const out = tempOut();
    const csv = join(out, 'renamed.csv');
    const rows = unseenOrganisation().map((r) =>
      r.accountId === '444455557777' && r.date < '2026-11-01' ? { ...r, accountName: 'analytics-old' } : r,
    );
    writeFileSync(csv, toFocusCsv(rows));

    const args = ['--costs', csv, '--now', '2026-11-15T06:00:00Z', '--out', out];
    const { stdout, stderr } = await cli('report', ...args);

    expect(stderr).toContain(
      `note: ${csv}: account renamed: analytics-old → analytics (444455557777); the most recent name is used`,
    );
    expect(JSON.parse(stdout.trim().split('\n')[0] ?? '{}')).toMatchObject({ status: 'sent' });
    expect(readFileSync(join(out, 'org-report.txt'), 'utf8')).not.toContain('analytics-old');
  }, 120_000);

  it('simulates events against an unseen organisation: one JSON line per event and the files', async () => {
    const out = tempOut();
    const csv = join(out, 'costs.csv');
    writeFileSync(csv, toFocusCsv(unseenOrganisation()));
    const event = join(out, 'alarm.json');
    writeFileSync(
      event,
      (
        await cli(
          'sample-event',
          '--account',
          '444455556666',
          '--charges',
          '4700',
          '--now',
          '2026-11-15T06:00:00Z',
        )
      ).stdout,
    );
    const spoofed = JSON.parse(readFileSync(event, 'utf8'));
    spoofed.id = 'another-id';
    spoofed.account = '444455557777';
    const spoofedFile = join(out, 'spoofed.json');
    writeFileSync(spoofedFile, JSON.stringify(spoofed));

    const { stdout, stderr } = await cli(
      'simulate',
      '--event',
      event,
      '--event',
      spoofedFile,
      '--costs',
      csv,
      '--now',
      '2026-11-15T06:00:00Z',
      '--out',
      out,
    );

    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // Quiet: no bundler chatter, no SDK notice; one note that a cost export has no OUs.
    expect(stderr).toMatch(/^note: --costs: a cost export names no OUs, .*--accounts FILE.*\n$/);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      status: 'sent',
      subject:
        '[Critical] checkout & "cart" <prod> (444455556666): estimated $4,700.00 vs $3,000.00 threshold',
      recipients: ['finops@example.com', 'cloud-coe@example.com'],
    });
    expect(lines[0].costExplorerRequests).toBeLessThanOrEqual(7);
    expect(lines[1]).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(/does not own the alarm/),
      files: [],
    });
    for (const file of lines[0].files) expect(existsSync(file)).toBe(true);
    const text = readFileSync(lines[0].files[1], 'utf8');
    expect(text).toContain('Usage month to date: $4,354.00');
    expect(readFileSync(lines[0].files[0], 'utf8')).toContain('checkout &amp; &quot;cart&quot; &lt;prod&gt;');
  });

  it('reports an unseen organisation with totals to the cent, in order', async () => {
    const out = tempOut();
    const csv = join(out, 'costs.csv');
    writeFileSync(csv, toFocusCsv(unseenOrganisation()));

    // No --now: the run takes place the day after the export's last cost.
    const { stdout, stderr } = await cli('report', '--costs', csv, '--out', out);

    expect(stderr).toMatch(/^note: --costs: a cost export names no OUs, .*--accounts FILE.*\n$/);
    const line = JSON.parse(stdout.trim());
    expect(line).toMatchObject({
      status: 'sent',
      subject: expect.stringMatching(/^Organisation costs Nov 14, 2026: \$6,150\.90 month to date/),
    });
    const text = readFileSync(join(out, 'org-report.txt'), 'utf8');
    const order = [
      'checkout & "cart" <prod> (444455556666): $4,354.00',
      'analytics (444455557777): $1,690.50',
      'tools (444455558888): $106.40',
    ].map((s) => text.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});
