import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { report } from '../../cli/report.js';
import { runMailThroughBundle } from '../../cli/run-events.js';
import { sampleEvent } from '../../cli/sample-event.js';
import { sampleOrganisationFixture } from '../../local/organization-fixture.js';
import { NEW_SPEND, SAMPLE_ACCOUNTS, sampleOrganisationCosts } from '../../local/sample-org.js';
import { type StandIns, startStandIns } from '../../local/stand-ins.js';
import { tempOut, testBundles } from '../helpers/bundles.js';
import { exampleConfig } from '../helpers/config.js';

const run = promisify(execFile);
const EXPORT = fileURLToPath(new URL('../fixtures/costs/first-spend-focus.csv', import.meta.url));

describe('first spend on a new service or Region, end to end', () => {
  const bundles = testBundles();

  it('lists a service and a Region new in one account of a FOCUS export in the report, and nothing for credits or $0.00', async () => {
    const out = tempOut();

    const { stdout } = await run(
      process.execPath,
      ['cli/bin.js', 'report', '--costs', EXPORT, '--now', '2026-12-03T06:00:00Z', '--out', out],
      { maxBuffer: 10_000_000 },
    );

    const line = JSON.parse(stdout.trim().split('\n')[0] ?? '{}');
    expect(line).toMatchObject({ status: 'sent' });
    const text = readFileSync(join(out, 'org-report.txt'), 'utf8');
    const section = text.slice(text.indexOf('New this week'));
    expect(section).toMatch(
      /^New this week\n {2}- Region us-west-2 in ml-research \(111122223333\), \$412\.00\n {2}- Amazon Bedrock in ml-research \(111122223333\), \$412\.00\n {2}Spend from Nov 26, 2026 to Dec 2, 2026 .* since Aug 28, 2026 \(90 days\)/,
    );
    // Known services and Regions, a global charge, credits alone and $0.00 are not new.
    expect(section.split('\n\n')[0]).not.toMatch(
      /SageMaker|CloudFront|Textract|Glue|ap-south-1|eu-west-1|web-prod|sandbox/,
    );
    const html = readFileSync(join(out, 'org-report.html'), 'utf8');
    expect(html).toContain('<h2>New this week</h2>');
    expect(html).toContain(
      'Amazon Bedrock in ml-research <span style="word-break:keep-all;overflow-wrap:anywhere;white-space:nowrap">(111122223333)</span>, $412.00',
    );
  }, 120_000);

  // The sample organisation, whose ml-research starts Amazon Bedrock in us-west-2 four days before `now`.
  const config = exampleConfig();
  const now = new Date('2026-11-20T09:00:00Z');
  const rows = sampleOrganisationCosts(now);
  const organisation = sampleOrganisationFixture(config);
  const event = sampleEvent(config, { account: NEW_SPEND.accountId, rung: 'critical', charges: 4000, now });
  /** The alarm of ml-research through the built bundle: its email's HTML and text, and its answer. */
  const mailAlarm = async (standIns?: StandIns) => {
    const where = standIns ? { standIns } : { organisation };
    const { lines } = await runMailThroughBundle({
      ...alarmFunction(),
      events: [{ name: 'alarm', event }],
      ...where,
    });
    const [html = '', text = ''] = (lines[0]?.files ?? []).map((f) => readFileSync(f, 'utf8'));
    return { line: lines[0], html, text };
  };
  const alarmFunction = () => ({
    bundle: bundles.alarm,
    functionName: 'billing-alarm',
    costs: rows,
    now,
    outDir: tempOut(),
  });

  it('says the first spend in the alarm email of that account, from the report’s check and no request of its own', async () => {
    const standIns = await startStandIns({ costs: rows, now, organisation });
    try {
      const reported = await report({
        config,
        costs: rows,
        organisation,
        now,
        outDir: tempOut(),
        standIns,
        bundle: bundles.report,
      });

      const { line, html, text } = await mailAlarm(standIns);

      expect(reported.lines[0]).toMatchObject({ status: 'sent' });
      // The alarm's one request (figures and drivers from one answer, issue 22): first spend adds none.
      expect(line).toMatchObject({ status: 'sent', costExplorerRequests: 1 });
      expect(text).toContain('First spend: Amazon Bedrock, $412.00 since Nov 16, 2026');
      expect(text).toContain('First spend: Region us-west-2, $412.00 from Nov 13, 2026 to Nov 19, 2026');
      expect(html).toContain('Amazon Bedrock, $412.00 since Nov 16, 2026');
      expect(SAMPLE_ACCOUNTS.find((a) => a.id === NEW_SPEND.accountId)?.name).toBe('ml-research');
    } finally {
      await standIns.stop();
    }
  }, 120_000);

  it('says the first spend was not checked when no report ran', async () => {
    const { text } = await mailAlarm();

    expect(text).toContain(
      'First spend: not checked: no organisation report has checked it in the last 48 hours',
    );
    expect(text).not.toContain('Amazon Bedrock, $');
  }, 120_000);
});
