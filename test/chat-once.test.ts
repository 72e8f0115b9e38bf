import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Config } from '../handlers/contract/config/schema.js';
import { type ChatSenderDeps, sendChat } from '../handlers/lib/chat/chat-sender.js';
import { DeliveryLedger } from '../handlers/lib/state/delivery-ledger.js';
import { NoiseControl } from '../handlers/lib/state/noise.js';
import { type ChatStandIn, startChat } from '../local/chat.js';
import { useStateTable } from './helpers/alarm-deps.js';
import { exampleConfig } from './helpers/config.js';

const config = exampleConfig();
const slack = config.chat.channels.filter((c) => c.name === 'finops-slack');
const only: Config = { ...config, chat: { ...config.chat, channels: slack, maxPostsPerChannelPerHour: 3 } };
const delivery = { channel: 'finops-slack', type: 'slack' as const, payload: { text: 'crossed' } };
const reached = { accountId: '210000000001', accountName: 'prod-payments', rung: 'critical' };

// One stand-in for the file: the sender keeps each secret's webhook URL for the life of the process.
let chat: ChatStandIn;
beforeAll(async () => {
  chat = await startChat();
});
afterAll(async () => {
  await chat.stop();
});

/** The sender's dependencies: the chat stand-in's clients, a real table, a fixed clock. */
function senderDeps(table: { dynamo: DynamoDBClient; tableName: string }, at: Date): ChatSenderDeps {
  const local = {
    endpoint: chat.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
  };
  return {
    config: only,
    secrets: new SecretsManagerClient(local),
    sns: new SNSClient(local),
    ledger: new DeliveryLedger(table.dynamo, table.tableName),
    noise: new NoiseControl(table.dynamo, table.tableName),
    logger: new Logger({ logLevel: 'SILENT' }),
    now: () => at,
  };
}

describe('chat posts once: claimed before the post', () => {
  const table = useStateTable();
  const deps = () => senderDeps(table(), new Date());

  it('posts once when the same event arrives twice at the same moment; the duplicate is told to retry', async () => {
    const before = chat.posts().length;
    const d = deps();

    const results = await Promise.allSettled([
      sendChat(d, 'alarm#concurrent', [delivery]),
      sendChat(d, 'alarm#concurrent', [delivery]),
    ]);
    const retried = await sendChat(d, 'alarm#concurrent', [delivery]);

    expect(chat.posts().length - before).toBe(1);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(String((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason)).toMatch(
      /being sent by another invocation/,
    );
    expect(retried).toEqual({ sent: [], already: ['finops-slack'] });
  });

  it('tries a failing webhook once more, then gives up rather than post a third time', async () => {
    const d = deps();
    chat.setFailing(true);
    const first = await sendChat(d, 'alarm#failing', [delivery]).catch((e: Error) => e.message);
    const second = await sendChat(d, 'alarm#failing', [delivery]).catch((e: Error) => e.message);
    chat.setFailing(false);
    const third = await sendChat(d, 'alarm#failing', [delivery]).catch((e: Error) => e.message);

    expect(first).toMatch(/webhook answered 500/);
    expect(second).toMatch(/webhook answered 500/);
    expect(third).toMatch(/gave up after 2 attempts/);
  });

  it('a webhook that takes the post and loses the answer: one retry, logged as a possible second post, then done', async () => {
    const d = deps();
    const warn = vi.spyOn(d.logger, 'warn');
    const before = chat.posts().length;
    chat.setFaults({ resetAfterAccept: 1 });

    const first = await sendChat(d, 'alarm#lost-answer', [delivery]).catch((e: Error) => e.message);
    const retried = await sendChat(d, 'alarm#lost-answer', [delivery]);
    const again = await sendChat(d, 'alarm#lost-answer', [delivery]);

    expect(first).toMatch(/chat not delivered to finops-slack/);
    expect(retried).toEqual({ sent: ['finops-slack'], already: [] });
    expect(again).toEqual({ sent: [], already: ['finops-slack'] });
    expect(chat.posts().length - before).toBe(2);
    expect(warn).toHaveBeenCalledWith(
      'chat post tried again: the first attempt may have been accepted',
      expect.objectContaining({ channel: 'finops-slack', attempt: 2 }),
    );
  });
});

describe('chat storms: past the hourly cap a channel gets one digest, not one post per alarm', () => {
  const table = useStateTable();
  const deps = () => senderDeps(table(), new Date('2026-11-20T09:30:00Z'));
  const storm = (mailedAt: string) => ({ mailedAt, reached });

  it('posts the first 3 alarms of the hour, then one digest naming the alarm that reached the limit, then nothing, whatever is retried', async () => {
    const d = deps();
    const before = chat.posts().length;

    const outcomes = [];
    for (let i = 0; i < 8; i++)
      outcomes.push(await sendChat(d, `alarm#storm-${i}`, [delivery], storm(`2026-11-20T09:0${i}:00Z`)));
    const posts = chat.posts().slice(before);

    expect(
      outcomes.map((o) => Object.keys(o).find((k) => k !== 'already' && k !== 'sent') ?? 'sent'),
    ).toEqual(['sent', 'sent', 'sent', 'digest', 'quieted', 'quieted', 'quieted', 'quieted']);
    expect(posts).toHaveLength(4);
    expect(JSON.stringify(posts[3]?.body)).toMatch(/More than 3 billing alarms for this channel this hour/);
    expect(JSON.stringify(posts[3]?.body)).toMatch(/prod-payments \(210000000001\), Critical/);

    // Lambda retrying a publisher invocation: each alarm keeps its decision, nothing is posted again.
    const first = await sendChat(d, 'alarm#storm-0', [delivery], storm('2026-11-20T09:00:00Z'));
    const past = await sendChat(d, 'alarm#storm-7', [delivery], storm('2026-11-20T09:07:00Z'));
    expect(first).toEqual({ sent: [], already: ['finops-slack'] });
    expect(past).toEqual({ sent: [], already: [], quieted: ['finops-slack'] });
    expect(chat.posts().length - before).toBe(4);
    // The next hour starts a new count.
    expect(await sendChat(d, 'alarm#next-hour', [delivery], storm('2026-11-20T10:00:00Z'))).toEqual({
      sent: ['finops-slack'],
      already: [],
    });
  });

  it('posts one digest when alarms past the cap arrive at the same moment', async () => {
    const d = deps();
    const before = chat.posts().length;
    for (let i = 0; i < 3; i++)
      await sendChat(d, `alarm#burst-${i}`, [delivery], storm('2026-11-20T10:00:00Z'));

    const burst = await Promise.allSettled(
      [3, 4, 5, 6].map((i) => sendChat(d, `alarm#burst-${i}`, [delivery], storm('2026-11-20T10:01:00Z'))),
    );
    const bodies = chat
      .posts()
      .slice(before)
      .map((p) => JSON.stringify(p.body));

    expect(bodies).toHaveLength(4);
    expect(bodies.filter((b) => b.includes('More than 3 billing alarms'))).toHaveLength(1);
    // Those that met the digest's claim are retried by Lambda and then find it posted.
    for (const r of burst)
      if (r.status === 'rejected') expect(String(r.reason)).toMatch(/being sent by another invocation/);
  });

  it('never holds back a post without an alarm’s hour (the report summary)', async () => {
    const d = deps();
    const before = chat.posts().length;

    for (let i = 0; i < 5; i++) await sendChat(d, `report#run-${i}`, [delivery]);

    expect(chat.posts().length - before).toBe(5);
  });
});
