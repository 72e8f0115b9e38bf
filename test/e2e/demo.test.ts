import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demo } from '../../cli/demo.js';
import { tempOut } from '../helpers/bundles.js';
import { exampleConfig } from '../helpers/config.js';

describe('npm run demo (built bundles, real SDK clients, stand-ins over HTTP)', () => {
  it("shows each of issue 19's signals: fast-burn estimates, the report reconciling them and listing first spend, a rung, a daily rate and an alarm naming first spend", async () => {
    const outDir = tempOut('baf-demo-');
    const printed: string[] = [];
    const lines = await demo({ config: exampleConfig(), outDir, print: (text) => printed.push(text) });
    const summary = printed.join('\n');
    const text = (name: string) => readFileSync(join(outDir, `${name}.txt`), 'utf8');

    expect(lines.map((l) => l.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent', 'sent']);
    expect(summary).toMatch(
      /^fast burn: {4}sent — \[Fast burn estimate\] prod-payments .*p5\.48xlarge × 1, \$55\.04 an hour/m,
    );
    expect(summary).toMatch(/^fast burn: {4}sent — .*p5\.48xlarge × 2, \$110\.08 an hour/m);
    expect(summary).toMatch(/^alarm email: {2}sent — \[Critical\] prod-payments/m);
    expect(summary).toMatch(
      /^daily rate: {3}sent — .*spent \$[\d,.]+ in the last 24 hours \(limit \$500\.00\)/m,
    );
    expect(summary).toMatch(/^first spend: {2}sent — \[Warning\] ml-research/m);

    // The report: estimates against billed hours, and the service and Region new this week.
    const report = text('org-report');
    expect(report).toContain('Fast-burn estimates against billing');
    expect(report).toMatch(/billed \$[\d,.]+ \(Cost Explorer, BoxUsage:p5\.48xlarge, USD/);
    expect(report).toMatch(/awaits billing data/);
    expect(report).toMatch(/New this week\n {2}- .*ml-research/);
    // The alarms read the report's first-spend check: ml-research's names its new service and Region.
    expect(text('demo-first-spend-alarm')).toMatch(/^First spend: Amazon Bedrock, \$[\d,.]+ since/m);
    expect(text('demo-first-spend-alarm')).toMatch(/^First spend: Region us-west-2, /m);
    expect(text('demo-daily-rate')).toMatch(
      /^prod-payments spent \$[\d,.]+ in the last 24 hours \(limit \$500\.00\)/,
    );
    // The Cost Explorer line's parts add up to the stand-in's count.
    const ce = /Cost Explorer requests: (\d+) \(fast burn (\d+),.*report (\d+),.*alarms (\d+),/.exec(summary);
    expect(ce).not.toBeNull();
    const [total, ...parts] = (ce ?? []).slice(1).map(Number);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
  });
});
