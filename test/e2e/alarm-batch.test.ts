import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sqsBatchEvent } from '../../cli/bench/sqs-batches.js';
import { runThroughBundle } from '../../cli/run-events.js';
import { sampleEvent } from '../../cli/sample-event.js';
import type { BatchAnswer } from '../../handlers/lib/alarm/alarm-handler.js';
import { sampleOrganisationFixture } from '../../local/organization-fixture.js';
import { sampleOrganisationCosts } from '../../local/sample-org.js';
import { startStandIns } from '../../local/stand-ins.js';
import { tempOut, testBundles } from '../helpers/bundles.js';
import { exampleConfig } from '../helpers/config.js';

const config = exampleConfig();
const now = new Date('2026-11-20T09:00:00Z');
const rows = sampleOrganisationCosts(now);
const QUEUE = 'arn:aws:sqs:us-east-1:000000000000:alarm-queue';

describe('a batch from the alarm queue end to end (built bundle, real SDK clients, stand-ins over HTTP)', () => {
  const bundles = testBundles();

  it('mails each alarm once with one shared set of Cost Explorer queries, a duplicate message answering duplicate, and a replayed batch sending nothing', async () => {
    const standIns = await startStandIns({
      costs: rows,
      now,
      organisation: sampleOrganisationFixture(config),
    });
    try {
      const accounts = ['210000000001', '210000000002', '220000000001'];
      const events = accounts.map((account) => sampleEvent(config, { account, rung: 'critical', now }));
      // The first event twice (EventBridge delivers at least once): two messages, one delivery.
      const batch = sqsBatchEvent([...events, events[0]], QUEUE);
      const outDirs: string[] = [];
      const run = () => {
        const outDir = tempOut();
        outDirs.push(outDir);
        return runThroughBundle({
          bundle: bundles.alarm,
          // The function's hand-over is off locally; the runner hands each answer over as it would.
          publisher: bundles.publisher,
          functionName: 'billing-alarm',
          events: [{ name: 'batch', event: batch }],
          costs: rows,
          now,
          outDir,
          standIns,
          retryDelaysMs: [50, 100],
        });
      };

      const first = await run();
      const billedFirst = standIns.ce.stats.billed;
      const answer = first.answers[0] as BatchAnswer;

      expect(answer.batchItemFailures).toEqual([]);
      expect(answer.items?.map((i) => i.result?.status)).toEqual(['sent', 'sent', 'sent', 'duplicate']);
      expect(first.emails).toHaveLength(3);
      expect(first.emails.map((e) => e.subject).sort()).toEqual(
        (answer.items ?? [])
          .slice(0, 3)
          .map((i) => i.result?.subject)
          .sort(),
      );
      // One by-service query for the three accounts and one by record type, where each alone makes one.
      expect(billedFirst).toBe(2);
      // Every email has its account's figures from the shared answer.
      for (const email of first.emails) expect(email.body.text).toContain('Usage month to date:');
      // One crossing per mailed alarm reaches the bus through the publisher; none for the duplicate.
      const crossings = standIns.eventBridge
        .events()
        .filter((e) => e['detail-type'] === 'Billing Threshold Crossed');
      expect(crossings.map((e) => (e.detail as { accountId: string }).accountId).sort()).toEqual(accounts);

      // Each alarm's log lines carry its own message and account, never another alarm's (they run at once).
      const lines = readFileSync(join(outDirs[0] ?? '', 'billing-alarm.log'), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { messageId?: string; accountId?: string });
      for (const record of batch.Records.slice(0, 3)) {
        const own = lines.filter((l) => l.messageId === record.messageId);
        const account = (JSON.parse(record.body) as { account: string }).account;
        expect(own.length).toBeGreaterThan(0);
        expect(new Set(own.flatMap((l) => (l.accountId ? [l.accountId] : [])))).toEqual(new Set([account]));
      }

      // SQS hands the whole batch again (say, the invocation timed out after mailing): nothing more is sent.
      const again = await run();
      const replay = again.answers[0] as BatchAnswer;

      expect(again.emails).toHaveLength(0);
      expect(replay.batchItemFailures).toEqual([]);
      // The same messages are the same owners: their first answers, with the same message ids.
      expect(replay.items?.map((i) => i.result?.messageIds)).toEqual(
        answer.items?.map((i) => i.result?.messageIds),
      );
      expect(standIns.ce.stats.billed).toBe(billedFirst);
      expect((await standIns.ses.emails()).length).toBe(3);
      // The replay answers `sent` with the first message ids (same owners): the publisher's own
      // claim keeps the crossings at one each.
      expect(
        standIns.eventBridge.events().filter((e) => e['detail-type'] === 'Billing Threshold Crossed'),
      ).toHaveLength(3);
    } finally {
      await standIns.stop();
    }
  });
});
