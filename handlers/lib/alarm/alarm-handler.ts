import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { Context } from 'aws-lambda';
import { RUNTIME_ENV } from '../../contract/runtime-env.js';
import type { AnomalyResult } from '../anomalies/notify-anomaly.js';
import { basisOf } from '../costs/cost-basis.js';
import { RequestCounter } from '../costs/cost-queries.js';
import { getWindowCosts } from '../costs/window-figures.js';
import { type Deadlines, deadlinesFrom } from '../deadline.js';
import type { SendingEventResult } from '../delivery/sending-events.js';
import type { LaunchResult } from '../launches/notify-launch.js';
import { once } from '../once.js';
import type { BillingContactReader } from '../org/billing-contact.js';
import { billingRegionClient } from '../runtime/billing-region-client.js';
import { answerOf, clientTimeouts, createRuntimeDeps, type Env } from '../runtime/runtime.js';
import { AlarmStateLedger } from '../state/alarm-states.js';
import { AlertLifecycle } from '../state/alert-lifecycle.js';
import { SharedWindows } from '../state/batch-windows.js';
import { DeliveryLedger } from '../state/delivery-ledger.js';
import { FirstSpendStore } from '../state/first-spend-store.js';
import { NoiseControl } from '../state/noise.js';
import { OrgCopy } from '../state/org-copy.js';
import { PlacementLedger } from '../state/placements.js';
import { RejectionLog } from '../state/rejection-log.js';
import { StateTable } from '../state/table.js';
import { type BatchResponse, isSqsBatch, notifyBatch, type SqsBatch } from './alarm-batch.js';
import type { AlarmDeps, Invocation, NotifyResult } from './alarm-deps.js';
import { accountDrivers } from './alarm-drivers.js';
import type { AlertLinkSource } from './alert-links.js';
import { loadDeferred } from './deferred-load.js';
import { isAnomalyEvent, isLaunchEvent, isSendingEvent } from './event-kinds.js';
import { type HandOver, publisherHandOver } from './hand-over.js';
import { notifyAlarm } from './notify-alarm.js';
import { sharedWindowQuery } from './shared-query.js';

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
      ? { billingContact: billingContactOnFirstUse(runtime.config.organization.managementAccountId) }
      : {}),
    rejections: new RejectionLog(runtime.dynamo, runtime.tableName),
    alarmStates: new AlarmStateLedger(runtime.dynamo, runtime.tableName),
    placements: new PlacementLedger(runtime.dynamo, runtime.tableName),
    orgCopy: new OrgCopy(runtime.dynamo, runtime.tableName),
    firstSpend: new FirstSpendStore(runtime.dynamo, runtime.tableName),
    ledger: new DeliveryLedger(runtime.dynamo, runtime.tableName),
    noise: new NoiseControl(runtime.dynamo, runtime.tableName),
    alerts: new AlertLifecycle(runtime.dynamo, runtime.tableName),
    ...actionLinksOf(env),
    signal,
  };
}

/**
 * Answer links when the action page's URL is set: signed with the key from Secrets Manager (or,
 * locally, the environment). The key reader and its client come from the deferred module at the
 * first link (only an alarm email in ALARM state, or an anomaly's feedback, signs links).
 */
function actionLinksOf(env: Env): { actionLinks?: AlertLinkSource } {
  const baseUrl = env[RUNTIME_ENV.actionUrl];
  if (!baseUrl) return {};
  const source = once(async () => {
    const { actionKeySource, SecretsManagerClient } = await loadDeferred();
    return actionKeySource(
      env,
      () => new SecretsManagerClient({ maxAttempts: 2, ...clientTimeouts(1_000, 2_000) }),
    );
  });
  return { actionLinks: { baseUrl, keys: async () => (await source())() } };
}

/** The Account API's reader of billing contacts, with its client, loaded at the first contact asked for. */
function billingContactOnFirstUse(managementAccountId: string): BillingContactReader {
  const reader = once(async () => (await loadDeferred()).billingContactReader(managementAccountId));
  return async (accountId, signal) => (await reader())(accountId, signal);
}

