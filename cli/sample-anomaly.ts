import { createHash, randomUUID } from 'node:crypto';
import { ANOMALY_DETECTED, ANOMALY_SOURCE } from '../handlers/contract/anomaly-events.js';
import { BILLING_REGION } from '../handlers/contract/billing.js';
import type { Config } from '../handlers/contract/config/schema.js';
import { UsageError } from './command.js';

/** Options of {@link sampleAnomaly}. */
export interface SampleAnomalyOptions {
  /** The account the anomaly is about (its root cause's linked account). */
  readonly account: string;
  /** The anomaly's total impact in dollars. @default 1001 */
  readonly impact?: number;
  /** The anomaly's id: the same id with a larger impact is an update. @default - a new UUID */
  readonly anomalyId?: string;
  readonly now?: Date;
}

/** A UUID-shaped id derived from text (the sample monitor's id stays the same for a configuration). */
function uuidOf(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * An "Anomaly Detected" event as Cost Anomaly Detection puts it on the management account's default
 * bus and the forwarding rule hands it to the billing bus: the shape of the Cost Management user
 * guide's example (envelope, `anomalyId`, `anomalyScore`, `impact`, `rootCauses` with `impact.contribution`,
 * `monitorArn`, `anomalyDetailsLink`), one root cause in the account: EC2 usage in us-east-1.
 */
export function sampleAnomaly(config: Config, options: SampleAnomalyOptions) {
  const { account } = options;
  if (!/^\d{12}$/.test(account))
    throw new UsageError(`--account must be a 12-digit account id, got "${account}"`);
  const impact = options.impact ?? 1001;
  if (!Number.isFinite(impact) || impact <= 0 || impact > 1_000_000_000)
    throw new UsageError(`--impact must be an amount in dollars more than 0, got "${options.impact}"`);
  const management = config.organization.managementAccountId;
  const monitorArn =
    config.anomalies?.monitors[0] ??
    `arn:aws:ce::${management}:anomalymonitor/${uuidOf(`${config.organization.id}#monitor`)}`;
  const monitorId = monitorArn.slice(monitorArn.lastIndexOf('/') + 1);
  const anomalyId = options.anomalyId ?? randomUUID();
  const now = options.now ?? new Date();
  const day = `${now.toISOString().slice(0, 10)}T00:00:00Z`;
  const start = `${new Date(now.getTime() - 2 * 86_400_000).toISOString().slice(0, 10)}T00:00:00Z`;
  const expected = Math.round((impact / 3.3367) * 100) / 100;
  const actual = Math.round((expected + impact) * 100) / 100;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    version: '0',
    id: randomUUID(),
    source: ANOMALY_SOURCE,
    'detail-type': ANOMALY_DETECTED,
    account: management,
    region: BILLING_REGION,
    time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    resources: [monitorArn],
    detail: {
      accountName: 'management',
      anomalyEndDate: day,
      anomalyId,
      anomalyScore: { currentScore: 0.47, maxScore: 0.47 },
      anomalyStartDate: start,
      dimensionValue: 'Amazon Elastic Compute Cloud - Compute',
      feedback: null,
      impact: {
        maxImpact: round(impact * 0.45),
        totalActualSpend: actual,
        totalExpectedSpend: expected,
        totalImpact: impact,
        totalImpactPercentage: round((impact / expected) * 100),
      },
      rootCauses: [
        {
          linkedAccount: account,
          linkedAccountName: null,
          region: 'us-east-1',
          service: 'Amazon Elastic Compute Cloud - Compute',
          usageType: 'BoxUsage:m7i.4xlarge',
          impact: { contribution: round(impact * 0.6) },
        },
      ],
      accountId: management,
      monitorArn,
      monitorName: 'billing-alarms-services',
      anomalyDetailsLink: `https://console.aws.amazon.com/cost-management/home#/anomaly-detection/monitors/${monitorId}/anomalies/${anomalyId}`,
    },
  };
}
