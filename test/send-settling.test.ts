import { Logger } from '@aws-lambda-powertools/logger';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DELIVERY_TAG, matchesSendingEvents } from '../handlers/contract/sending-events.js';
import {
  type DeliveryContext,
  deliverEmail,
  deliveryTag,
  UnconfirmedSendError,
} from '../handlers/lib/delivery/mailer.js';
import { recordSendingEvent } from '../handlers/lib/delivery/sending-events.js';
import { DeliveryLedger } from '../handlers/lib/state/delivery-ledger.js';
import { RecipientFeedback } from '../handlers/lib/state/recipient-feedback.js';
import { SendEvidence } from '../handlers/lib/state/send-evidence.js';
import { StateTable } from '../handlers/lib/state/table.js';
import { SIMULATOR, sendingEventsOf } from '../local/ses-events.js';
import { item, useStateTable } from './helpers/alarm-deps.js';

const ses = mockClient(SESv2Client);
const table = useStateTable();
const logger = new Logger({ logLevel: 'SILENT' });

const lostAnswer = () =>
  Object.assign(new Error('We encountered an internal error'), {
    name: 'InternalFailure',
    $metadata: { httpStatusCode: 500 },
  });
const email = {
  from: 'a@example.com',
  to: ['x@example.com', 'y@example.com'],
  subject: 's',
  html: 'h',
  text: 't',
};

/** A delivery context on a wall clock the test moves; the confirmation window is one minute. */
function context(wall: { now: number }, key = 'alarm#e-1'): DeliveryContext {
  const { dynamo, tableName } = table();
  return {
    ledger: new DeliveryLedger(dynamo, tableName),
    key,
    owner: 'request-1',
    leaseMs: 30_000,
    logger,
    clock: () => wall.now,
    wallClock: () => wall.now,
    confirmWindowMs: 60_000,
    remainingMs: () => 0,
  };
}

/** What the alarm function records SES's events with, on the test's table. */
function recorder() {
  const { dynamo, tableName } = table();
  return {
    evidence: new SendEvidence(new StateTable(dynamo, tableName)),
    feedback: new RecipientFeedback(dynamo, tableName),
    logger,
    now: Date.now,
  };
}

/** SES's events of a message of batch `index` of `key`, through the function that records them. */
async function sesPublishes(key: string, index: number, messageId: string, recipients = email.to) {
  const deps = recorder();
  const events = sendingEventsOf({
    messageId,
    from: email.from,
    recipients,
    configurationSet: 'billing-alarms-mail',
    tags: [{ Name: DELIVERY_TAG, Value: deliveryTag(key, index) }],
    account: '100000000001',
    region: 'us-east-1',
  });
  return Promise.all(events.map((e) => recordSendingEvent(e, deps)));
}

