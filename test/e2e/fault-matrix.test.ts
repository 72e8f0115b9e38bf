import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { report, scheduledPayload } from '../../cli/report.js';
import { type RunOptions, runMailThroughBundle, startPublisher } from '../../cli/run-events.js';
import { sampleEvent } from '../../cli/sample-event.js';
import { parseConfig } from '../../handlers/contract/config/load.js';
import { sealConfig } from '../../handlers/contract/config/sealed.js';
import { RUNTIME_ENV } from '../../handlers/contract/runtime-env.js';
import { sampleOrganisationFixture } from '../../local/organization-fixture.js';
import { SAMPLE_ACCOUNTS, sampleOrganisationCosts } from '../../local/sample-org.js';
import type { SesFaults, StoredEmail } from '../../local/ses.js';
import { type StandIns, startStandIns } from '../../local/stand-ins.js';
import { tempOut, testBundles } from '../helpers/bundles.js';
import { exampleConfig, exampleConfigInput } from '../helpers/config.js';

const config = exampleConfig();
const now = new Date('2026-11-20T09:00:00Z');
const rows = sampleOrganisationCosts(now);
const bundles = testBundles();
/** Central list (2), the account override (1) and the account’s recipients tag (1, read from Organizations). */
const RECIPIENTS = 4;
/**
 * Without Organizations and without an earlier copy of the organisation the tag is unknown and so
 * is the account's policy: the configured recipients still get the email, and the operators with them.
 */
const WITHOUT_TAG_WITH_OPERATORS = 4;

/** One alarm through the built bundle under `faults`; emails counted as SES stored them. */
async function alarmUnder(
  faults: Partial<RunOptions>,
  events = [sampleEvent(config, { account: '210000000001', now })],
) {
  const run = await runMailThroughBundle({
    bundle: bundles.alarm,
    functionName: 'billing-alarm',
    events: events.map((event, i) => ({ name: `e${i}`, event })),
    costs: rows,
    now,
    outDir: tempOut(),
    organisation: sampleOrganisationFixture(config),
    retryDelaysMs: [50, 100],
    sendingEvents: bundles.alarm,
    ...faults,
  });
  return { ...run, copies: run.emails.length };
}

/** How many messages each recipient got, as SES stored them (every batch's To list). */
function copiesPerRecipient(emails: readonly StoredEmail[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const email of emails)
    for (const to of email.destination.to)
      counts.set(to.toLowerCase(), (counts.get(to.toLowerCase()) ?? 0) + 1);
  return counts;
}

/** Recipients that got nothing and recipients that got more than one message. */
function lostAndDuplicated(emails: readonly StoredEmail[], recipients: readonly string[]) {
  const counts = copiesPerRecipient(emails);
  return {
    lost: recipients.filter((r) => !counts.has(r.toLowerCase())),
    duplicated: [...counts].filter(([, n]) => n > 1).map(([r]) => r),
  };
}

