import * as z from 'zod';
import { strict } from './strict-object.js';

/** An anomaly monitor's ARN, as Cost Anomaly Detection names it (`arn:aws:ce::<account>:anomalymonitor/<id>`). */
export const ANOMALY_MONITOR_ARN = /^arn:aws[-a-z0-9]*:ce::\d{12}:anomalymonitor\/[-a-zA-Z0-9]{1,64}$/;

/**
 * What `anomalies.create` deploys: one `AWS::CE::AnomalyMonitor` (AWS services, `DIMENSIONAL` by
 * `SERVICE`) and one `AWS::CE::AnomalySubscription` on it with frequency `IMMEDIATE` — the only one
 * that raises EventBridge events, and one that needs an SNS subscriber (`topicArn`) — whose `ThresholdExpression`
 * is the total impact at or above `minImpact` (and, when set, `minImpactPercent`).
 */
const createSchema = strict({
  monitorName: z
    .string()
    .regex(/^[\w .:+=@-]{1,100}$/, 'must be 1–100 letters, digits, spaces or _ . : + = @ -')
    .default('billing-alarms-services'),
  /** `ANOMALY_TOTAL_IMPACT_ABSOLUTE` ≥ this many dollars. */
  minImpact: z
    .number({ error: 'must be an amount in dollars, e.g. 100' })
    .positive('must be more than zero')
    .max(1_000_000_000, 'must be at most 1,000,000,000')
    .default(100),
  /** `ANOMALY_TOTAL_IMPACT_PERCENTAGE` ≥ this, ANDed with `minImpact`. */
  minImpactPercent: z
    .number({ error: 'must be a percentage, e.g. 20' })
    .positive('must be more than zero')
    .max(100_000, 'must be at most 100,000')
    .optional(),
  /**
   * The SNS topic the IMMEDIATE subscription notifies (required by AWS for that frequency); its
   * policy must let `costalerts.amazonaws.com` publish. The EventBridge events come either way.
   */
  topicArn: z
    .string({
      error:
        'name the SNS topic an IMMEDIATE subscription notifies, e.g. "arn:aws:sns:us-east-1:123456789012:cost-anomalies"',
    })
    .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, 'must be an SNS topic ARN'),
});

/**
 * `anomalies:` — Cost Anomaly Detection's anomalies through the alarm pipeline. Present, the stack
 * forwards the management account's "Anomaly Detected" events to the billing bus; `monitors` names
 * existing monitors (only their anomalies are mailed), `create` deploys a monitor and subscription.
 */
export const anomaliesSchema = strict({
  monitors: z
    .array(
      z
        .string()
        .regex(
          ANOMALY_MONITOR_ARN,
          'must be an anomaly monitor ARN such as "arn:aws:ce::123456789012:anomalymonitor/abcdef12-1234-4ea0-84cc-918a97d736ef" (aws ce get-anomaly-monitors)',
        ),
    )
    .max(100, 'list at most 100 monitors')
    .default([]),
  create: createSchema.optional(),
  /** Anomalies whose total impact is below this many dollars are answered `skipped`. */
  minImpact: z
    .number({ error: 'must be an amount in dollars, e.g. 10' })
    .min(0, 'must be zero or more')
    .max(1_000_000_000, 'must be at most 1,000,000,000')
    .default(0),
});

/** The validated `anomalies:` section. */
export type AnomaliesConfig = z.output<typeof anomaliesSchema>;
