import { Logger } from '@aws-lambda-powertools/logger';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendChat } from '../handlers/lib/chat/chat-sender.js';
import { DeliveryLedger } from '../handlers/lib/state/delivery-ledger.js';
import { type ChatStandIn, startChat } from '../local/chat.js';
import { useStateTable } from './helpers/alarm-deps.js';
import { exampleConfig } from './helpers/config.js';

const config = exampleConfig();
const slack = config.chat.channels.filter((c) => c.name === 'finops-slack');
const only = { ...config, chat: { ...config.chat, channels: slack } };
const delivery = { channel: 'finops-slack', type: 'slack' as const, payload: { text: 'crossed' } };

describe('chat posts once: claimed before the post', () => {
  const table = useStateTable();
  let chat: ChatStandIn;
  beforeAll(async () => {
    chat = await startChat();
  });
  afterAll(async () => {
    await chat.stop();
  });
  const deps = () => {
    const local = {
      endpoint: chat.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    };
    const { dynamo, tableName } = table();
    return {
      config: only,
      secrets: new SecretsManagerClient(local),
      sns: new SNSClient(local),
      ledger: new DeliveryLedger(dynamo, tableName),
      logger: new Logger({ logLevel: 'SILENT' }),
      now: () => new Date(),
    };
  };

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
});
