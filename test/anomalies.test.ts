import { describe, expect, it } from 'vitest';
import { sampleAnomaly } from '../cli/sample-anomaly.js';
import { parseConfig } from '../handlers/contract/config/load.js';
import { signActionToken } from '../handlers/lib/actions/action-token.js';
import { signFeedbackToken, verifyFeedbackToken } from '../handlers/lib/actions/feedback-token.js';
import { readAnomaly } from '../handlers/lib/anomalies/anomaly-event.js';
import { anomalyText, anomalyViewModel } from '../handlers/lib/anomalies/anomaly-notice.js';
import { renderHtml } from '../handlers/lib/email/render.js';
import { ANOMALY_EMAIL } from '../handlers/lib/email/templates.generated.js';
import { missing } from '../handlers/lib/result.js';
import { AnomalyLedger } from '../handlers/lib/state/anomaly-ledger.js';
import { useStateTable } from './helpers/alarm-deps.js';
import { anomaliesConfig } from './helpers/anomalies.js';
import { exampleConfigInput } from './helpers/config.js';

const now = new Date('2026-11-20T09:00:00Z');
const config = anomaliesConfig();
const expectOf = { managementAccountId: config.organization.managementAccountId, monitors: [] as string[] };
const keys = { current: Buffer.alloc(32, 3) };

describe('the anomaly edge (readAnomaly)', () => {
  it('reads the documented event: the largest root cause names the account, AWS’s impact and link kept', () => {
    const event = sampleAnomaly(config, { account: '210000000001', impact: 1001, anomalyId: 'a-1', now });
    event.detail.rootCauses.push({
      linkedAccount: '210000000002',
      linkedAccountName: null,
      region: 'eu-west-1',
      service: 'Amazon Simple Storage Service',
      usageType: 'EU-TimedStorage-ByteHrs',
      impact: { contribution: 50 },
    });

    const anomaly = readAnomaly(event, expectOf);

    expect(anomaly).toMatchObject({
      anomalyId: 'a-1',
      accountId: '210000000001',
      otherAccounts: ['210000000002'],
      impact: { totalImpact: 1001, totalExpectedSpend: 300, totalActualSpend: 1301 },
      rootCauses: [{ usageType: 'BoxUsage:m7i.4xlarge', contribution: 600.6 }, { region: 'eu-west-1' }],
    });
  });

  it('rejects another account’s event, a monitor not configured, a missing impact and a malformed linked account, each with why', () => {
    const good = () => sampleAnomaly(config, { account: '210000000001', now });
    const fromMember = { ...good(), account: '210000000001' };
    const noImpact = good() as { detail: Record<string, unknown> };
    delete noImpact.detail.impact;
    const badLinked = good();
    (badLinked.detail.rootCauses[0] as { linkedAccount: string }).linkedAccount = 'prod';

    const reasons = [
      readAnomaly(fromMember, expectOf),
      readAnomaly(good(), { ...expectOf, monitors: ['arn:aws:ce::111111111111:anomalymonitor/other'] }),
      readAnomaly(noImpact, expectOf),
      readAnomaly(badLinked, expectOf),
    ].map((r) => ('rejected' in r ? r.rejected : 'accepted'));

    expect(reasons).toEqual([
      expect.stringContaining('not the management account 100000000001'),
      expect.stringContaining('is not one of anomalies.monitors'),
      expect.stringContaining('detail.impact'),
      'root cause names linked account "prod", not a 12-digit account id',
    ]);
  });
});

describe('the anomalies: configuration section', () => {
  const withAnomalies = (anomalies: unknown) => () => parseConfig({ ...exampleConfigInput(), anomalies });

  it('takes monitors, a monitor and subscription to create, and defaults', () => {
    const parsed = withAnomalies({
      monitors: ['arn:aws:ce::111111111111:anomalymonitor/abcdef12-1234-4ea0-84cc-918a97d736ef'],
      create: { minImpact: 250, topicArn: 'arn:aws:sns:us-east-1:111111111111:cost-anomalies' },
    })();

    expect(parsed.anomalies).toEqual({
      monitors: ['arn:aws:ce::111111111111:anomalymonitor/abcdef12-1234-4ea0-84cc-918a97d736ef'],
      create: {
        monitorName: 'billing-alarms-services',
        minImpact: 250,
        topicArn: 'arn:aws:sns:us-east-1:111111111111:cost-anomalies',
      },
      minImpact: 0,
    });
  });

  it('refuses a monitor that is not an anomaly monitor ARN, create without its SNS topic, and unknown keys', () => {
    expect(withAnomalies({ monitors: ['arn:aws:sns:us-east-1:111111111111:x'] })).toThrow(
      /must be an anomaly monitor ARN/,
    );
    expect(withAnomalies({ create: { minImpact: 100 } })).toThrow(
      /name the SNS topic an IMMEDIATE subscription notifies/,
    );
    expect(withAnomalies({ treshold: 5 })).toThrow(
      /unknown key "treshold"; allowed keys: monitors, create, minImpact/,
    );
  });
});

