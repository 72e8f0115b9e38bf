import { describe, expect, it } from 'vitest';
import { readGovernanceEvent } from '../handlers/lib/governance/governance-event.js';
import {
  createAccountResultEvent,
  moveAccountEvent,
  stackInstanceEvent,
} from './helpers/governance-events.js';

const SET = 'billing-alarm-forwarder-member';

describe('governance events', () => {
  it('reads the account of a move, a creation and a created stack instance', () => {
    expect(readGovernanceEvent(moveAccountEvent('210000000005', 'ou-a', 'ou-b'), SET)).toEqual({
      kind: 'check',
      account: { accountId: '210000000005', cause: 'MoveAccount', destinationOu: 'ou-b' },
    });
    expect(readGovernanceEvent(createAccountResultEvent('240000000001'), SET)).toMatchObject({
      kind: 'check',
      account: { accountId: '240000000001', cause: 'CreateAccountResult' },
    });
    expect(readGovernanceEvent(stackInstanceEvent(SET, '240000000002'), SET)).toMatchObject({
      kind: 'check',
      account: { accountId: '240000000002', cause: 'StackInstanceCreated' },
    });
  });

  it('skips what needs nothing: a failed creation, another StackSet, an update or a deletion', () => {
    expect(readGovernanceEvent(createAccountResultEvent('240000000001', 'FAILED'), SET)).toEqual({
      kind: 'skip',
      reason: 'account creation failed',
    });
    expect(readGovernanceEvent(stackInstanceEvent('other-set', '240000000002'), SET).kind).toBe('skip');
    expect(readGovernanceEvent(stackInstanceEvent(SET, '240000000002', 'UPDATE'), SET).kind).toBe('skip');
    expect(
      readGovernanceEvent(stackInstanceEvent(SET, '240000000002', 'DELETE', 'INOPERABLE'), SET).kind,
    ).toBe('skip');
  });

  it('rejects, naming why, other events and events without an account', () => {
    const alarm = { source: 'aws.cloudwatch', 'detail-type': 'CloudWatch Alarm State Change', detail: {} };
    const other = { ...moveAccountEvent('210000000005', 'a', 'b'), detail: { eventName: 'CreatePolicy' } };
    const noAccount = moveAccountEvent('21000000000x', 'a', 'b');

    expect(readGovernanceEvent(alarm, SET)).toEqual({
      kind: 'reject',
      reason:
        'not an Organizations or StackSet event (source aws.cloudwatch, detail-type CloudWatch Alarm State Change)',
    });
    expect(readGovernanceEvent(other, SET)).toMatchObject({
      kind: 'reject',
      reason: expect.stringContaining('CreatePolicy'),
    });
    expect(readGovernanceEvent(noAccount, SET)).toEqual({
      kind: 'reject',
      reason: 'MoveAccount event without a 12-digit account id',
    });
    expect(readGovernanceEvent(null, SET).kind).toBe('reject');
  });
});