describe('single faults through the built alarm bundle: every alarm mailed once or dead-lettered, never lost', () => {
  it.each([
    ['Cost Explorer throttling twice', { ceFaults: { throttle: 2 } }, false, RECIPIENTS],
    ['Cost Explorer down', { ceFaults: { down: true } }, true, RECIPIENTS],
    ['Cost Explorer slow (800 ms a request)', { ceFaults: { slowMs: 800 } }, false, RECIPIENTS],
    // Organizations failing degrades out loud: the email says the account's tags (and OU) are unread.
    ['Organizations denying', { governanceFaults: { deny: true } }, true, WITHOUT_TAG_WITH_OPERATORS],
    [
      'Organizations answering garbage',
      { governanceFaults: { malformed: true } },
      true,
      WITHOUT_TAG_WITH_OPERATORS,
    ],
    ['Organizations hanging', { governanceFaults: { hang: true } }, true, WITHOUT_TAG_WITH_OPERATORS],
    ['SES throttling twice', { sesFaults: { throttle: 2 } }, false, RECIPIENTS],
  ] as const)('%s: sent once', async (_what, faults, degraded, recipients) => {
    const { lines, copies, emails } = await alarmUnder(faults);

    expect(lines[0]).toMatchObject({ status: 'sent' });
    expect(copies).toBe(1);
    expect(emails[0]?.destination.to).toHaveLength(recipients);
    expect((emails[0]?.body.text ?? '').includes('Some details are missing')).toBe(degraded);
  });

  it('Cost Explorer hanging: the email goes out before the deadline, naming the missing figures', async () => {
    const { lines, copies, emails } = await alarmUnder({ ceFaults: { hang: true }, timeoutMs: 20_000 });

    expect(lines[0]?.status).toBe('sent');
    expect(copies).toBe(1);
    expect(emails[0]?.body.text).toMatch(/Cost Explorer figures .*: no answer in time\./);
  });

  it.each<[string, Partial<RunOptions>, RegExp]>([
    [
      'SES failing: every attempt fails, nothing is sent, the event waits in the dead-letter queue',
      { sesFaults: { fail: true } },
      /SES did not answer/,
    ],
    [
      'SES hanging: fails in time for Lambda’s retries and dead-letters; no copy',
      { sesFaults: { hang: true } },
      /TimeoutError|timed out|did not answer/,
    ],
    [
      'DynamoDB down: nothing is sent, the event waits in the dead-letter queue',
      { dynamoFaults: { down: true } },
      /state table did not answer/,
    ],
  ])('%s', async (_title, faults, reason) => {
    const { lines, copies } = await alarmUnder(faults);

    expect(lines[0]).toMatchObject({
      status: 'failed',
      deadLetter: true,
      reason: expect.stringMatching(reason),
    });
    expect(copies).toBe(0);
  });

  it('DynamoDB failing after the send: exactly one email, reported sent', async () => {
    const { lines, copies } = await alarmUnder({ dynamoFaults: { failAfterSend: true } });

    expect(lines[0]?.status).toBe('sent');
    expect(copies).toBe(1);
  });

  it('an event delivered three times, the first under a throttled SES: one email, then duplicates', async () => {
    const event = sampleEvent(config, { account: '210000000003', now });

    const { lines, copies } = await alarmUnder({ sesFaults: { throttle: 1 } }, [event, event, event]);

    expect(lines.map((l) => l.status)).toEqual(['sent', 'duplicate', 'duplicate']);
    expect(copies).toBe(1);
  });

  it('a flapping alarm: 20 state changes, one email, the rest suppressed and counted, no Cost Explorer request for them', async () => {
    const events = Array.from({ length: 20 }, (_, i) =>
      sampleEvent(config, { account: '210000000004', state: i % 2 === 0 ? 'ALARM' : 'OK', now }),
    );

    const { lines, copies } = await alarmUnder({}, events);

    expect(copies).toBe(1);
    expect(lines.filter((l) => l.status === 'suppressed')).toHaveLength(9);
    expect(lines.filter((l) => l.status === 'skipped')).toHaveLength(10);
    expect(lines.filter((l) => l.status === 'suppressed').every((l) => l.costExplorerRequests === 0)).toBe(
      true,
    );
  });
});

describe('lost answers settled by SES’s own Send events: 0 recipients lost, 0 duplicate emails', () => {
  it.each<[string, SesFaults]>([
    ['SES accepting and the connection reset once', { resetAfterAccept: 1 }],
    ['SES accepting and the connection reset on every send', { resetAfterAccept: 10 }],
    ['SES accepting and answering 500 once', { acceptThenFail: 1 }],
    ['SES accepting and answering 500 on every send', { acceptThenFail: 10 }],
    ['SES answering in 5 s, after the client’s 4 s timeout', { slowMs: 5_000 }],
  ])('%s: confirmed by its Send event, sent once, not resent', async (_what, sesFaults) => {
    const { lines, emails } = await alarmUnder({ sesFaults });

    expect(lines[0]).toMatchObject({ status: 'sent' });
    expect(emails).toHaveLength(1);
    const recipients = emails[0]?.destination.to ?? [];
    expect(recipients).toHaveLength(RECIPIENTS);
    expect(lostAndDuplicated(emails, recipients)).toEqual({ lost: [], duplicated: [] });
  });

  it('SES answering 500 without accepting, once: sent again after the confirmation window, one copy', async () => {
    const { lines, emails } = await alarmUnder({ sesFaults: { failNext: 1 } });

    expect(lines[0]).toMatchObject({ status: 'sent' });
    expect(emails).toHaveLength(1);
    expect(emails[0]?.destination.to).toHaveLength(RECIPIENTS);
  });
});