describe('the anomaly ledger: once per anomaly and update', () => {
  const table = useStateTable();

  it('takes an update only when its impact grows, and its own retry again', async () => {
    const ledger = new AnomalyLedger(table().dynamo, table().tableName);

    const taken = [
      await ledger.takeUpdate('a-2', 100_100, 'anomaly#a-2#100100', now),
      await ledger.takeUpdate('a-2', 100_100, 'anomaly#a-2#100100', now),
      await ledger.takeUpdate('a-2', 90_000, 'anomaly#a-2#90000', now),
      await ledger.takeUpdate('a-2', 180_000, 'anomaly#a-2#180000', now),
      await ledger.takeUpdate('a-2', 100_100, 'anomaly#a-2#100100', now),
    ];

    expect(taken).toEqual([true, true, false, true, false]);
    expect(await ledger.get('a-2')).toMatchObject({ takenCents: 180_000, takenKey: 'anomaly#a-2#180000' });
  });

  it('records feedback with who and the result; only a sent one becomes the anomaly’s feedback', async () => {
    const ledger = new AnomalyLedger(table().dynamo, table().tableName);
    await ledger.recordFeedback(
      'a-3',
      { feedback: 'YES', by: 'Kim', at: now.toISOString(), result: 'throttled' },
      now,
    );
    await ledger.recordFeedback(
      'a-3',
      { feedback: 'NO', by: 'Kim', at: now.toISOString(), result: 'sent' },
      now,
    );

    expect(await ledger.get('a-3')).toMatchObject({
      feedback: 'NO',
      history: [
        { feedback: 'YES', result: 'throttled' },
        { feedback: 'NO', result: 'sent' },
      ],
    });
  });
});

describe('feedback tokens', () => {
  it('verifies its own tokens, and refuses an alert link’s token signed with the same key', () => {
    const token = signFeedbackToken(
      { accountId: '210000000001', anomalyId: 'a-4', feedback: 'PLANNED_ACTIVITY' },
      keys,
      now,
    );
    const alertToken = signActionToken(
      { accountId: '210000000001', rung: 'critical', action: 'ack' },
      keys,
      now,
    );

    expect(verifyFeedbackToken(token, keys, now)).toMatchObject({
      ok: true,
      claims: { anomalyId: 'a-4', feedback: 'PLANNED_ACTIVITY' },
    });
    expect(verifyFeedbackToken(alertToken, keys, now)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyFeedbackToken(token, keys, new Date(now.getTime() + 8 * 86_400_000))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });
});

describe('the anomaly email', () => {
  it('renders AWS’s root causes, escapes a hostile account name, says why figures and links are missing', () => {
    const event = sampleAnomaly(config, { account: '210000000001', impact: 1001, anomalyId: 'a-5', now });
    const anomaly = readAnomaly(event, expectOf);
    if ('rejected' in anomaly) throw new Error(anomaly.rejected);
    const vm = anomalyViewModel(config, {
      anomaly: {
        ...anomaly,
        rootCauses: [{ ...anomaly.rootCauses[0], linkedAccountName: '<script>x</script>' }],
      },
      accountName: 'prod-payments',
      figures: missing('Cost Explorer throttled'),
      links: {
        heading: 'Tell AWS what this was',
        links: [],
        note: 'Feedback links are left out: the signing key could not be read.',
      },
      grown: false,
    });

    const html = renderHtml(ANOMALY_EMAIL, vm);
    const text = anomalyText(vm);

    expect(vm.subject).toBe(
      '[Cost anomaly] prod-payments (210000000001): Amazon Elastic Compute Cloud - Compute +$1,001.00',
    );
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt; (210000000001): $600.60');
    expect(html).not.toContain('<script>x');
    expect(text).toContain("The account's month to date could not be read");
    expect(text).toContain('Feedback links are left out');
    expect(html).toContain(
      'href="https://console.aws.amazon.com/cost-management/home#/anomaly-detection/monitors/',
    );
  });
});
