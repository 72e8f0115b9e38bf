import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { PricingClient } from '@aws-sdk/client-pricing';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import { ALARM_CONCURRENCY } from '../../contract/lambda-limits.js';
import { RUNTIME_ENV } from '../../contract/runtime-env.js';
import { actionKeySource } from '../actions/action-keys.js';
import { isAnomalyEvent } from '../anomalies/anomaly-event.js';
import { type AnomalyResult, notifyAnomaly } from '../anomalies/notify-anomaly.js';
import { deadlinesFrom } from '../deadline.js';
import { isSendingEvent, recordSendingEvent, type SendingEventResult } from '../delivery/sending-events.js';
import { isLaunchEvent } from '../launches/launch-event.js';
import { type LaunchResult, notifyLaunch } from '../launches/notify-launch.js';
import { once } from '../once.js';
import { billingContactReader } from '../org/billing-contact.js';
import { billingRegionClient } from '../runtime/billing-region-client.js';
import {
  answerOf,
  clientTimeouts,
  createRuntimeDeps,
  type Env,
  MissingConfigurationError,
} from '../runtime/runtime.js';
import { AlarmStateLedger } from '../state/alarm-states.js';
import { AlertLifecycle } from '../state/alert-lifecycle.js';
import { AnomalyLedger } from '../state/anomaly-ledger.js';
import { BURST_MAX_ACCOUNTS, BURST_WINDOW_MS, BurstWindows } from '../state/burst-window.js';
import { DeliveryLedger } from '../state/delivery-ledger.js';
import { FirstSpendStore } from '../state/first-spend-store.js';
import { NoiseControl } from '../state/noise.js';
import { OrgCopy } from '../state/org-copy.js';
import { PlacementLedger } from '../state/placements.js';
import { RecipientFeedback } from '../state/recipient-feedback.js';
import { RejectionLog } from '../state/rejection-log.js';
import { SendEvidence } from '../state/send-evidence.js';
import { StateTable } from '../state/table.js';
import type { AlarmDeps, NotifyResult } from './alarm-deps.js';
import { accountDrivers } from './alarm-drivers.js';
import type { AlertLinkSource } from './alert-links.js';
import { notifyAlarm } from './notify-alarm.js';

/** The alarm Lambda's dependencies from its environment: the shared clients plus Organizations. */
export function createAlarmDeps(
  env: Env,
  bundledConfig: URL,
): AlarmDeps & { signal: { current?: AbortSignal } } {
  const runtime = createRuntimeDeps(env, bundledConfig);
  // The ledger's and noise control's calls carry the current invocation's mandatory deadline.
  const signal: { current?: AbortSignal } = {};
  return {
    ...runtime,
    organizations: new OrganizationsClient(billingRegionClient(2, 2_000)),
    // Only when billing contacts are wanted (the Account API needs its own trusted access), and
    // loaded on first use: the client's module stays out of every other cold start.
    ...(runtime.config.email.billingAlternateContact
      ? { billingContact: billingContactReader(runtime.config.organization.managementAccountId) }
      : {}),
    rejections: new RejectionLog(runtime.dynamo, runtime.tableName),
    alarmStates: new AlarmStateLedger(runtime.dynamo, runtime.tableName),
    placements: new PlacementLedger(runtime.dynamo, runtime.tableName),
    orgCopy: new OrgCopy(runtime.dynamo, runtime.tableName),
    firstSpend: new FirstSpendStore(runtime.dynamo, runtime.tableName),
    ...burstWindows(env, runtime),
    ledger: new DeliveryLedger(runtime.dynamo, runtime.tableName),
    noise: new NoiseControl(runtime.dynamo, runtime.tableName),
    alerts: new AlertLifecycle(runtime.dynamo, runtime.tableName),
    ...actionLinksOf(env),
    signal,
  };
}

