import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { report } from '../../cli/report.js';
import type { RunLine } from '../../cli/run-lines.js';
import { sampleLaunch } from '../../cli/sample-launch.js';
import { sampleOrganisationFixture } from '../../local/organization-fixture.js';
import { SPIKE_ACCOUNT, SPIKE_LAUNCH, sampleOrganisationCosts } from '../../local/sample-org.js';
import type { StandIns } from '../../local/stand-ins.js';
import { runAlarmEvents } from '../helpers/alarm-events.js';
import { tempOut, testBundles } from '../helpers/bundles.js';
import { fastBurnConfig } from '../helpers/fast-burn.js';

// The sample organisation: prod-payments runs one p5.48xlarge from three days before `now` (its spike).
const now = new Date('2026-11-20T09:00:00Z');
const config = fastBurnConfig();
const costs = sampleOrganisationCosts(now);
const organisation = sampleOrganisationFixture(config);
const launched = new Date('2026-11-17T00:20:00Z');

describe('fast-burn estimates reconciled with billed figures (built bundles, stand-ins)', () => {
  const bundles = testBundles();
  /** The report bundle at `now`, against `standIns` (fresh ones when not given): its line and text. */
  const mailReport = async (standIns?: StandIns) => {
    const outDir = tempOut();
    const run = await report({
      config,
      costs,
      organisation,
      now,
      outDir,
      bundle: bundles.report,
      ...(standIns ? { standIns } : {}),
    });
    return {
      line: run.lines[0] as RunLine | undefined,
      text: readFileSync(join(outDir, 'org-report.txt'), 'utf8'),
      html: readFileSync(join(outDir, 'org-report.html'), 'utf8'),
    };
  };

  it('keeps the launch path’s estimates and shows them in the report against billed hours, with one request more', {
    timeout: 180_000,
  }, async () => {
    const earlier = sampleLaunch({
      account: SPIKE_ACCOUNT,
      instanceType: SPIKE_LAUNCH.instanceType,
      count: SPIKE_LAUNCH.count,
      now: launched,
    });
    const today = sampleLaunch({ account: SPIKE_ACCOUNT, instanceType: 'p5.48xlarge', count: 2, now });
    let reported: Awaited<ReturnType<typeof mailReport>> | undefined;

    const run = await runAlarmEvents<{ status: string }>(
      config,
      now,
      [
        { name: 'earlier', event: earlier },
        { name: 'today', event: today },
      ],
      {
        after: async (standIns) => {
          reported = await mailReport(standIns);
        },
      },
    );
    const baseline = await mailReport();

    // The two launches are in one clock hour of the bundle: the second is counted, not mailed again.
    expect(run.lines.map((l) => l.status)).toEqual(['sent', 'suppressed']);
    expect(reported?.line).toMatchObject({ status: 'sent' });
    const section = reported?.text.slice(reported.text.indexOf('Fast-burn estimates against billing')) ?? '';
    expect(section.split('\n').slice(0, 3).join('\n')).toMatch(
      /^Fast-burn estimates against billing\n {2}- p5\.48xlarge × 3 in us-east-1, prod-payments \(210000000001\): 2 launches \(2 over the limit or a rung\): billed \$3,\d{3}\.\d{2} \(Cost Explorer, BoxUsage:p5\.48xlarge, USD\) from Nov 17, 2026 to Nov 19, 2026 against an estimate of \$3,944\.53 \(AWS Price List API, \$55\.04 an hour from .*, USD\): 0\.9\d× the estimate, close to it; 1 later launch awaits billing data\n {2}Estimates are on-demand list prices from the AWS Price List API \(USD\)/,
    );
    expect(reported?.html).toContain('<h2>Fast-burn estimates against billing</h2>');
    // Without estimates the report asks nothing more and shows no section; with them, one query of one page.
    expect(baseline.text).not.toContain('Fast-burn estimates against billing');
    expect(reported?.line?.costExplorerRequests).toBe((baseline.line?.costExplorerRequests ?? 0) + 1);
  });
});