describe('80 recipients (two SES batches) under faults on batch 2, then a redrive from the dead-letter queue', () => {
  // 40 central recipients (the most the configuration takes), 40 of the account and its tag's one: 81.
  const team = (name: string, n: number) =>
    Array.from({ length: n }, (_, i) => `${name}-${String(i).padStart(2, '0')}@example.com`);
  const input = exampleConfigInput() as {
    email: { centralRecipients: string[] };
    thresholds: { accounts: { id: string; recipients?: string[] }[] };
  };
  input.email.centralRecipients = [...input.email.centralRecipients, ...team('finance', 38)];
  const payments = input.thresholds.accounts.find((a) => a.id === '210000000001');
  if (payments) payments.recipients = [...(payments.recipients ?? []), ...team('payments', 39)];
  const wide = parseConfig(input);
  const event = sampleEvent(wide, { account: '210000000001', now });

  /** Runs the alarm event against `standIns` (a first delivery, or an operator's redrive of it). */
  const deliver = async (standIns: Awaited<ReturnType<typeof startStandIns>>) => {
    const configFile = join(tempOut(), 'config.json');
    writeFileSync(configFile, sealConfig(wide));
    return runMailThroughBundle({
      bundle: bundles.alarm,
      functionName: 'billing-alarm',
      events: [{ name: 'wide', event }],
      costs: rows,
      now,
      outDir: tempOut(),
      standIns,
      retryDelaysMs: [50, 100],
      sendingEvents: bundles.alarm,
      env: { [RUNTIME_ENV.configFile]: configFile },
    });
  };
  const withStandIns = async <T>(
    sesFaults: SesFaults,
    work: (s: Awaited<ReturnType<typeof startStandIns>>) => Promise<T>,
  ) => {
    const standIns = await startStandIns({
      costs: rows,
      now,
      organisation: sampleOrganisationFixture(wide),
      sesFaults,
    });
    try {
      return await work(standIns);
    } finally {
      await standIns.stop();
    }
  };

  it.each<[string, SesFaults]>([
    ['500 twice on batch 2: sent again after the window within the invocation', { after: 1, failNext: 2 }],
    [
      'batch 2 accepted but its answers lost on every send: confirmed by its Send event',
      { after: 1, resetAfterAccept: 10 },
    ],
  ])('%s; every recipient once, and a redrive sends nothing', async (_what, sesFaults) => {
    await withStandIns(sesFaults, async (standIns) => {
      const first = await deliver(standIns);
      const redriven = await deliver(standIns);

      expect(first.lines[0]).toMatchObject({ status: 'sent' });
      expect(redriven.lines[0]).toMatchObject({ status: 'duplicate' });
      expect(redriven.emails).toHaveLength(0);
      const all = await standIns.ses.emails();
      const recipients = first.lines[0]?.recipients ?? [];
      expect(recipients.length).toBeGreaterThanOrEqual(80);
      expect(all.map((e) => e.destination.to.length)).toEqual([50, recipients.length - 50]);
      expect(lostAndDuplicated(all, recipients)).toEqual({ lost: [], duplicated: [] });
    });
  });

  it('batch 2 failing through every attempt: dead-lettered, then the redrive delivers exactly batch 2', async () => {
    await withStandIns({ after: 1, fail: true }, async (standIns) => {
      const first = await deliver(standIns);
      expect(first.lines[0]).toMatchObject({ status: 'failed', deadLetter: true });
      expect(first.emails.map((e) => e.destination.to.length)).toEqual([50]);

      standIns.ses.setFaults({});
      const redriven = await deliver(standIns);

      expect(redriven.lines[0]).toMatchObject({ status: 'sent' });
      expect(redriven.emails).toHaveLength(1);
      const recipients = redriven.lines[0]?.recipients ?? [];
      expect(lostAndDuplicated(await standIns.ses.emails(), recipients)).toEqual({
        lost: [],
        duplicated: [],
      });
    });
  });

  it('SES down for the whole first delivery: nothing sent, dead-lettered; the redrive sends both batches once', async () => {
    await withStandIns({ fail: true }, async (standIns) => {
      const first = await deliver(standIns);
      expect(first.lines[0]).toMatchObject({ status: 'failed', deadLetter: true });
      expect(first.emails).toHaveLength(0);

      standIns.ses.setFaults({});
      const redriven = await deliver(standIns);

      expect(redriven.lines[0]).toMatchObject({ status: 'sent' });
      const recipients = redriven.lines[0]?.recipients ?? [];
      expect(lostAndDuplicated(await standIns.ses.emails(), recipients)).toEqual({
        lost: [],
        duplicated: [],
      });
    });
  });
});