describe('settling a send whose answer was lost, with SES’s own events', () => {
  beforeEach(() => ses.reset());

  it('tags every batch with a fixed-length hash of its delivery key that SES accepts as a tag value', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });

    await deliverEmail(
      new SESv2Client({}),
      email,
      context({ now: 1_000 }, 'pace#210000000001#critical#2026-11'),
    );

    const tags = ses.commandCalls(SendEmailCommand)[0]?.args[0].input.EmailTags ?? [];
    const tag = tags.find((t) => t.Name === DELIVERY_TAG)?.Value ?? '';
    expect(tag).toBe(deliveryTag('pace#210000000001#critical#2026-11', 0));
    expect(tag).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
    expect(tag).toHaveLength(40);
  });

  it('a lost answer whose Send event arrived is confirmed with that message id and never sent again', async () => {
    const wall = { now: 1_000_000 };
    ses.on(SendEmailCommand).callsFake(async () => {
      await sesPublishes('alarm#e-1', 0, 'm-accepted');
      throw lostAnswer();
    });

    const delivered = await deliverEmail(new SESv2Client({}), email, context(wall));

    expect(delivered.messageIds).toEqual(['m-accepted']);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(await item(table(), 'delivery#alarm#e-1#0')).toMatchObject({
      state: 'sent',
      messageId: 'm-accepted',
    });
  });

  it('without a Send event the batch waits unconfirmed through the window, then is sent once more', async () => {
    const wall = { now: 1_000_000 };
    let sends = 0;
    ses.on(SendEmailCommand).callsFake(async () => {
      sends += 1;
      if (sends === 1) throw lostAnswer();
      return { MessageId: 'm-second' };
    });

    await expect(deliverEmail(new SESv2Client({}), email, context(wall))).rejects.toThrow(
      UnconfirmedSendError,
    );
    expect(await item(table(), 'delivery#alarm#e-1#0')).toMatchObject({
      state: 'unconfirmed',
      sentAt: 1_000_000,
    });
    wall.now += 30_000;
    await expect(deliverEmail(new SESv2Client({}), email, context(wall))).rejects.toThrow(
      /waiting for its Send event/,
    );
    expect(sends).toBe(1);
    wall.now += 30_000;
    const delivered = await deliverEmail(new SESv2Client({}), email, context(wall));

    expect(delivered.messageIds).toEqual(['m-second']);
    expect(sends).toBe(2);
  });

  it('a Send event arriving after the failed attempt settles the retry without a send', async () => {
    const wall = { now: 1_000_000 };
    ses.on(SendEmailCommand).rejects(lostAnswer());
    await expect(deliverEmail(new SESv2Client({}), email, context(wall))).rejects.toThrow(
      UnconfirmedSendError,
    );

    await sesPublishes('alarm#e-1', 0, 'm-late');
    wall.now += 120_000;
    const retried = await deliverEmail(new SESv2Client({}), email, context(wall));

    expect(retried.messageIds).toEqual(['m-late']);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('a batch claimed by an invocation that died mid-send is settled by its Send event, not sent again', async () => {
    const wall = { now: 1_000_000 };
    const ctx = context(wall);
    await ctx.ledger.claim(
      'alarm#e-1',
      0,
      { owner: 'dead', leaseMs: 10, claimedAt: wall.now, prior: undefined },
      wall.now,
    );
    await sesPublishes('alarm#e-1', 0, 'm-before-death');
    wall.now += 1_000;

    const delivered = await deliverEmail(new SESv2Client({}), email, ctx);

    expect(delivered).toMatchObject({ messageIds: ['m-before-death'], earlierOwners: ['dead'] });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});

describe('recording SES’s sending events', () => {
  it('records bounces and complaints per recipient, lower-cased, for the operators', async () => {
    await sesPublishes('alarm#e-2', 0, 'm-b', ['Ok@example.com', SIMULATOR.bounce, SIMULATOR.complaint]);
    await sesPublishes('alarm#e-3', 0, 'm-c', [SIMULATOR.bounce]);

    const { dynamo, tableName } = table();
    const feedback = await new RecipientFeedback(dynamo, tableName).all();

    expect(feedback.map((f) => [f.address, f.kind, f.count])).toEqual(
      expect.arrayContaining([
        [SIMULATOR.bounce, 'bounce', 2],
        [SIMULATOR.complaint, 'complaint', 1],
      ]),
    );
    expect(feedback).toHaveLength(2);
    expect(feedback.find((f) => f.kind === 'bounce')?.detail).toMatch(/Permanent\/General 5\.1\.1/);
  });

  it('ignores SES events of other mail and shapes SES does not send, without throwing', async () => {
    const deps = recorder();
    const foreign = sendingEventsOf({
      messageId: 'm-other',
      from: 'app@example.com',
      recipients: ['z@example.com'],
      configurationSet: 'another-app',
      tags: [],
      account: '100000000001',
      region: 'us-east-1',
    })[0];

    expect(await recordSendingEvent(foreign, deps)).toMatchObject({ status: 'ignored' });
    expect(
      await recordSendingEvent({ source: 'aws.ses', detail: { eventType: 'Nope' } }, deps),
    ).toMatchObject({
      status: 'ignored',
    });
    expect(matchesSendingEvents(foreign ?? {})).toBe(false);
  });
});