/** Answer links when the action page's URL is set: signed with the key from Secrets Manager (or, locally, the environment). */
function actionLinksOf(env: Env): { actionLinks?: AlertLinkSource } {
  const baseUrl = env[RUNTIME_ENV.actionUrl];
  if (!baseUrl) return {};
  const keys = actionKeySource(
    env,
    () => new SecretsManagerClient({ maxAttempts: 2, ...clientTimeouts(1_000, 2_000) }),
  );
  return { actionLinks: { baseUrl, keys } };
}

/** The burst windows, unless the environment turns them off (`BILLING_ALARMS_BURST_WINDOW_MS` = 0). */
function burstWindows(
  env: Env,
  runtime: { dynamo: DynamoDBClient; tableName: string; config: { reservedConcurrency: boolean } },
): { burst?: BurstWindows } {
  const text = env[RUNTIME_ENV.burstWindowMs];
  if (text !== undefined && !/^\d{1,6}$/.test(text))
    throw new MissingConfigurationError(`${RUNTIME_ENV.burstWindowMs} is not milliseconds: "${text}"`);
  const windowMs = text === undefined ? BURST_WINDOW_MS : Number(text);
  // With reserved concurrency no more than ALARM_CONCURRENCY alarms run at once: a window that holds
  // that many closes at once.
  const fullAt = runtime.config.reservedConcurrency ? ALARM_CONCURRENCY : BURST_MAX_ACCOUNTS;
  return windowMs > 0
    ? { burst: new BurstWindows(runtime.dynamo, runtime.tableName, windowMs, Date.now, fullAt) }
    : {};
}

/**
 * The alarm Lambda's handler: one forwarded "CloudWatch Alarm State Change" per invocation, its
 * deadlines taken from the invocation's remaining time, its request id (shared by Lambda's
 * retries) as its owner in the delivery ledger. SES's own sending events (`source: aws.ses`, from
 * the default bus) are recorded in the ledger instead: they settle sends whose answer was lost, so
 * the same function (and bundle) that sends is the one that reads SES's word on it. Launches
 * forwarded for fast-burn alerts (`aws.ec2` and the other launch sources) are priced and mailed
 * as estimates (`launches/notify-launch.ts`).
 */
export function createAlarmHandler(
  env: Env,
  bundledConfig: URL,
): (
  event: unknown,
  context: Context,
) => Promise<NotifyResult | SendingEventResult | LaunchResult | AnomalyResult> {
  const deps = createAlarmDeps(env, bundledConfig);
  const sending = {
    evidence: new SendEvidence(new StateTable(deps.dynamo, deps.tableName)),
    feedback: new RecipientFeedback(deps.dynamo, deps.tableName),
    logger: deps.logger,
    now: Date.now,
  };
  // Fast burn: launches forwarded from members are priced with the Price List API (us-east-1). Its
  // client is made at the first launch, not at init: most cold starts are alarms (DESIGN.md, "Cold start").
  const launchDeps = once(() => ({ ...deps, pricing: new PricingClient(billingRegionClient(2, 3_000)) }));
  // Cost Anomaly Detection's anomalies: the alarm's clients and stores, its drivers, its links.
  const anomalyDeps = {
    ...deps,
    anomalies: new AnomalyLedger(deps.dynamo, deps.tableName),
    drivers: accountDrivers,
    ...(deps.actionLinks ? { feedbackLinks: deps.actionLinks } : {}),
  };
  return async (event, context) => {
    const deadlines = deadlinesFrom(context);
    if (isSendingEvent(event)) return recordSendingEvent(event, sending, deadlines.mandatory);
    deps.signal.current = deadlines.mandatory;
    try {
      if (isAnomalyEvent(event))
        return await notifyAnomaly(event, anomalyDeps, { requestId: context.awsRequestId, deadlines });
      if (isLaunchEvent(event))
        return await notifyLaunch(event, launchDeps(), { requestId: context.awsRequestId, deadlines });
      const result = await notifyAlarm(event, deps, { requestId: context.awsRequestId, deadlines });
      return answerOf(result, env);
    } finally {
      deps.metrics.publishStoredMetrics();
    }
  };
}