describe('Organizations failing for an OU account: degraded out loud, on the last known policy', () => {
  const sandbox = { account: '220000000001', ouId: 'ou-a1b2-sandboxes' } as const;
  const CENTRAL = ['finops@example.com', 'cloud-coe@example.com'];

  /** The report (whose coverage pass keeps the organisation copy) when `keepCopy`, then one OU account's alarm under `faults`. */
  async function alarmAfterReport(faults: Partial<RunOptions>['governanceFaults'], keepCopy: boolean) {
    const organisation = sampleOrganisationFixture(config);
    const standIns = await startStandIns({ costs: rows, now, organisation });
    const common = { standIns, costs: rows, now, outDir: tempOut(), retryDelaysMs: [50, 100] };
    try {
      if (keepCopy) {
        const kept = await runMailThroughBundle({
          ...common,
          bundle: bundles.report,
          functionName: 'billing-report',
          events: [{ name: 'report', event: scheduledPayload(now) }],
        });
        expect(kept.lines[0]?.status).toBe('sent');
      }
      standIns.governance.setFaults(faults ?? {});
      const run = await runMailThroughBundle({
        ...common,
        bundle: bundles.alarm,
        functionName: 'billing-alarm',
        events: [{ name: 'sandbox', event: sampleEvent(config, { ...sandbox, now }) }],
      });
      return { ...run, text: run.emails[0]?.body.text ?? '' };
    } finally {
      await standIns.stop();
    }
  }

  it.each([
    ['denying', { deny: true }, /access denied/],
    ['answering garbage', { malformed: true }, /the answer could not be read|the service did not answer/],
    ['hanging', { hang: true }, /no answer in time/],
  ] as const)(
    'Organizations %s after the report kept the copy: the OU’s threshold, recipients and note, said stale since when and why',
    async (_what, faults, reason) => {
      const { lines, emails, text } = await alarmAfterReport(faults, true);

      expect(lines[0]).toMatchObject({ status: 'sent' });
      expect(emails).toHaveLength(1);
      expect(emails[0]?.destination.to).toEqual([...CENTRAL, 'sandbox-owners@example.com']);
      // The OU's $300, as the subject says, never the default's $3,000.
      expect(emails[0]?.subject).toContain('$300');
      expect(text).not.toContain('$3,000');
      expect(text).toContain('Sandboxes are small by design');
      expect(text).toMatch(
        /its last known OU \(ou-a1b2-sandboxes, read [^)]*2026[^)]* by the report’s coverage pass\) was used for its thresholds, owners and note; they may be stale\./,
      );
      expect(text).toMatch(reason);
      // The report reads no tags: that they are unknown is said, not papered over.
      expect(text).toContain('The account’s tags could not be read');
    },
    60_000,
  );

  it('an account renamed since the report kept the copy: the alarm says “renamed from OLD to NEW” in the email and its text part', async () => {
    const threeDaysBefore = new Date(now.getTime() - 3 * 86_400_000);
    const organisation = sampleOrganisationFixture(config);
    const standIns = await startStandIns({ costs: rows, now, organisation });
    const common = { standIns, costs: rows, now, outDir: tempOut(), retryDelaysMs: [50, 100] };
    try {
      const kept = await runMailThroughBundle({
        ...common,
        bundle: bundles.report,
        functionName: 'billing-report',
        // Three days ago: a copy younger than 48 h stands in for Organizations (bursts), so its name is the one shown.
        now: threeDaysBefore,
        events: [{ name: 'report', event: scheduledPayload(threeDaysBefore) }],
      });
      expect(kept.lines[0]?.status).toBe('sent');
      const before = organisation.accounts.find((a) => a.id === sandbox.account)?.name ?? '';
      standIns.governance.renameAccount(sandbox.account, 'sandbox-renamed');

      const run = await runMailThroughBundle({
        ...common,
        bundle: bundles.alarm,
        functionName: 'billing-alarm',
        events: [{ name: 'sandbox', event: sampleEvent(config, { ...sandbox, now }) }],
      });

      expect(run.lines[0]).toMatchObject({ status: 'sent' });
      const renamed = `renamed from “${before}” to “sandbox-renamed”`;
      expect(before).not.toBe('');
      expect(run.emails[0]?.body.text).toContain(`Account renamed: ${renamed}`);
      // The old name is the sample's hostile one: escaped in the HTML, never markup.
      const escaped = renamed
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;');
      expect(run.emails[0]?.body.html).toContain(escaped);
      expect(run.emails[0]?.subject).toContain('sandbox-renamed');
    } finally {
      await standIns.stop();
    }
  }, 60_000);

  it('Organizations denying with no copy kept: the central recipients and the operators, with the reason', async () => {
    const { lines, emails, text } = await alarmAfterReport({ deny: true }, false);

    expect(lines[0]).toMatchObject({ status: 'sent' });
    expect(emails).toHaveLength(1);
    expect(emails[0]?.destination.to).toEqual([...CENTRAL, 'platform-oncall@example.com']);
    expect(text).toMatch(
      /The account’s OU and tags could not be read \(access denied\) and no earlier copy of them is kept: .* the operators were copied\./,
    );
    expect(text).toContain('the operators (the account’s policy is unknown): platform-oncall@example.com');
  }, 60_000);
});

