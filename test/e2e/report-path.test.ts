import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LambdaBundles } from '../../cli/bundles.js';
import { report } from '../../cli/report.js';
import { runMailThroughBundle } from '../../cli/run-events.js';
import { sampleEvent } from '../../cli/sample-event.js';
import { parseConfig } from '../../handlers/contract/config/load.js';
import { sealConfig } from '../../handlers/contract/config/sealed.js';
import { RUNTIME_ENV } from '../../handlers/contract/runtime-env.js';
import type { CostRow } from '../../local/focus-csv.js';
import { generatedOrganisation } from '../../local/generated-org.js';
import {
  organisationFromCosts,
  SAMPLE_DRIFTED,
  SAMPLE_UNCOVERED,
  sampleOrganisationFixture,
} from '../../local/organization-fixture.js';
import { sampleOrganisationCosts } from '../../local/sample-org.js';
import { SIMULATOR } from '../../local/ses-events.js';
import { startStandIns } from '../../local/stand-ins.js';
import { screenshotAtWidths, useChromium } from '../helpers/browser.js';
import { tempOut, testBundles } from '../helpers/bundles.js';
import { exampleConfig, exampleConfigInput } from '../helpers/config.js';
import { expectedUsage, usd } from '../helpers/expected.js';

const config = exampleConfig();
const now = new Date('2026-11-20T03:00:00Z');
const rows = sampleOrganisationCosts(now);
const ranking = (data: Iterable<CostRow>) => expectedUsage(data, { from: '2026-11-01', to: '2026-11-20' });

/** The report of the sample organisation through the built bundle. */
const reportSample = (bundles: LambdaBundles, extra: Partial<Parameters<typeof report>[0]> = {}) =>
  report({
    config,
    costs: rows,
    organisation: sampleOrganisationFixture(config),
    now,
    outDir: tempOut(),
    bundle: bundles.report,
    ...extra,
  });