/**
 * The alarm Lambda's handler. Billing alarms come from the alarm queue in batches (`alarm-batch.ts`:
 * each alarm owned in the delivery ledger by its message id, their Cost Explorer queries shared,
 * the failed ones reported back to SQS, the answers handed to the publisher); a bare forwarded
 * "CloudWatch Alarm State Change" (a redrive, the local runner) is one alarm, owned by the request
 * id (shared by Lambda's retries). Both take their deadlines from the invocation's remaining time. SES's own sending events (`source: aws.ses`, from
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
) => Promise<NotifyResult | SendingEventResult | LaunchResult | AnomalyResult | BatchAnswer> {
  const deps = createAlarmDeps(env, bundledConfig);
  const publisher = env[RUNTIME_ENV.publisherFunction];
  const handOver = publisher ? publisherHandOver(publisher, deps.logger) : undefined;
  const windows = new SharedWindows(deps.dynamo, deps.tableName);
  // The other kinds of event this function takes are set up (stores, clients) at the first such
  // event, from the deferred module (`deferred.ts`): their code is out of init (DESIGN.md, "Cold start").
  const sendingPath = once(() => sendingEventPath(deps));
  const launchPath = once(() => launchEventPath(deps));
  const anomalyPath = once(() => anomalyEventPath(deps));
  return async (event, context) => {
    const deadlines = deadlinesFrom(context);
    if (isSendingEvent(event)) return (await sendingPath())(event, deadlines.mandatory);
    deps.signal.current = deadlines.mandatory;
    try {
      const invocation = { requestId: context.awsRequestId, deadlines };
      if (isAnomalyEvent(event)) return await (await anomalyPath())(event, invocation);
      if (isLaunchEvent(event)) return await (await launchPath())(event, invocation);
      if (isSqsBatch(event))
        return await alarmBatch(event, deps, env, deadlines, context, { handOver, windows });
      const result = await notifyAlarm(event, deps, { requestId: context.awsRequestId, deadlines });
      return answerOf(result, env);
    } finally {
      deps.metrics.publishStoredMetrics();
    }
  };
}

/** SES's sending events: recorded as evidence and recipient feedback in the state table. */
async function sendingEventPath(
  deps: AlarmDeps,
): Promise<(event: unknown, signal: AbortSignal) => Promise<SendingEventResult>> {
  const { recordSendingEvent, SendEvidence, RecipientFeedback } = await loadDeferred();
  const sending = {
    evidence: new SendEvidence(new StateTable(deps.dynamo, deps.tableName)),
    feedback: new RecipientFeedback(deps.dynamo, deps.tableName),
    logger: deps.logger,
    now: Date.now,
  };
  return (event, signal) => recordSendingEvent(event, sending, signal);
}

/** Fast burn: launches forwarded from members, priced with the Price List API (us-east-1). */
async function launchEventPath(
  deps: AlarmDeps,
): Promise<(event: unknown, invocation: Invocation) => Promise<LaunchResult>> {
  const { notifyLaunch, PricingClient } = await loadDeferred();
  const launchDeps = { ...deps, pricing: new PricingClient(billingRegionClient(2, 3_000)) };
  return (event, invocation) => notifyLaunch(event, launchDeps, invocation);
}

/** Cost Anomaly Detection's anomalies: the alarm's clients and stores, its drivers, its links. */
async function anomalyEventPath(
  deps: AlarmDeps,
): Promise<(event: unknown, invocation: Invocation) => Promise<AnomalyResult>> {
  const { notifyAnomaly, AnomalyLedger } = await loadDeferred();
  const anomalyDeps = {
    ...deps,
    anomalies: new AnomalyLedger(deps.dynamo, deps.tableName),
    drivers: accountDrivers,
    ...(deps.actionLinks ? { feedbackLinks: deps.actionLinks } : {}),
  };
  return (event, invocation) => notifyAnomaly(event, anomalyDeps, invocation);
}

/** A batch's answer: the failed messages for SQS; locally (never on AWS) each message's answer too. */
export type BatchAnswer = BatchResponse & {
  items?: { messageId: string; result?: NotifyResult; error?: string }[];
};

/** One batch from the alarm queue: its alarms at once, one window of Cost Explorer queries for all (shared with concurrent batches). */
async function alarmBatch(
  batch: SqsBatch,
  deps: AlarmDeps,
  env: Env,
  deadlines: Deadlines,
  context: Context,
  { handOver, windows }: { handOver: HandOver | undefined; windows: SharedWindows },
): Promise<BatchAnswer> {
  const counter = new RequestCounter();
  const now = deps.now();
  const { response, items } = await notifyBatch(
    batch,
    (event, sharedFigures, messageId) => {
      // Each alarm logs through a child of its own: a batch's alarms run at once, and the keys one
      // appends (account, rung, event) must not reach the others' lines.
      const logger = deps.logger.createChild();
      logger.appendKeys({ messageId });
      return notifyAlarm(event, { ...deps, logger, sharedFigures }, { requestId: messageId, deadlines });
    },
    // Shared with the batches of other invocations closing at the same time (AWS's pollers split a burst).
    sharedWindowQuery(
      windows,
      (accounts) =>
        getWindowCosts(deps.ce, accounts, now, counter, deadlines.bestEffort, basisOf(deps.config)),
      deadlines.bestEffort,
      deps.logger,
    ),
    deps.logger,
  );
  deps.logger.info('batch done', {
    alarms: items.length,
    failed: response.batchItemFailures.length,
    sharedCostExplorerRequests: counter.count,
  });
  deps.metrics.addMetric('CostExplorerRequests', MetricUnit.Count, counter.count);
  await handOver?.(context.invokedFunctionArn, items, deadlines.mandatory);
  return env[RUNTIME_ENV.returnViewModel] === 'true'
    ? {
        ...response,
        items: items.map((i) => ({
          messageId: i.messageId,
          ...(i.result ? { result: i.result } : {}),
          ...(i.error ? { error: i.error } : {}),
        })),
      }
    : response;
}
