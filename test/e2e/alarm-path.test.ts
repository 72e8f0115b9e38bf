import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type LambdaBundles, lambdaBundles } from '../../cli/bundles.js';
import { runMailThroughBundle } from '../../cli/run-events.js';
import { sampleEvent } from '../../cli/sample-event.js';
import { sampleOrganisationFixture } from '../../local/organization-fixture.js';
import { sampleOrganisationCosts } from '../../local/sample-org.js';
import { startStandIns } from '../../local/stand-ins.js';
import { screenshotAtWidths, useChromium } from '../helpers/browser.js';
import { tempOut, testBundles } from '../helpers/bundles.js';
import { exampleConfig } from '../helpers/config.js';
import { eventFixture } from '../helpers/events.js';
import { expectedUsage, usd } from '../helpers/expected.js';

const config = exampleConfig();
const now = new Date('2026-11-20T09:00:00Z');
const rows = sampleOrganisationCosts(now);
const run = (
  bundles: LambdaBundles,
  events: { name: string; event: unknown }[],
  extra: Partial<Parameters<typeof runMailThroughBundle>[0]> = {},
) =>
  runMailThroughBundle({
    bundle: bundles.alarm,
    functionName: 'billing-alarm',
    events,
    costs: rows,
    now,
    outDir: tempOut(),
    organisation: sampleOrganisationFixture(config),
    // Lambda's retry rhythm, faster still: these tests only count attempts and emails.
    retryDelaysMs: [50, 100],
    ...extra,
  });

