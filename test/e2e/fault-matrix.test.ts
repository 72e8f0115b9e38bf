import { describe, expect, it } from 'vitest';
import { report } from '../../cli/report.js';
import { type RunOptions, runMailThroughBundle } from '../../cli/run-events.js';
import { sampleEvent } from '../../cli/sample-event.js';
import { sampleOrganisationFixture } from '../../local/organization-fixture.js';
import { sampleOrganisationCosts } from '../../local/sample-org.js';
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