describe('organisation report end to end (built bundle, stand-ins over HTTP)', () => {
  const bundles = testBundles();

  it('reports the sample organisation: total and top accounts to the cent and in order, escaped names, coverage', async () => {
    const { lines, emails } = await reportSample(bundles);

    const expected = ranking(rows);
    expect(lines[0]).toMatchObject({
      status: 'sent',
      recipients: ['finops@example.com', 'cloud-coe@example.com'],
    });
    expect(lines[0]?.subject).toContain(`${usd(expected.total)} month to date`);
    // The report itself, then one notice per account on pace (its own test below).
    expect(emails).toHaveLength(1 + (lines[0]?.paceAlerts?.length ?? 0));
    expect(emails[0]?.subject).toBe(lines[0]?.subject);
    const text = emails[0]?.body.text ?? '';
    expect(text).toContain(`Month to date (Cost Explorer, usage): ${usd(expected.total)}`);
    const top = expected.accounts.slice(0, 5).map((a) => `  ${a.name} (${a.id}): ${usd(a.amount)}`);
    const positions = top.map((line) => text.indexOf(line));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toMatch(/Credits: -\$345\.00/);
    const html = emails[0]?.body.html ?? '';
    expect(html).toContain('R&amp;D &quot;Labs&quot; &lt;sandbox&gt;');
    expect(html).not.toContain('R&D "Labs" <sandbox>');
    expect(text).toContain(`${SAMPLE_UNCOVERED.name} (${SAMPLE_UNCOVERED.id}): no stack instance`);
    expect(text).toMatch(
      new RegExp(
        `intern-sandbox \\(${SAMPLE_DRIFTED}\\): expected \\$150\\.00 / \\$300\\.00, deployed \\$2,000\\.00 / \\$3,000\\.00`,
      ),
    );
  });

  it('sends the report with coverage marked unavailable when Organizations and CloudFormation deny access', async () => {
    const { lines, emails } = await reportSample(bundles, { governanceFaults: { deny: true } });

    expect(lines[0]?.status).toBe('sent');
    expect(emails[0]?.body.text).toMatch(/Some sections are unavailable:\n {2}- Coverage: access denied\./);
    expect(emails[0]?.body.text).not.toContain('Not covered');
  });

  it('sends the report with the alerts section saying the alerts could not be read when their items fail, every other section intact', async () => {
    const { lines, emails } = await reportSample(bundles, { dynamoFaults: { alertsDown: true } });

    expect(lines[0]?.status).toBe('sent');
    const text = emails[0]?.body.text ?? '';
    expect(text).toMatch(
      /Alerts answered and open\n {2}The alerts could not be read \([^)]+\): acknowledged, snoozed and planned alerts are not listed in this report\./,
    );
    expect(text).toContain(`Month to date (Cost Explorer, usage): ${usd(ranking(rows).total)}`);
    expect(text).toContain(`${SAMPLE_UNCOVERED.name} (${SAMPLE_UNCOVERED.id}): no stack instance`);
  });

  it('throws when Cost Explorer is down, and the operators get a short failure email naming the cause', async () => {
    const out = tempOut();
    const { runMailThroughBundle } = await import('../../cli/run-events.js');
    const { scheduledPayload } = await import('../../cli/report.js');

    const { lines, emails } = await runMailThroughBundle({
      bundle: bundles.report,
      functionName: 'billing-report',
      events: [{ name: 'org-report', event: scheduledPayload(now) }],
      costs: rows,
      now,
      outDir: out,
      organisation: sampleOrganisationFixture(config),
      ceFaults: { down: true },
    });

    expect(lines[0]).toMatchObject({
      status: 'failed',
      deadLetter: true,
      reason: expect.stringMatching(/ReportError: Cost Explorer did not answer/),
    });
    // Three attempts, one notice.
    expect(emails).toHaveLength(1);
    expect(emails[0]?.destination.to).toEqual(['platform-oncall@example.com']);
    expect(emails[0]?.subject).toMatch(
      /^\[billing-alarm-forwarder\] The organisation report failed: ReportError: Cost Explorer did not answer/,
    );
  });

  describe('figures you can trust', () => {
    it('sends a month-close report on the 1st (12:00 in Seoul): the month just ended, whole, against the month before', async () => {
      const dec1 = new Date('2026-12-01T03:00:00Z');
      const data = sampleOrganisationCosts(dec1);
      const november = expectedUsage(data, { from: '2026-11-01', to: '2026-12-01' });
      const october = expectedUsage(data, { from: '2026-10-01', to: '2026-11-01' });

      const { lines, emails } = await reportSample(bundles, { costs: data, now: dec1 });

      expect(lines[0]).toMatchObject({
        status: 'sent',
        subject: `November 2026 closed: ${usd(november.total)} for the organisation`,
      });
      const text = emails[0]?.body.text ?? '';
      expect(text).toMatch(/^November 2026 closed\n/);
      expect(text).toContain(`November 2026 (Cost Explorer, usage): ${usd(november.total)}`);
      expect(text).toContain(`October 2026 (Cost Explorer, usage): ${usd(october.total)}`);
      const top = november.accounts[0];
      expect(text).toContain(`  ${top?.name} (${top?.id}): ${usd(top?.amount ?? 0)}`);
      expect(text).not.toContain('$0.00 (');
      expect(text).not.toContain('Forecast');
    });

    it('keeps every figure and sends the report when the forecast is down, saying why in words', async () => {
      const { lines, emails } = await reportSample(bundles, { ceFaults: { forecastDown: true } });

      expect(lines[0]?.status).toBe('sent');
      expect(lines[0]?.subject).toBe(
        `Organisation costs Nov 19, 2026: ${usd(ranking(rows).total)} month to date`,
      );
      expect(lines[0]?.subject).not.toMatch(/Exception|Error/);
      const text = emails[0]?.body.text ?? '';
      expect(text).toContain(
        'Forecast to month end (Cost Explorer’s forecast): unavailable: the service did not answer',
      );
      expect(text).toContain(`Month to date (Cost Explorer, usage): ${usd(ranking(rows).total)}`);
    });

    it('reports a young organisation (4 days of history) without a forecast, and without AWS error text', async () => {
      const young = rows.filter((r) => r.date >= '2026-11-16');

      const { lines, emails } = await reportSample(bundles, { costs: young });

      expect(lines[0]?.status).toBe('sent');
      expect(lines[0]?.subject).not.toMatch(/Insufficient|Exception/);
      expect(emails[0]?.body.text).toContain('unavailable: not enough cost history yet');
      expect(emails[0]?.body.html).not.toMatch(/Insufficient amount|DataUnavailable/);
    });

    it('shows amounts in the currency Cost Explorer returns and says it differs from the configuration', async () => {
      const euros = rows.map((r) => ({ ...r, currency: 'EUR' }));

      const { emails } = await reportSample(bundles, { costs: euros });

      const text = emails[0]?.body.text ?? '';
      expect(text).toMatch(/Month to date \(Cost Explorer, usage\): €[\d,]+\.\d\d/);
      expect(text).not.toMatch(/\$\d/);
      expect(text).toContain('Cost Explorer reports these amounts in EUR, not in USD as configured');
    });
  });

  describe('at 5,000 accounts with 10 services each', () => {
    const big = generatedOrganisation({ accounts: 5_000, services: 10, now });
    let result: Awaited<ReturnType<typeof report>>;
    beforeAll(async () => {
      // Accounts in OUs of 500 below the target OU, as large organisations lay them out.
      result = await reportSample(bundles, {
        costs: big,
        organisation: organisationFromCosts(big, config, { accountsPerOu: 500 }),
      });
    }, 240_000);

    it('stays under 100 KB of HTML (Gmail clips at about 102 KB)', () => {
      const html = result.emails[0]?.body.html ?? '';

      expect(result.lines[0]?.status).toBe('sent');
      expect(Buffer.byteLength(html, 'utf8')).toBeLessThan(100_000);
    });

    it('needs at least a hundred times fewer Cost Explorer requests than one per account', () => {
      expect(result.lines[0]?.costExplorerRequests).toBeGreaterThan(0);
      expect((result.lines[0]?.costExplorerRequests ?? Number.POSITIVE_INFINITY) * 100).toBeLessThanOrEqual(
        5_000,
      );
    });

    it('covers every active account, read per OU below the target OU', () => {
      expect(result.emails[0]?.body.text).toContain(
        '5,000 of 5,000 active accounts have the billing alarms.',
      );
    });

    it('has the right total and top account, and escapes the generated names', () => {
      const expected = ranking(big.rows());
      const text = result.emails[0]?.body.text ?? '';

      expect(text).toContain(`Month to date (Cost Explorer, usage): ${usd(expected.total)}`);
      expect(text).toContain(
        `  ${expected.accounts[0]?.name} (${expected.accounts[0]?.id}): ${usd(expected.accounts[0]?.amount ?? 0)}`,
      );
      expect(text).toContain('4,995 other accounts');
      expect(result.emails[0]?.body.html).not.toContain('<R&D "lab">');
    });
  });

  it('lists member alarms stuck without data and accounts never heard from, from the states the alarm Lambda kept', async () => {
    const organisation = sampleOrganisationFixture(config);
    const standIns = await startStandIns({ costs: rows, now, organisation });
    try {
      // One member alarm reported INSUFFICIENT_DATA 30 hours ago (its metric does not exist).
      const event = sampleEvent(config, { account: '210000000004', rung: 'critical', now }) as {
        detail: { state: { value: string; timestamp: string; reasonData?: string } };
      };
      event.detail.state = {
        value: 'INSUFFICIENT_DATA',
        timestamp: new Date(now.getTime() - 30 * 3_600_000).toISOString(),
      };
      const alarm = await runMailThroughBundle({
        bundle: bundles.alarm,
        functionName: 'billing-alarm',
        events: [{ name: 'no-data', event }],
        costs: rows,
        now,
        outDir: tempOut(),
        standIns,
      });
      const { emails } = await reportSample(bundles, { organisation, standIns });

      const text = emails[0]?.body.text ?? '';
      expect(alarm.lines[0]).toMatchObject({ status: 'skipped' });
      expect(text).toContain('Alarms without data for over 24 hours:');
      expect(text).toMatch(/- [^\n]*\(210000000004\): critical alarm in INSUFFICIENT_DATA since/);
      expect(text).toContain('Accounts never heard from:');
      expect(text).toMatch(/- [^\n]*\(210000000001\): no alarm state change ever arrived/);
      expect(text).not.toMatch(/\(210000000004\): no alarm state change ever arrived/);
    } finally {
      await standIns.stop();
    }
  }, 60_000);

  it('lists the recipients SES reported bounced or complaining in the coverage section, from SES’s events of earlier mail', async () => {
    const organisation = sampleOrganisationFixture(config);
    const standIns = await startStandIns({ costs: rows, now, organisation });
    try {
      // An alarm mailed to SES's mailbox simulator: it bounces and complains as real recipients do.
      const input = exampleConfigInput() as { email: { centralRecipients: string[] } };
      input.email.centralRecipients = [
        ...input.email.centralRecipients,
        SIMULATOR.bounce,
        SIMULATOR.complaint,
      ];
      const configFile = join(tempOut(), 'config.json');
      writeFileSync(configFile, sealConfig(parseConfig(input)));
      const alarm = await runMailThroughBundle({
        bundle: bundles.alarm,
        functionName: 'billing-alarm',
        events: [{ name: 'to-simulator', event: sampleEvent(config, { account: '210000000001', now }) }],
        costs: rows,
        now,
        outDir: tempOut(),
        standIns,
        sendingEvents: bundles.alarm,
        env: { [RUNTIME_ENV.configFile]: configFile },
      });
      const { emails } = await reportSample(bundles, { organisation, standIns });

      const text = emails[0]?.body.text ?? '';
      expect(alarm.lines[0]).toMatchObject({ status: 'sent' });
      expect(text).toContain('Recipients SES could not deliver to, or who complained (2):');
      expect(text).toMatch(
        /- bounce@simulator\.amazonses\.com: bounced: Permanent\/General 5\.1\.1 [^\n]*; 1 time\(s\), last /,
      );
      expect(text).toMatch(/- complaint@simulator\.amazonses\.com: complained: abuse; 1 time\(s\), last /);
      expect(emails[0]?.body.html).toContain('<strong>bounce@simulator.amazonses.com</strong>');
    } finally {
      await standIns.stop();
    }
  }, 60_000);

  it('lists accounts on pace and mails each one notice per tier and month, never again on the next run', async () => {
    const organisation = sampleOrganisationFixture(config);
    const standIns = await startStandIns({ costs: rows, now, organisation });
    try {
      const first = await reportSample(bundles, { organisation, standIns });
      const later = await reportSample(bundles, {
        organisation,
        standIns,
        now: new Date(now.getTime() + 6 * 3_600_000),
      });

      const pace = first.lines[0]?.paceAlerts ?? [];
      expect(pace.length).toBeGreaterThan(0);
      for (const p of pace) {
        expect(p.forecast).toBeGreaterThan(p.threshold);
        expect(p.monthToDate).toBeLessThan(p.threshold);
      }
      // The report, then one notice per alert; the later run mails its report only.
      expect(first.emails).toHaveLength(1 + pace.length);
      expect(first.emails.slice(1).map((e) => e.subject)).toEqual(
        pace.map((p) => expect.stringContaining(`(${p.accountId})`)),
      );
      expect(first.emails[1]?.body.text).toContain('average daily pace');
      expect(first.emails[1]?.body.text).toContain('Amounts in USD as billed: Cost Explorer’s UnblendedCost');
      expect(first.emails[0]?.body.text).toContain('On pace to cross this month');
      expect(later.lines[0]?.paceAlerts?.length).toBe(pace.length);
      expect(later.emails).toHaveLength(1);
    } finally {
      await standIns.stop();
    }
  }, 90_000);

  it('says so when no member alarm state was recorded yet, and lists nobody as silent', async () => {
    const { emails } = await reportSample(bundles);

    expect(emails[0]?.body.text).toContain('No member alarm state has been recorded yet');
    expect(emails[0]?.body.text).not.toContain('Accounts never heard from');
  });

  describe('in a browser', () => {
    const browser = useChromium();

    it('shows the report at 375 px and 600 px without horizontal scrolling', async () => {
      const { emails } = await reportSample(bundles);

      const shots = await screenshotAtWidths(browser(), emails[0]?.body.html ?? '', 'org-report');

      for (const shot of shots) expect(shot.scrollWidth).toBeLessThanOrEqual(shot.clientWidth);
    });
  });
});
