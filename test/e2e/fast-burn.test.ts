import { describe, expect, it } from 'vitest';
import { sampleLaunch } from '../../cli/sample-launch.js';
import { sampleDbLaunch, sampleNatLaunch } from '../../cli/sample-service-launch.js';
import type { PricingFaults } from '../../local/pricing-server.js';
import { runAlarmEvents } from '../helpers/alarm-events.js';
import { fastBurnConfig } from '../helpers/fast-burn.js';

const now = new Date('2026-11-20T09:00:00Z');
type Line = { status: string; reason?: string; subject?: string; estimate?: Record<string, unknown> };

/** Runs launch events through the built alarm bundle (and the publisher) against fresh stand-ins. */
const runLaunches = (events: { name: string; event: unknown }[], pricingFaults?: PricingFaults) =>
  runAlarmEvents<Line>(fastBurnConfig(), now, events, pricingFaults ? { pricingFaults } : {});

const launch = (account: string, instanceType: string, count: number, minutes = 0, region = 'us-east-1') =>
  sampleLaunch({ account, instanceType, count, region, now: new Date(now.getTime() + minutes * 60_000) });

describe('fast-burn estimates from launches (built bundles, stand-ins)', () => {
  it('mails a GPU launch above the limit as an estimate with its priced amount, once, and skips a small one', {
    timeout: 120_000,
  }, async () => {
    const p5 = launch('210000000001', 'p5.48xlarge', 2);
    const small = launch('210000000001', 't3.micro', 1, 2);
    const notALaunch = {
      ...launch('210000000003', 'm5.xlarge', 1),
      detail: { ...launch('210000000003', 'm5.xlarge', 1).detail, eventName: 'DescribeInstances' },
    };
    const outsider = launch('999999999999', 'p5.48xlarge', 1);

    const run = await runLaunches([
      { name: 'p5', event: p5 },
      { name: 'p5-again', event: p5 },
      { name: 'small', event: small },
      { name: 'describe', event: notALaunch },
      { name: 'outsider', event: outsider },
    ]);
    const [sent, again, skipped, describe, rejected] = run.lines;
    const email = run.emails[0];

    expect(sent).toMatchObject({
      status: 'sent',
      subject: '[Fast burn estimate] prod-payments (210000000001): p5.48xlarge × 2, $110.08 an hour',
    });
    expect(sent?.estimate).toMatchObject({
      hourly: 110.08,
      thirtyDays: 79_257.6,
      windowHourly: 110.08,
      hourlyLimit: 50,
    });
    expect([again, skipped, describe, rejected].map((l) => [l?.status, l?.reason])).toEqual([
      ['duplicate', undefined],
      ['skipped', expect.stringContaining('t3.micro × 1 adds 0.0104 USD an hour')],
      ['skipped', 'not a launch: ec2.amazonaws.com DescribeInstances'],
      ['rejected', expect.stringContaining('999999999999 is not an active member')],
    ]);
    expect(run.emails).toHaveLength(1);
    expect(email?.body.text).toContain('Estimate from launches, not billing data');
    expect(email?.body.text).toContain(
      `arn:aws:sts::210000000001:assumed-role/ml-research-admin/alice@example.com called ec2:RunInstances in us-east-1`,
    );
    expect(email?.body.text).toContain(
      'p5.48xlarge × 2: $55.04 an hour each, $110.08 an hour together. Price: SKU 3D4V8UAYEMB38GU2, effective 2026-09-01',
    );
    expect(email?.body.html).toContain('$79,257.60 over 30 days');
    expect(run.put.map((e) => e['detail-type'])).toEqual(['Billing Fast Burn Estimate']);
    // p5.48xlarge once (then from the state table's cache), t3.micro once.
    expect(run.pricing.answered).toBe(2);
  });

  it('prices GPU launches in other Regions and mails them with the priced amount; small RDS, NAT and EC2 launches are skipped with theirs', {
    timeout: 120_000,
  }, async () => {
    const at = new Date(now.getTime() + 60_000);
    const run = await runLaunches([
      { name: 'p4d-ireland', event: launch('210000000001', 'p4d.24xlarge', 3, 0, 'eu-west-1') },
      { name: 'g6e-oregon', event: launch('210000000002', 'g6e.48xlarge', 2, 0, 'us-west-2') },
      { name: 'small-oregon', event: launch('210000000003', 't3.micro', 2, 1, 'us-west-2') },
      {
        name: 'rds',
        event: sampleDbLaunch({
          account: '210000000003',
          dbClass: 'db.t3.micro',
          engine: 'postgres',
          multiAz: false,
          now: at,
        }),
      },
      { name: 'nat', event: sampleNatLaunch({ account: '210000000003', now: at }) },
      { name: 'no-price', event: launch('210000000003', 'g6.xlarge', 1, 1, 'eu-west-1') },
    ]);
    const [p4d, g6e, small, rds, nat, noPrice] = run.lines;

    expect([p4d, g6e].map((l) => [l?.status, l?.subject])).toEqual([
      ['sent', '[Fast burn estimate] prod-payments (210000000001): p4d.24xlarge × 3, $71.15 an hour'],
      ['sent', expect.stringMatching(/\(210000000002\): g6e\.48xlarge × 2, \$60\.26 an hour$/)],
    ]);
    expect(p4d?.estimate).toMatchObject({ region: 'eu-west-1', hourly: 71.14707, hourlyLimit: 50 });
    expect([small, rds, nat, noPrice].map((l) => [l?.status, l?.reason])).toEqual([
      ['skipped', expect.stringContaining('t3.micro × 2 adds 0.0208 USD an hour, below 1 % of the limit')],
      ['skipped', expect.stringContaining('db.t3.micro × 1 adds 0.0180 USD an hour, below 1 % of the limit')],
      ['skipped', expect.stringContaining('NAT gateway × 1 adds 0.0450 USD an hour, below 1 % of the limit')],
      ['skipped', expect.stringContaining('no on-demand Linux g6.xlarge in eu-west-1 in the price list')],
    ]);
    const texts = run.emails.map((e) => e.body.text);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain('called ec2:RunInstances in eu-west-1');
    expect(texts[0]).toContain(
      'p4d.24xlarge × 3: $23.72 an hour each, $71.15 an hour together. Price: SKU CQ3RZ8A8BQKVHSKT, effective 2026-09-01',
    );
    expect(texts[1]).toContain('g6e.48xlarge × 2: $30.13 an hour each, $60.26 an hour together');
    expect(texts[1]).toContain('SKU unknown (instances.vantage.sh)');
  });

  it('mails a launch it cannot price as such when the Price List API is down, once per account and hour', {
    timeout: 120_000,
  }, async () => {
    const run = await runLaunches(
      [
        { name: 'first', event: launch('210000000002', 'p4d.24xlarge', 1) },
        { name: 'second', event: launch('210000000002', 'g5.2xlarge', 4, 5) },
      ],
      { down: true },
    );

    expect(run.lines.map((l) => l.status)).toEqual(['sent', 'suppressed']);
    expect(run.lines[0]?.subject).toMatch(/p4d\.24xlarge × 1, price unavailable$/);
    expect(run.emails[0]?.body.text).toContain('The launch could not be priced (Price List API unavailable)');
  });
});
