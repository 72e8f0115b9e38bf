import { describe, expect, it } from 'vitest';
import { isSqsBatch, type NotifyOne, notifyBatch } from '../handlers/lib/alarm/alarm-batch.js';
import type { NotifyResult } from '../handlers/lib/alarm/alarm-deps.js';
import { BatchWindow } from '../handlers/lib/alarm/batch-window.js';
import type { PagedCosts } from '../handlers/lib/costs/cost-queries.js';
import { accountAnswer, recordingQuery } from './helpers/window-queries.js';

/** An SQS batch of these bodies, message ids m0, m1, … */
function batchOf(bodies: unknown[]) {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `m${i}`,
      receiptHandle: `r${i}`,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      eventSource: 'aws:sqs' as const,
    })),
  };
}

const alarm = (id: string, account: string) => ({
  id,
  account,
  'detail-type': 'CloudWatch Alarm State Change',
});
const sent = (messageId: string): NotifyResult => ({
  status: 'sent',
  recipients: ['a@example.com'],
  messageIds: [messageId],
  costExplorerRequests: 0,
});
const quietLogger = { error: () => undefined };

/** A batch of these bodies through `notify`, its window answering with `query`. */
const runBatch = (bodies: unknown[], notify: NotifyOne, query = recordingQuery().query) =>
  notifyBatch(batchOf(bodies), notify, query, quietLogger);

describe('a batch of alarms from the alarm queue', () => {
  it('tells an SQS batch from a bare EventBridge event', () => {
    expect(isSqsBatch(batchOf([alarm('e1', '1')]))).toBe(true);
    expect(isSqsBatch(alarm('e1', '1'))).toBe(false);
    expect(isSqsBatch({ Records: [] })).toBe(false);
  });

  it('queries Cost Explorer once for every account that asks, and hands each its own answer', async () => {
    const { calls, query } = recordingQuery();
    const got = new Map<string, PagedCosts | undefined>();
    const notify: NotifyOne = async (event, figures, messageId) => {
      const account = (event as { account: string }).account;
      got.set(account, await figures.answerFor(account, AbortSignal.timeout(5_000)));
      return sent(messageId);
    };

    const { response } = await runBatch(
      [alarm('e1', '111'), alarm('e2', '222'), alarm('e3', '333')],
      notify,
      query,
    );

    expect(calls).toEqual([['111', '222', '333']]);
    expect(got.get('222')?.groups[0]?.amount).toBe(222);
    expect(response.batchItemFailures).toEqual([]);
  });

  it('waits only for the alarms that need figures: a replay or a suppressed alarm leaves the window', async () => {
    const { calls, query } = recordingQuery();
    const notify: NotifyOne = async (event, figures, messageId) => {
      const account = (event as { account: string }).account;
      // The third is a replay: it finishes without asking for figures.
      if (account !== '333') await figures.answerFor(account, AbortSignal.timeout(5_000));
      return sent(messageId);
    };

    await runBatch([alarm('e1', '111'), alarm('e2', '222'), alarm('e3', '333')], notify, query);

    expect(calls).toEqual([['111', '222']]);
  });

  it('lets an account alone in its batch ask alone (its own one request is cheaper)', async () => {
    const { calls, query } = recordingQuery();
    let shared: PagedCosts | undefined = accountAnswer('999');
    await runBatch(
      [alarm('e1', '111')],
      async (_event, figures, messageId) => {
        shared = await figures.answerFor('111', AbortSignal.timeout(5_000));
        return sent(messageId);
      },
      query,
    );

    expect(calls).toEqual([]);
    expect(shared).toBeUndefined();
  });

  it('reports only the alarms that failed, so SQS retries only those', async () => {
    const { query } = recordingQuery();
    const notify: NotifyOne = async (event, _figures, messageId) => {
      if ((event as { account: string }).account === '222') throw new Error('SES refused the batch');
      return sent(messageId);
    };

    const { response, items } = await runBatch(
      [alarm('e1', '111'), alarm('e2', '222'), alarm('e3', '333')],
      notify,
      query,
    );

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(items.map((i) => i.result?.status ?? i.error)).toEqual([
      'sent',
      'Error: SES refused the batch',
      'sent',
    ]);
  });

  it('runs two messages of the same event one after the other, each with its own message id as owner', async () => {
    const { query } = recordingQuery();
    const order: string[] = [];
    const delivered = new Set<string>();
    const notify: NotifyOne = async (event, figures, messageId) => {
      const { id, account } = event as { id: string; account: string };
      order.push(`start ${messageId}`);
      await figures.answerFor(account, AbortSignal.timeout(5_000));
      await new Promise((r) => setTimeout(r, 5));
      order.push(`end ${messageId}`);
      // The ledger's answer: the second delivery of the event finds the first one done.
      if (delivered.has(id)) return { ...sent(messageId), status: 'duplicate' };
      delivered.add(id);
      return sent(messageId);
    };

    const { items, response } = await runBatch(
      [alarm('e1', '111'), alarm('e1', '111'), alarm('e2', '222')],
      notify,
      query,
    );

    expect(order.indexOf('end m0')).toBeLessThan(order.indexOf('start m1'));
    expect(items.map((i) => i.result?.status)).toEqual(['sent', 'duplicate', 'sent']);
    expect(response.batchItemFailures).toEqual([]);
  });

  it('passes a body that is not JSON on as text, so the alarm path rejects and records it', async () => {
    const { query } = recordingQuery();
    const seen: unknown[] = [];
    await runBatch(
      ['not json'],
      async (event, _figures, messageId) => {
        seen.push(event);
        return { ...sent(messageId), status: 'rejected' };
      },
      query,
    );

    expect(seen).toEqual(['not json']);
  });

  it('gives every alarm that joined the shared queries’ failure, and lets a late one ask alone', async () => {
    const failing = async () => {
      throw new Error('ThrottlingException');
    };
    const window = new BatchWindow(['a', 'b'], failing, 50);
    const a = window.member('a');
    const b = window.member('b');

    const first = a.answerFor('111', AbortSignal.timeout(5_000));
    const second = b.answerFor('222', AbortSignal.timeout(5_000));

    await expect(first).rejects.toThrow('ThrottlingException');
    await expect(second).rejects.toThrow('ThrottlingException');
    await expect(window.member('c').answerFor('333', AbortSignal.timeout(5_000))).resolves.toBeUndefined();
  });

  it('starts the queries after its wait with the accounts that joined when another alarm never comes', async () => {
    const { calls, query } = recordingQuery();
    const window = new BatchWindow(['a', 'b', 'stuck'], query, 50);

    const answers = await Promise.all([
      window.member('a').answerFor('111', AbortSignal.timeout(5_000)),
      window.member('b').answerFor('222', AbortSignal.timeout(5_000)),
    ]);

    expect(calls).toEqual([['111', '222']]);
    expect(answers.map((a) => a?.groups[0]?.amount)).toEqual([111, 222]);
  });
});
