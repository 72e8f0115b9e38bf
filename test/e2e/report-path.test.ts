import { beforeAll, describe, expect, it } from 'vitest';
import type { LambdaBundles } from '../../cli/bundles.js';
import { report } from '../../cli/report.js';
import type { CostRow } from '../../local/focus-csv.js';
import { generatedOrganisationCosts } from '../../local/generated-org.js';
import {
  organisationFromCosts,
  SAMPLE_DRIFTED,
  SAMPLE_UNCOVERED,
  sampleOrganisationFixture,
} from '../../local/organization-fixture.js';
import { sampleOrganisationCosts } from '../../local/sample-org.js';
import { screenshotAtWidths, useChromium } from '../helpers/browser.js';
import { tempOut, testBundles } from '../helpers/bundles.js';
import { exampleConfig } from '../helpers/config.js';
import { expectedUsage, usd } from '../helpers/expected.js';

const config = exampleConfig();
const now = new Date('2026-11-20T03:00:00Z');
const rows = sampleOrganisationCosts(now);
const ranking = (data: readonly CostRow[]) => expectedUsage(data, { from: '2026-11-01', to: '2026-11-20' });

/** The report of the sample organisation through the built bundle. */
const reportSample = (bundles: LambdaBundles, extra: Partial<Parameters<typeof report>[0]> = {}) =>
  report({
    config,
    rows,
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
    expect(emails).toHaveLength(1);
    const text = emails[0]?.body.text ?? '';
    expect(text).toContain(`Month to date (usage): ${usd(expected.total)}`);
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
    expect(emails[0]?.body.text).toMatch(
      /Some sections are unavailable:\n {2}- Coverage: CoverageError|Coverage: AccessDenied/,
    );
    expect(emails[0]?.body.text).not.toContain('Not covered');
  });

  it('throws when Cost Explorer is down, and the operators get a short failure email naming the cause', async () => {
    const out = tempOut();
    const { runThroughBundle } = await import('../../cli/run-events.js');
    const { scheduledPayload } = await import('../../cli/report.js');

    const { lines, emails } = await runThroughBundle({
      bundle: bundles.report,
      functionName: 'billing-report',
      events: [{ name: 'org-report', event: scheduledPayload(now) }],
      rows,
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

  describe('at 5,000 accounts', () => {
    const big = generatedOrganisationCosts(5_000, now);
    let result: Awaited<ReturnType<typeof report>>;
    beforeAll(async () => {
      result = await reportSample(bundles, { rows: big, organisation: organisationFromCosts(big, config) });
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

    it('has the right total and top account, and escapes the generated names', () => {
      const expected = ranking(big);
      const text = result.emails[0]?.body.text ?? '';

      expect(text).toContain(`Month to date (usage): ${usd(expected.total)}`);
      expect(text).toContain(
        `  ${expected.accounts[0]?.name} (${expected.accounts[0]?.id}): ${usd(expected.accounts[0]?.amount ?? 0)}`,
      );
      expect(text).toContain('4,995 other accounts');
      expect(result.emails[0]?.body.html).not.toContain('<R&D "lab">');
    });
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