describe('single faults through the built report bundle', () => {
  const reportUnder = (faults: Partial<Parameters<typeof report>[0]> = {}, at = now) =>
    report({
      config,
      costs: rows,
      organisation: sampleOrganisationFixture(config),
      now: at,
      outDir: tempOut(),
      bundle: bundles.report,
      retryDelaysMs: [50, 100],
      sendingEvents: bundles.alarm,
      ...faults,
    });

  it('a run delivered twice mails once and sends no failure notice', async () => {
    const { runMailThroughBundle: run } = await import('../../cli/run-events.js');
    const { scheduledPayload } = await import('../../cli/report.js');
    const payload = scheduledPayload(now);

    const { lines, emails } = await run({
      bundle: bundles.report,
      functionName: 'billing-report',
      events: [
        { name: 'first', event: payload },
        { name: 'again', event: payload },
      ],
      costs: rows,
      now,
      outDir: tempOut(),
      organisation: sampleOrganisationFixture(config),
      retryDelaysMs: [50, 100],
    });

    expect(lines.map((l) => l.status)).toEqual(['sent', 'duplicate']);
    // One report and the first run's pace notices; the second delivery adds nothing.
    expect(emails.filter((e) => e.subject === lines[0]?.subject)).toHaveLength(1);
    expect(emails).toHaveLength(1 + (lines[0]?.paceAlerts?.length ?? 0));
  });

  it.each([
    ['Cost Explorer down', { ceFaults: { down: true } }],
    ['the state table down', { dynamoFaults: { down: true } }],
  ] as const)('%s: the run fails and the operators get exactly one notice', async (_what, faults) => {
    const { lines, emails } = await reportUnder(faults);

    expect(lines[0]).toMatchObject({ status: 'failed', deadLetter: true });
    expect(emails).toHaveLength(1);
    expect(emails[0]?.destination.to).toEqual(['platform-oncall@example.com']);
    expect(emails[0]?.subject).toMatch(/The organisation report failed/);
  });

  it.each<[string, SesFaults]>([
    ['the connection reset after SES accepted', { resetAfterAccept: 1 }],
    ['SES accepting and answering 500', { acceptThenFail: 1 }],
  ])('%s: the report is confirmed by its Send event and mailed once', async (_what, sesFaults) => {
    const { lines, emails } = await reportUnder({ sesFaults });

    expect(lines[0]?.status).toBe('sent');
    expect(emails.filter((e) => e.subject === lines[0]?.subject)).toHaveLength(1);
  });

  it('Organizations hanging: the report is sent with coverage unavailable, in time', async () => {
    const { lines, emails } = await reportUnder({ governanceFaults: { hang: true } });

    expect(lines[0]?.status).toBe('sent');
    expect(emails[0]?.body.text).toMatch(/Coverage: no answer in time\./);
  });
});

