import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { report } from '../../cli/report.js';
import { type RunOptions, runMailThroughBundle, startPublisher } from '../../cli/run-events.js';
import { sampleEvent } from '../../cli/sample-event.js';
import { sampleOrganisationFixture } from '../../local/organization-fixture.js';
import { SAMPLE_ACCOUNTS, sampleOrganisationCosts } from '../../local/sample-org.js';
import { type StandIns, startStandIns } from '../../local/stand-ins.js';
import { tempOut, testBundles } from '../helpers/bundles.js';
import { exampleConfig } from '../helpers/config.js';

const config = exampleConfig();
const now = new Date('2026-11-20T09:00:00Z');
const rows = sampleOrganisationCosts(now);
const bundles = testBundles();
/** Central list (2), the account override (1) and the account’s recipients tag (1, read from Organizations). */
const RECIPIENTS = 4;
/** Without Organizations the tag is unknown: the configured recipients still get the email. */
const WITHOUT_TAG = 3;

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
    ...faults,
  });
  return { ...run, copies: run.emails.length };
}

describe('single faults through the built alarm bundle: every alarm mailed once or dead-lettered, never lost', () => {
  it.each([
    ['Cost Explorer throttling twice', { ceFaults: { throttle: 2 } }, false, RECIPIENTS],
    ['Cost Explorer down', { ceFaults: { down: true } }, true, RECIPIENTS],
    ['Cost Explorer slow (800 ms a request)', { ceFaults: { slowMs: 800 } }, false, RECIPIENTS],
    // Organizations failing degrades out loud: the email says the account's tags (and OU) are unread.
    ['Organizations denying', { governanceFaults: { deny: true } }, true, WITHOUT_TAG],
    ['Organizations answering garbage', { governanceFaults: { malformed: true } }, true, WITHOUT_TAG],
    ['Organizations hanging', { governanceFaults: { hang: true } }, true, WITHOUT_TAG],
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

  it('SES accepting and the connection reset once: at most two copies, logged as a possible duplicate, sent', async () => {
    const { lines, copies } = await alarmUnder({ sesFaults: { resetAfterAccept: 1 } });

    expect(lines[0]?.status).toBe('sent');
    expect(copies).toBeLessThanOrEqual(2);
    expect(copies).toBeGreaterThanOrEqual(1);
  });

  it('SES accepting and never answering: never more than two copies, then the dead-letter queue', async () => {
    const { lines, copies } = await alarmUnder({ sesFaults: { resetAfterAccept: 10 } });

    expect(lines[0]).toMatchObject({ status: 'failed', deadLetter: true });
    expect(copies).toBe(2);
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
    sampleEvent(config, { account: '210000000001', tier: 'critical', charges: 7100.25, now });

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
        event: sampleEvent(config, { account: a.id, tier: 'critical', charges: 99_999, now }),
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
