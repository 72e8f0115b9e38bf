import { randomUUID } from 'node:crypto';
import {
  ALARM_EVENT_SOURCE,
  ALARM_STATE_CHANGE,
  BILLING_NAMESPACE,
  BILLING_PERIOD_SECONDS,
  BILLING_REGION,
  ESTIMATED_CHARGES,
} from '../handlers/contract/billing.js';
import type { Config } from '../handlers/contract/config/schema.js';
import { policyFor } from '../handlers/contract/config/thresholds.js';
import {
  DAILY_EXPRESSION_ID,
  DAILY_EXPRESSION_LABEL,
  DAILY_METRIC_ID,
  DAILY_PERIOD_SECONDS,
  DAILY_RATE_EXPRESSION,
  dailyAlarmName,
} from '../handlers/contract/daily-rate.js';
import {
  isDailyRung,
  isTwoTierName,
  rungSlug,
  thresholdOf,
  topRung,
  usedRungs,
} from '../handlers/contract/ladder.js';
import { alarmName } from '../handlers/contract/member-template.js';
import {
  GOVERNANCE_SWEEP_DETAIL_TYPE,
  GOVERNANCE_SWEEP_SOURCE,
  type Placement,
  payerAlarmName,
} from '../handlers/contract/payer-alarms.js';
import { UsageError } from './command.js';

/** Options of {@link sampleEvent}. */
export interface SampleEventOptions {
  readonly account?: string;
  /** The account's OU, for an OU override's thresholds. */
  readonly ouId?: string;
  /**
   * The rung (`warning`, `critical`, `120%`, `1500`), or `daily` for the daily-rate alarm.
   * @default - critical, or the ladder's top rung
   */
  readonly rung?: string;
  readonly state?: 'ALARM' | 'OK';
  /** The crossing datapoint. @default - 12 % over the threshold (ALARM) or 80 % of it (OK) */
  readonly charges?: number;
  /** An event as `aws cloudwatch set-alarm-state` makes it: no datapoint, the caller's reason. */
  readonly noDatapoint?: boolean;
  readonly now?: Date;
  /** `payer`: the account's payer alarm in the management account raises it (`LinkedAccount`). */
  readonly placement?: Placement;
}

/** A well-formed forwarded "CloudWatch Alarm State Change" of this project's billing alarm, as a member account sends it. */
export function sampleEvent(config: Config, options: SampleEventOptions = {}) {
  const account =
    options.account ?? config.thresholds.accounts[0]?.id ?? config.organization.managementAccountId;
  if (!/^\d{12}$/.test(account))
    throw new UsageError(`--account must be a 12-digit account id, got "${account}"`);
  const { ladder } = policyFor(config, account, options.ouId);
  const tier =
    options.rung ??
    (thresholdOf(ladder, 'critical') > 0 ? 'critical' : (topRung(ladder)?.name ?? 'critical'));
  const state = options.state ?? 'ALARM';
  const threshold = thresholdOf(ladder, tier);
  const daily = isDailyRung(tier);
  if (daily && threshold <= 0)
    throw new UsageError(
      `account ${account} has no daily limit: set dailyLimit in thresholds (default, its OU or the account) or pick another --account`,
    );
  if (threshold <= 0)
    throw new UsageError(
      `account ${account} has no rung ${tier}: its rungs are ${usedRungs(ladder)
        .map((r) => r.name)
        .join(', ')}; pass one of them to --rung`,
    );
  const charges = options.charges ?? Math.round(threshold * (state === 'ALARM' ? 1.12 : 0.8) * 100) / 100;
  const now = options.now ?? new Date();
  const isManagement = account === config.organization.managementAccountId;
  const payer = options.placement === 'payer' && !isManagement;
  const name = payer
    ? payerAlarmName(config.alarmNamePrefix, tier, account)
    : daily
      ? dailyAlarmName(config.alarmNamePrefix)
      : alarmName(config.alarmNamePrefix, tier);
  // The alarm's own account: the member's, or (payer alarms) the management account's.
  const owner = payer ? config.organization.managementAccountId : account;
  const dimensions: Record<string, string> =
    payer || isManagement || config.memberMetricDimensions === 'CurrencyAndLinkedAccount'
      ? { Currency: config.currency, LinkedAccount: account }
      : { Currency: config.currency };
  const reasonData = options.noDatapoint
    ? JSON.stringify({ version: '1.0' })
    : JSON.stringify({
        version: '1.0',
        queryDate: now.toISOString(),
        ...(daily ? {} : { statistic: 'Maximum' }),
        period: daily ? DAILY_PERIOD_SECONDS : BILLING_PERIOD_SECONDS,
        recentDatapoints: [charges],
        threshold,
        evaluatedDatapoints: [{ timestamp: now.toISOString(), sampleCount: 1, value: charges }],
      });
  const crossed = state === 'ALARM';
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': ALARM_STATE_CHANGE,
    source: ALARM_EVENT_SOURCE,
    account: owner,
    time: now.toISOString(),
    region: BILLING_REGION,
    resources: [`arn:aws:cloudwatch:${BILLING_REGION}:${owner}:alarm:${name}`],
    detail: {
      alarmName: name,
      state: {
        value: state,
        reason: options.noDatapoint
          ? 'Testing the billing alarm with set-alarm-state'
          : `Threshold Crossed: 1 out of the last 1 datapoints [${charges} (${now.toISOString()})] was ${crossed ? 'greater than' : 'not greater than'} the threshold (${threshold}) (minimum 1 datapoint for ${crossed ? 'OK -> ALARM' : 'ALARM -> OK'} transition).`,
        reasonData,
        timestamp: now.toISOString(),
      },
      previousState: {
        value: crossed ? 'OK' : 'ALARM',
        reason: 'previous evaluation',
        timestamp: new Date(now.getTime() - 21_600_000).toISOString(),
      },
      configuration: daily
        ? {
            description: payer
              ? `Estimated charges of account ${account} rose more than its daily limit in 24 hours (billing-alarm-forwarder, payer placement).`
              : 'Estimated charges of this account rose more than its daily limit in 24 hours (billing-alarm-forwarder).',
            // The member template's daily-rate alarm, as CloudWatch describes a metric-math alarm.
            metrics: [
              {
                expression: DAILY_RATE_EXPRESSION,
                id: DAILY_EXPRESSION_ID,
                label: DAILY_EXPRESSION_LABEL,
                returnData: true,
              },
              {
                id: DAILY_METRIC_ID,
                metricStat: {
                  metric: { namespace: BILLING_NAMESPACE, name: ESTIMATED_CHARGES, dimensions },
                  period: DAILY_PERIOD_SECONDS,
                  stat: 'Maximum',
                },
                returnData: false,
              },
            ],
          }
        : {
            description: payer
              ? `Estimated charges of account ${account} crossed its ${tier} rung's threshold (billing-alarm-forwarder, payer placement).`
              : `Estimated charges of this account crossed its ${isTwoTierName(tier) ? `${tier} threshold` : `${rungSlug(tier)} rung`} (billing-alarm-forwarder).`,
            metrics: [
              {
                id: 'm1',
                metricStat: {
                  metric: { namespace: BILLING_NAMESPACE, name: ESTIMATED_CHARGES, dimensions },
                  period: BILLING_PERIOD_SECONDS,
                  stat: 'Maximum',
                },
                returnData: true,
              },
            ],
          },
    },
  };
}

/** The scheduled governance run's input, as its EventBridge schedule sends it. */
export function sweepEvent() {
  return { source: GOVERNANCE_SWEEP_SOURCE, 'detail-type': GOVERNANCE_SWEEP_DETAIL_TYPE };
}