describe('chat faults through the built alarm and publisher bundles: each channel posted once, a storm digested', () => {
  const central = config.chat.central;
  /** Posts per channel target (the webhook's secret name or Amazon Q's topic). */
  const perChannel = (standIns: StandIns, since = 0) => {
    const counts = new Map<string, number>();
    for (const p of standIns.chat.posts().slice(since)) counts.set(p.target, (counts.get(p.target) ?? 0) + 1);
    return counts;
  };
  const withStandIns = async (
    work: (standIns: StandIns) => Promise<void>,
    faults: Partial<RunOptions> = {},
  ) => {
    const standIns = await startStandIns({
      costs: rows,
      now,
      organisation: sampleOrganisationFixture(config),
      ...faults,
    });
    try {
      await work(standIns);
    } finally {
      await standIns.stop();
    }
  };
  /** The fixture's critical alarm of the account with its own channel besides the central ones. */
  const critical = () =>
    sampleEvent(config, { account: '210000000001', rung: 'critical', charges: 7100.25, now });

  it('the same destination event to two publishers at once: every channel posted once, the events put once', async () => {
    await withStandIns(async (standIns) => {
      const { destinations } = await alarmUnder({ standIns }, [critical()]);
      const [first, second] = await Promise.all([
        startPublisher(bundles.publisher, standIns, tempOut()),
        startPublisher(bundles.publisher, standIns, tempOut()),
      ]);
      try {
        const results = await Promise.all([first.invoke(destinations[0]), second.invoke(destinations[0])]);

        expect(results.map((r) => r.ok)).toEqual([true, true]);
        expect([...perChannel(standIns).values()]).toEqual([1, 1, 1, 1]);
        expect(perChannel(standIns).size).toBe(4);
        expect(standIns.eventBridge.events()).toHaveLength(1);
      } finally {
        await Promise.all([first.stop(), second.stop()]);
      }
    });
  }, 90_000);

  it('a webhook that takes the post and loses the answer: posted again once, logged as a possible duplicate; the others once', async () => {
    const outDir = tempOut();
    await withStandIns(
      async (standIns) => {
        const { lines, emails } = await alarmUnder({ standIns, publisher: bundles.publisher, outDir }, [
          critical(),
        ]);
        const posts = perChannel(standIns);

        expect(lines[0]?.status).toBe('sent');
        expect(lines[0]?.publisherFailed).toBeUndefined();
        expect(emails).toHaveLength(1);
        expect(posts.get('billing-alarms/finops-slack-AbCdEf')).toBe(2);
        expect([...posts.values()].filter((n) => n === 1)).toHaveLength(3);
        expect(standIns.eventBridge.events()).toHaveLength(1);
        expect(readFileSync(`${outDir}/billing-publisher.log`, 'utf8')).toContain(
          'chat post tried again: the first attempt may have been accepted',
        );
      },
      { chatFaults: { resetAfterAccept: 1 } },
    );
  }, 90_000);

  it('an organisation-wide storm: every alarm mailed and put as an event, each channel 10 posts and one digest', async () => {
    await withStandIns(async (standIns) => {
      const cap = config.chat.maxPostsPerChannelPerHour;
      const accounts = SAMPLE_ACCOUNTS.filter((a) => a.ou !== 'management').slice(0, cap + 3);
      const events = accounts.map((a) => ({
        name: a.id,
        event: sampleEvent(config, { account: a.id, rung: 'critical', charges: 99_999, now }),
      }));

      const { lines, emails } = await alarmUnder(
        { standIns, publisher: bundles.publisher },
        events.map((e) => e.event),
      );
      const posts = perChannel(standIns);
      const digests = standIns.chat
        .posts()
        .filter((p) => JSON.stringify(p.body).includes('billing alarms for this channel this hour'));

      expect(lines.map((l) => l.status)).toEqual(events.map(() => 'sent'));
      expect(lines.every((l) => l.publisherFailed === undefined)).toBe(true);
      expect(emails).toHaveLength(events.length);
      expect(standIns.eventBridge.events()).toHaveLength(events.length);
      expect(central).toHaveLength(3);
      for (const target of [
        'billing-alarms/finops-slack-AbCdEf',
        'billing-alarms/finops-teams-AbCdEf',
        'arn:aws:sns:us-east-1:100000000001:billing-alarms-amazon-q',
      ])
        expect(posts.get(target)).toBe(cap + 1);
      expect(digests).toHaveLength(3);
    });
  }, 180_000);
});
