import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { sampleAnomaly } from '../../cli/sample-anomaly.js';
import { RUNTIME_ENV } from '../../handlers/contract/runtime-env.js';
import { AnomalyLedger } from '../../handlers/lib/state/anomaly-ledger.js';
import { runAlarmEvents } from '../helpers/alarm-events.js';
import {
  anomaliesConfig,
  feedbackLinksOf,
  functionUrlRequest,
  postFeedback,
  startActions,
} from '../helpers/anomalies.js';

const now = new Date('2026-11-20T09:00:00Z');
type Line = { status: string; reason?: string; subject?: string };
const ACTION_KEYS = Buffer.alloc(32, 7).toString('base64');
const config = anomaliesConfig();
const linkEnv = {
  [RUNTIME_ENV.actionUrl]: 'https://actions.example.test',
  [RUNTIME_ENV.actionKeys]: ACTION_KEYS,
};

describe('Cost Anomaly Detection anomalies (built bundles, stand-ins)', () => {
  it('mails a real-shaped anomaly once with its root cause, answers its repeat duplicate, mails its growth, and rejects an outsider', {
    timeout: 120_000,
  }, async () => {
    const anomalyId = '12345678-abcd-ef12-3456-987654321a12';
    const first = sampleAnomaly(config, { account: '210000000001', impact: 1001, anomalyId, now });
    const repeat = { ...first, id: 'another-delivery-of-the-same-update' };
    const grown = sampleAnomaly(config, { account: '210000000001', impact: 1800, anomalyId, now });
    const shrunk = sampleAnomaly(config, { account: '210000000001', impact: 900, anomalyId, now });
    const outsider = sampleAnomaly(config, { account: '999999999999', impact: 5000, now });

    const run = await runAlarmEvents<Line>(
      config,
      now,
      [
        { name: 'first', event: first },
        { name: 'repeat', event: repeat },
        { name: 'grown', event: grown },
        { name: 'shrunk', event: shrunk },
        { name: 'outsider', event: outsider },
      ],
      { env: linkEnv },
    );

    expect(run.lines.map((l) => l.status)).toEqual(['sent', 'duplicate', 'sent', 'suppressed', 'rejected']);
    expect(run.lines[0]?.subject).toBe(
      '[Cost anomaly] prod-payments (210000000001): Amazon Elastic Compute Cloud - Compute +$1,001.00',
    );
    expect(run.lines[3]?.reason).toContain('was already taken at an impact of 1800.00');
    expect(run.lines[4]?.reason).toContain('999999999999 is not an active member of the organisation');
    expect(run.emails).toHaveLength(2);
    const text = run.emails[0]?.body.text ?? '';
    expect(text).toContain('Root causes (AWS)');
    expect(text).toContain(
      'Amazon Elastic Compute Cloud - Compute in us-east-1, usage type BoxUsage:m7i.4xlarge, account 210000000001: $600.60',
    );
    expect(text).toContain(`Anomaly id: ${anomalyId}`);
    expect(text).toContain('Why it moved');
    expect(text).toMatch(/Expected \(planned\): https:\/\/actions\.example\.test\/f\/210000000001\?t=/);
    expect(run.emails[0]?.body.html).toContain('href="https://actions.example.test/f/210000000001?t&#x3D;');
    expect(run.emails[1]?.body.text).toContain('it has grown');
    expect(run.put.map((e) => e['detail-type'])).toEqual(['Billing Cost Anomaly', 'Billing Cost Anomaly']);
  });

  it('sends the feedback a link carries to Cost Explorer once, asking first on GET, and records it in the ledger', {
    timeout: 120_000,
  }, async () => {
    const anomalyId = 'a1b2c3d4-0000-4000-8000-feedbackfeed';
    const answers: { status: number; body: string }[] = [];
    let recorded: unknown;
    let afterGet: string | undefined;
    let afterPosts: string | undefined;
    await runAlarmEvents<Line>(
      config,
      now,
      [
        {
          name: 'anomaly',
          event: sampleAnomaly(config, { account: '210000000002', impact: 640, anomalyId, now }),
        },
      ],
      {
        env: linkEnv,
        after: async (standIns, run, configFile) => {
          const link = feedbackLinksOf(run.emails[0]?.body.text ?? '')['Expected (planned)'] ?? '';
          const actions = await startActions(standIns, configFile, ACTION_KEYS, now);
          try {
            for (const request of [
              functionUrlRequest('GET', link),
              postFeedback(link, 'Dana'),
              postFeedback(link, 'Dana'),
            ]) {
              const out = await actions.invoke(request);
              const answer = (out.ok ? out.result : { statusCode: 0, body: JSON.stringify(out.errors) }) as {
                statusCode: number;
                body: string;
              };
              answers.push({ status: answer.statusCode, body: answer.body });
              if (answers.length === 1) afterGet = standIns.ce.anomalyFeedback.get(anomalyId);
            }
          } finally {
            await actions.stop();
          }
          afterPosts = standIns.ce.anomalyFeedback.get(anomalyId);
          recorded = await new AnomalyLedger(
            new DynamoDBClient({
              region: 'us-east-1',
              endpoint: standIns.env.AWS_ENDPOINT_URL_DYNAMODB,
              credentials: { accessKeyId: 'local-setup', secretAccessKey: 'local' },
            }),
            standIns.env[RUNTIME_ENV.tableName] ?? '',
          ).get(anomalyId);
        },
      },
    );

    expect(afterGet).toBeUndefined();
    expect(afterPosts).toBe('PLANNED_ACTIVITY');
    expect(answers.map((a) => a.status)).toEqual([200, 200, 409]);
    expect(answers[0]?.body).toContain('is expected (planned activity)?');
    expect(answers[1]?.body).toContain('was told the anomaly is expected (planned activity)');
    expect(recorded).toMatchObject({
      feedback: 'PLANNED_ACTIVITY',
      history: [{ feedback: 'PLANNED_ACTIVITY', by: 'Dana (email link)', result: 'sent' }],
    });
  });
});
