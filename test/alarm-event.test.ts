import { describe, expect, it } from 'vitest';
import { verifyBillingAlarm } from '../handlers/lib/events/alarm-event.js';
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
        tier: 'critical',
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
    expect(verdict.ok && verdict.value.tier).toBe('critical');
  });
});
