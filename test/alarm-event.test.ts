import { describe, expect, it } from 'vitest';
import { verifyBillingAlarm } from '../handlers/lib/alarm/alarm-event.js';
import { eventFixture } from './helpers/events.js';

const verify = (event: unknown) => verifyBillingAlarm(event, { alarmNamePrefix: 'billing-alarm-' });

describe('verifying forwarded alarm events', () => {
  it('accepts a billing alarm and reads tier, threshold and datapoint from reasonData', () => {
    const verdict = verify(eventFixture('critical-alarm'));

    expect(verdict).toEqual({
      ok: true,
      value: expect.objectContaining({
        eventId: '7bf73129-1428-4cd3-a780-95db273d1602',
        accountId: '210000000001',
        rung: 'critical',
        state: 'ALARM',
        threshold: 6000,
        estimatedCharges: 6720,
        currency: 'USD',
      }),
    });
  });

  it.each([
    ['spoofed-account', /account 210000000003 does not own the alarm/],
    ['other-namespace', /namespace is "AWS\/EC2", not AWS\/Billing/],
    ['configuration-change', /detail-type is "CloudWatch Alarm Configuration Change"/],
    ['not-an-alarm', /source is "aws.ec2", not aws.cloudwatch/],
  ])('rejects %s with a reason', (fixture, reason) => {
    const verdict = verify(eventFixture(fixture));

    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toMatch(reason);
  });

  it('rejects an alarm without the configured prefix', () => {
    const event = eventFixture('critical-alarm');
    event.detail.alarmName = 'team-budget-critical';
    event.resources = ['arn:aws:cloudwatch:us-east-1:210000000001:alarm:team-budget-critical'];

    expect(verify(event)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/lacks the configured prefix/),
    });
  });

  it('rejects a per-service billing alarm, which does not watch the account total', () => {
    const event = eventFixture('critical-alarm');
    event.detail.configuration.metrics[0].metricStat.metric.dimensions.ServiceName = 'AmazonEC2';

    expect(verify(event)).toMatchObject({ ok: false, reason: expect.stringMatching(/one service/) });
  });

  it('rejects a LinkedAccount dimension naming another account', () => {
    const event = eventFixture('critical-alarm');
    event.detail.configuration.metrics[0].metricStat.metric.dimensions.LinkedAccount = '999999999999';

    expect(verify(event)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/LinkedAccount 999999999999/),
    });
  });

  it('rejects what is not an EventBridge event, naming the missing field', () => {
    expect(verify({ hello: 'world' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not an EventBridge event: \w+/),
    });
    expect(verify(null)).toMatchObject({ ok: false });
  });

  it('rejects a malformed detail, naming the field', () => {
    const event = eventFixture('critical-alarm');
    event.detail.state.value = 'MAYBE';

    expect(verify(event)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/malformed alarm state change: detail\.state\.value/),
    });
  });

  it('keeps going without figures when reasonData is not JSON', () => {
    const event = eventFixture('critical-alarm');
    event.detail.state.reasonData = '{not json';

    const verdict = verify(event);

    expect(verdict.ok && verdict.value.threshold).toBeUndefined();
    expect(verdict.ok && verdict.value.rung).toBe('critical');
  });
});

describe('a stricter edge', () => {
  const verifyFixture = (change: (event: Record<string, any>) => void) => {
    const event = eventFixture('critical-alarm');
    change(event);
    return verifyBillingAlarm(event, { alarmNamePrefix: 'billing-alarm-' });
  };

  it.each([
    [
      'a metric-math alarm',
      (e: Record<string, any>) =>
        e.detail.configuration.metrics.push({ id: 'e1', expression: 'm1 * 2', returnData: true }),
      /metric-math alarm/,
    ],
    [
      'an anomaly-detection alarm',
      (e: Record<string, any>) =>
        e.detail.configuration.metrics.push({ id: 'ad1', expression: 'ANOMALY_DETECTION_BAND(m1, 2)' }),
      /anomaly-detection alarm/,
    ],
    [
      'a composite alarm',
      (e: Record<string, any>) => {
        e.detail.configuration = { alarmRule: 'ALARM(a) OR ALARM(b)', description: 'composite' };
      },
      /composite alarm/,
    ],
    [
      'another dimension than Currency and LinkedAccount',
      (e: Record<string, any>) => {
        e.detail.configuration.metrics[0].metricStat.metric.dimensions.Team = 'x';
      },
      /unexpected dimension\(s\) Team/,
    ],
    [
      'no Currency dimension',
      (e: Record<string, any>) => {
        e.detail.configuration.metrics[0].metricStat.metric.dimensions = {};
      },
      /no Currency dimension/,
    ],
  ])('rejects %s', (_what, change, reason) => {
    expect(verifyFixture(change)).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
  });

  it('rejects an event over 256 KB without parsing it further', () => {
    const verdict = verifyFixture((e) => {
      e.detail.configuration.description = 'x'.repeat(300_000);
    });

    expect(verdict).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/event is \d+ KB, over the 256 KB/),
    });
    expect(verdict.ok ? '' : verdict.eventId).toBe('7bf73129-1428-4cd3-a780-95db273d1602');
  });

  it('rejects more than 1,000 datapoints, and never throws a RangeError on many', () => {
    const datapoints = (n: number) => (e: Record<string, any>) => {
      e.detail.state.reasonData = JSON.stringify({
        recentDatapoints: Array.from({ length: n }, (_, i) => i),
      });
    };

    expect(verifyFixture(datapoints(1001))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/1001 datapoints/),
    });
    expect(verifyFixture(datapoints(1000))).toMatchObject({ ok: true, value: { estimatedCharges: 999 } });
    expect(() => verifyFixture(datapoints(30_000))).not.toThrow();
  });
});
