import { describe, expect, it } from 'vitest';
import { MAX_TAG_RECIPIENTS, routeAlarm, tagRecipients } from '../handlers/lib/delivery/routing.js';
import { exampleConfig } from './helpers/config.js';

const config = exampleConfig();

describe('alarm routing', () => {
  it('always mails the central list, then the OU, account, tag and billing contact, each address once with its reason', () => {
    const routing = routeAlarm(config, {
      accountId: '210000000001',
      ouId: 'ou-a1b2-sandboxes',
      tags: { 'billing-alarms:recipients': 'oncall@example.com FINOPS@example.com' },
      billingContact: 'ap@example.com',
    });

    expect(routing.groups).toEqual([
      { source: 'central', addresses: ['finops@example.com', 'cloud-coe@example.com'] },
      { source: 'ou', addresses: ['sandbox-owners@example.com'], ou: 'ou-a1b2-sandboxes' },
      { source: 'account', addresses: ['payments-leads@example.com'] },
      { source: 'tag', addresses: ['oncall@example.com'] },
      { source: 'billingContact', addresses: ['ap@example.com'] },
    ]);
    expect(routing.recipients).toHaveLength(6);
    expect(routing.problems).toEqual([]);
  });

  it('sends to the central list alone when nothing else is known', () => {
    expect(routeAlarm(config, { accountId: '299999999999' }).recipients).toEqual(
      config.email.centralRecipients,
    );
  });

  it('uses the valid addresses of a tag, names the others, and takes at most ten', () => {
    const many = Array.from({ length: 12 }, (_, i) => `team${i}@example.com`).join(' ');

    expect(tagRecipients('a@example.com, b@example.com;not-mail')).toEqual({
      addresses: ['a@example.com', 'b@example.com'],
      problems: ['tag billing-alarms:recipients: "not-mail" is not an email address'],
    });
    expect(tagRecipients(many).addresses).toHaveLength(MAX_TAG_RECIPIENTS);
    expect(tagRecipients(many).problems[0]).toContain('names 12 addresses');
    expect(routeAlarm(config, { accountId: '299999999999', billingContact: 'nobody' }).problems).toEqual([
      'the billing contact "nobody" is not an email address',
    ]);
  });
});