describe('alarm path end to end (built bundle, real SDK clients, stand-ins over HTTP)', () => {
  const bundles = testBundles();

  it('mails one email per ALARM with the organisation’s figures to the cent', async () => {
    const event = sampleEvent(config, { account: '210000000001', rung: 'critical', charges: 7100.25, now });

    const { lines, emails } = await run(bundles, [{ name: 'critical', event }]);

    const expected = expectedUsage(rows, { from: '2026-11-01', to: '2026-11-20' }).accounts.find(
      (a) => a.id === '210000000001',
    )!;
    expect(lines).toEqual([
      expect.objectContaining({
        status: 'sent',
        // The account's own tag adds its on-call list; the billing contact is opt-in (off here).
        recipients: [
          'finops@example.com',
          'cloud-coe@example.com',
          'payments-leads@example.com',
          'payments-oncall@example.com',
        ],
        subject: '[Critical] prod-payments (210000000001): estimated $7,100.25 vs $6,000.00 threshold',
      }),
    ]);
    expect(lines[0]?.costExplorerRequests).toBeLessThanOrEqual(7);
    expect(emails).toHaveLength(1);
    const text = emails[0]?.body.text ?? '';
    expect(text).toContain(`Usage month to date: ${usd(expected.amount)}`);
    expect(text).toContain(`${expected.services[0]?.service}: ${usd(expected.services[0]?.amount ?? 0)}`);
    expect(emails[0]?.body.html).toContain(usd(expected.amount));
    // The email (HTML, text, view-model), then each chat format's payload.
    expect(
      lines[0]?.files.map((f) =>
        f
          .split('/')
          .pop()
          ?.replace(/^critical/, ''),
      ),
    ).toEqual(['.html', '.txt', '.json', '.slack.json', '.teams.json', '.q.json']);
    expect(text).toContain('Why you got this email:');
    expect(text).toContain('the account’s tag billing-alarms:recipients: payments-oncall@example.com');
    expect(text).toContain('owners of this account (configuration): payments-leads@example.com');
    expect(emails[0]?.body.html).toContain(
      'the central billing list (configuration): finops@example.com, cloud-coe@example.com',
    );
  });

  it('puts one Billing Threshold Crossed event per mailed alarm on the bus (events.jsonl), none for a duplicate or an OK', async () => {
    const outDir = tempOut();
    const critical = sampleEvent(config, {
      account: '210000000001',
      rung: 'critical',
      charges: 7100.25,
      now,
    });
    const warning = sampleEvent(config, { account: '210000000003', rung: 'warning', now });
    const ok = sampleEvent(config, { account: '210000000004', state: 'OK', now });

    const { lines } = await run(
      bundles,
      [
        { name: 'critical', event: critical },
        { name: 'again', event: critical },
        { name: 'warning', event: warning },
        { name: 'ok', event: ok },
      ],
      { outDir, publisher: bundles.publisher },
    );

    const events = readFileSync(`${outDir}/events.jsonl`, 'utf8')
      .trim()
      .split('\n')
      .map(
        (l) => JSON.parse(l) as { source: string; 'detail-type': string; detail: Record<string, unknown> },
      );
    expect(lines.map((l) => l.status)).toEqual(['sent', 'duplicate', 'sent', 'skipped']);
    expect(events).toHaveLength(lines.filter((l) => l.status === 'sent').length);
    expect(events.map((e) => [e.source, e['detail-type'], e.detail.accountId, e.detail.tier])).toEqual([
      ['billing-alarm-forwarder', 'Billing Threshold Crossed', '210000000001', 'critical'],
      ['billing-alarm-forwarder', 'Billing Threshold Crossed', '210000000003', 'warning'],
    ]);
    expect(events[0]?.detail).toMatchObject({
      accountName: 'prod-payments',
      threshold: 6000,
      estimatedCharges: 7100.25,
      currency: 'USD',
      eventId: critical.id,
      forecast: { method: 'last7DaysPace' },
    });
    expect((events[0]?.detail.topServices as unknown[] | undefined)?.length).toBeGreaterThan(0);
  }, 60_000);

  it('delivers the chat messages it wrote beside the email, each channel once, and a failing webhook never re-sends the email', async () => {
    const outDir = tempOut();
    const event = sampleEvent(config, { account: '210000000001', rung: 'critical', charges: 7100.25, now });
    const standIns = await startStandIns({
      costs: rows,
      now,
      organisation: sampleOrganisationFixture(config),
    });
    try {
      const ok = await run(bundles, [{ name: 'critical', event }], {
        outDir,
        publisher: bundles.publisher,
        standIns,
      });
      const posts = standIns.chat.posts();
      const file = (ext: string) =>
        JSON.parse(readFileSync(`${outDir}/critical.${ext}.json`, 'utf8')) as unknown;

      expect(ok.lines[0]?.publisherFailed).toBeUndefined();
      expect(posts.map((p) => [p.kind, p.target])).toEqual([
        ['webhook', 'billing-alarms/finops-slack-AbCdEf'],
        ['webhook', 'billing-alarms/finops-teams-AbCdEf'],
        ['sns', 'arn:aws:sns:us-east-1:100000000001:billing-alarms-amazon-q'],
        ['webhook', 'billing-alarms/payments-slack-AbCdEf'],
      ]);
      expect(posts[0]?.body).toEqual(file('slack'));
      expect(posts[1]?.body).toEqual(file('teams'));
      expect(posts[2]?.body).toEqual(file('q'));

      // Webhooks down: the publisher fails after its retries (its dead-letter queue); one email only.
      standIns.chat.setFailing(true);
      const warning = sampleEvent(config, { account: '210000000003', rung: 'warning', now });
      const failing = await run(bundles, [{ name: 'warning', event: warning }], {
        outDir: tempOut(),
        publisher: bundles.publisher,
        standIns,
      });
      expect(failing.lines[0]).toMatchObject({
        status: 'sent',
        publisherFailed: expect.stringMatching(/webhook answered 500/),
      });
      expect(failing.emails).toHaveLength(1);
      // Amazon Q's topic still got its message, once, across the publisher's three attempts.
      expect(standIns.chat.posts().filter((p) => p.kind === 'sns')).toHaveLength(2);
    } finally {
      await standIns.stop();
    }
  }, 90_000);

  it('adds the account’s billing contact when email.billingAlternateContact is on', async () => {
    const withContacts = { ...config, email: { ...config.email, billingAlternateContact: true } };
    const contactBundles = await lambdaBundles(withContacts);
    const event = sampleEvent(withContacts, {
      account: '210000000001',
      rung: 'critical',
      charges: 7100.25,
      now,
    });

    const { lines, emails } = await runMailThroughBundle({
      bundle: contactBundles.alarm,
      functionName: 'billing-alarm',
      events: [{ name: 'contact', event }],
      costs: rows,
      organisation: sampleOrganisationFixture(withContacts),
      now,
      outDir: tempOut(),
    });

    expect(lines[0]?.recipients).toContain('ap-payments@example.com');
    expect(emails[0]?.body.text).toContain(
      'the account’s billing contact (AWS account settings): ap-payments@example.com',
    );
  }, 120_000);

  it('adds the OU override’s recipients, finding the account’s OU through Organizations', async () => {
    const event = sampleEvent(config, {
      account: '220000000001',
      ouId: 'ou-a1b2-sandboxes',
      rung: 'warning',
      charges: 180,
      now,
    });

    const { lines } = await run(bundles, [{ name: 'sandbox', event }]);

    expect(lines[0]).toMatchObject({
      status: 'sent',
      recipients: ['finops@example.com', 'cloud-coe@example.com', 'sandbox-owners@example.com'],
      subject: '[Warning] R&D "Labs" <sandbox> (220000000001): estimated $180.00 vs $150.00 threshold',
    });
  });

  it('sends one email for an event delivered three times', async () => {
    const event = sampleEvent(config, { account: '210000000002', now });

    const { lines, emails } = await run(
      bundles,
      [1, 2, 3].map((n) => ({ name: `dup-${n}`, event })),
    );

    expect(emails).toHaveLength(1);
    expect(lines.map((l) => l.status)).toEqual(['sent', 'duplicate', 'duplicate']);
    expect(lines[1]?.messageIds).toEqual(lines[0]?.messageIds);
    expect(lines.slice(1).map((l) => l.costExplorerRequests)).toEqual([0, 0]);
  });

  it('costs one filtered Cost Explorer request per alarm whose month moved, drivers included, whatever the organisation’s size', async () => {
    const events = ['210000000001', '210000000003', '210000000005'].map((account) => ({
      name: account,
      event: sampleEvent(config, { account, now }),
    }));

    const { lines, emails } = await run(bundles, events);

    // One request (by service and usage type, with quantities) gives the figures and the typed
    // drivers alike: issue 22 replaced the drivers' second request (DESIGN.md, "One request per
    // alarm"). Its credit lines are not in it, and the email says so.
    expect(lines.map((l) => l.costExplorerRequests)).toEqual([1, 1, 1]);
    for (const email of emails) {
      expect(email.body.text).toContain('Why it moved');
      expect(email.body.text).toMatch(/: usage [+−]\$[\d,.]+.*, rate [+−]\$[\d,.]+ — mostly (usage|rate)/);
      expect(email.body.text).toContain('Credits and refunds');
    }
  });

  it('retries a throttled Cost Explorer and still explains the alarm', async () => {
    const { lines, emails, costExplorer } = await run(
      bundles,
      [{ name: 'throttled', event: sampleEvent(config, { now }) }],
      { ceFaults: { throttle: 2 } },
    );

    expect(lines[0]?.status).toBe('sent');
    expect(costExplorer.throttled).toBe(2);
    expect(emails[0]?.body.text).not.toContain('Some details are missing');
    expect(emails[0]?.body.text).toContain('Month to date by service');
  });

  it('still mails when Cost Explorer is down, saying which details are missing', async () => {
    const { lines, emails } = await run(
      bundles,
      [{ name: 'degraded', event: sampleEvent(config, { now }) }],
      { ceFaults: { down: true } },
    );

    expect(lines[0]).toMatchObject({ status: 'sent', costExplorerRequests: 0 });
    expect(emails[0]?.body.text).toContain('Some details are missing');
    expect(emails[0]?.body.text).toMatch(
      /Cost Explorer figures \(breakdown, chart, change, forecast\): the service did not answer\./,
    );
    expect(emails[0]?.subject).toContain('$6,720.00 vs $6,000.00');
  });

  it('says what crossed and why at the top: CloudWatch’s figure, the cause, Cost Explorer’s month to date', async () => {
    const event = sampleEvent(config, { account: '210000000001', rung: 'critical', charges: 7100.25, now });

    const { emails } = await run(bundles, [{ name: 'top', event }]);

    const text = emails[0]?.body.text ?? '';
    const top = text.split('\n').slice(3, 12).join('\n');
    expect(top).toContain('Estimated charges (CloudWatch alarm, USD): $7,100.25');
    expect(top).toMatch(
      /Biggest rise: Amazon Elastic Compute Cloud - Compute \+\$[\d,]+\.\d\d over the last 3 days vs the 3 before \(since Nov 17, 2026\)/,
    );
    expect(top).toMatch(/Month to date \(Cost Explorer, USD\): \$[\d,]+\.\d\d, as of Nov 19, 2026/);
    expect(text).toContain('CloudWatch’s reason: Threshold Crossed: 1 out of the last 1 datapoints [7100.25');
  });

  it('says when an alarm carries no datapoint (set-alarm-state), and never passes Cost Explorer’s figure off as CloudWatch’s', async () => {
    const event = sampleEvent(config, { account: '210000000001', noDatapoint: true, now });

    const { lines, emails } = await run(bundles, [{ name: 'manual', event }]);

    expect(lines[0]?.subject).toBe(
      '[Critical] prod-payments (210000000001): critical threshold of $6,000.00 crossed',
    );
    expect(emails[0]?.body.text).toContain(
      'Estimated charges (CloudWatch alarm, USD): no datapoint in the alarm — possibly a manual test (set-alarm-state)',
    );
  });

  it('explains a young account without a forecast and without AWS error text', async () => {
    const young = rows.filter((r) => r.date >= '2026-11-18');

    const { lines, emails } = await run(bundles, [{ name: 'young', event: sampleEvent(config, { now }) }], {
      costs: young,
    });

    expect(lines[0]?.status).toBe('sent');
    expect(emails[0]?.body.text).toContain('Forecast unavailable: not enough cost history yet.');
    expect(emails[0]?.body.html).not.toMatch(/Exception|Insufficient amount/);
  });

  it('rejects spoofed, foreign and non-alarm events with a reason and mails nothing', async () => {
    const names = ['spoofed-account', 'other-namespace', 'configuration-change', 'not-an-alarm'];

    const { lines, emails } = await run(
      bundles,
      names.map((name) => ({ name, event: eventFixture(name) })),
    );

    expect(lines.map((l) => l.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    expect(lines.map((l) => l.reason)).toEqual([
      expect.stringMatching(/does not own the alarm/),
      expect.stringMatching(/namespace is "AWS\/EC2"/),
      expect.stringMatching(/detail-type is "CloudWatch Alarm Configuration Change"/),
      expect.stringMatching(/source is "aws.ec2"/),
    ]);
    expect(emails).toHaveLength(0);
  });

  it('retries a throttled SES, and lets a failing SES end in the dead letters after Lambda’s retries', async () => {
    const throttled = await run(bundles, [{ name: 'ses-throttled', event: sampleEvent(config, { now }) }], {
      sesFaults: { throttle: 2 },
    });
    expect(throttled.lines[0]?.status).toBe('sent');
    expect(throttled.emails).toHaveLength(1);

    const failing = await run(bundles, [{ name: 'ses-down', event: sampleEvent(config, { now }) }], {
      sesFaults: { fail: true },
    });
    expect(failing.lines[0]).toMatchObject({
      status: 'failed',
      deadLetter: true,
      reason: expect.stringMatching(
        /DeliveryError: SES did not answer for batch 1 \(4 recipients\): InternalFailure/,
      ),
    });
    expect(failing.emails).toHaveLength(0);
  });

  it('escapes markup and line breaks from the alarm name, description and account name; the subject stays one line', async () => {
    // The account's name as Organizations answers it (DescribeAccount names the alarmed account).
    const fixture = sampleOrganisationFixture(config);
    const hostile = {
      ...fixture,
      accounts: fixture.accounts.map((a) =>
        a.id === '210000000001' ? { ...a, name: '<script>x()</script>\r\nBcc: evil@example.com & "Co"' } : a,
      ),
    };
    const event = sampleEvent(config, { account: '210000000001', now }) as Record<string, any>;
    const name = 'billing-alarm-critical<b onmouseover="x()">\nnext';
    event.detail.alarmName = name;
    event.resources = [`arn:aws:cloudwatch:us-east-1:210000000001:alarm:${name}`];
    event.detail.configuration.description = '<img src=x onerror=alert(1)>\nsecond line';

    const { lines, emails } = await run(bundles, [{ name: 'hostile', event }], { organisation: hostile });

    expect(lines[0]?.status).toBe('sent');
    const email = emails[0];
    expect(email?.subject).not.toMatch(/[\r\n]/);
    expect(email?.subject).toContain('<script>x()</script> Bcc: evil@example.com & "Co"');
    const html = email?.body.html ?? '';
    expect(html).not.toMatch(/<script>x\(\)|<img src=x|<b onmouseover/);
    expect(html).toContain('&lt;script&gt;x()&lt;/script&gt;');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(html).toContain('billing-alarm-critical&lt;b onmouseover&#x3D;&quot;x()&quot;&gt;');
  });

  describe('in a browser', () => {
    const browser = useChromium();

    it('shows the alarm email at 375 px and 600 px without horizontal scrolling', async () => {
      const { emails } = await run(bundles, [
        { name: 'look', event: sampleEvent(config, { account: '210000000001', now }) },
      ]);

      const shots = await screenshotAtWidths(browser(), emails[0]?.body.html ?? '', 'alarm-email');

      for (const shot of shots) {
        expect(shot.scrollWidth).toBeLessThanOrEqual(shot.clientWidth);
        expect(statSync(shot.file).size).toBeGreaterThan(10_000);
      }
    });
  });

  it('ships no mjml in the Lambda bundle', () => {
    // The entry and every chunk: the email's rendering is in the deferred module's chunks.
    const chunks = join(dirname(bundles.alarm), 'chunks');
    const code = [
      bundles.alarm,
      ...readdirSync(chunks)
        .filter((f) => f.endsWith('.mjs'))
        .map((f) => join(chunks, f)),
    ]
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');

    // Assert on booleans: a failure must not print a multi-megabyte bundle.
    expect(/mjml-core|mjml-parser-xml|mjml2html|MJML security/.test(code)).toBe(false);
    expect(code.includes('Month to date by service')).toBe(true);
  });
});
