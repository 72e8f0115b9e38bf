import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { Context } from 'aws-lambda';
import { RUNTIME_ENV } from '../../contract/runtime-env.js';
import { SnapshotStore } from '../costs/snapshot-store.js';
import { deadlinesFrom } from '../deadline.js';
import { toError } from '../result.js';
import { billingRegionClient } from '../runtime/billing-region-client.js';
import { answerOf, createRuntimeDeps, type Env, requireEnv } from '../runtime/runtime.js';
import { AlarmStateLedger } from '../state/alarm-states.js';
import { AlertLifecycle } from '../state/alert-lifecycle.js';
import { DeliveryLedger } from '../state/delivery-ledger.js';
import { EstimateLog } from '../state/estimate-log.js';
import { FirstSpendStore } from '../state/first-spend-store.js';
import { NoiseControl } from '../state/noise.js';
import { OrgCopy } from '../state/org-copy.js';
import { PlacementLedger } from '../state/placements.js';
import { RecipientFeedback } from '../state/recipient-feedback.js';
import { RejectionLog } from '../state/rejection-log.js';
import { DeliveryInProgressError } from '../state/table.js';
import { notifyReportFailure } from './failure-notice.js';
import { parseScheduledRun } from './scheduled-run.js';
import { type ReportDeps, type ReportResult, sendReport } from './send-report.js';

/** The report Lambda's dependencies from its environment: the shared clients plus Organizations and CloudFormation. */
export function createReportDeps(
  env: Env,
  bundledConfig: URL,
): ReportDeps & { signal: { current?: AbortSignal } } {
  const runtime = createRuntimeDeps(env, bundledConfig);
  const logGroupName = env.AWS_LAMBDA_LOG_GROUP_NAME;
  const signal: { current?: AbortSignal } = {};
  return {
    ...runtime,
    organizations: new OrganizationsClient(billingRegionClient(5, 5_000)),
    cloudFormation: new CloudFormationClient(billingRegionClient(5, 5_000)),
    stackSetName: requireEnv(env, RUNTIME_ENV.stackSetName),
    snapshots: new SnapshotStore(
      runtime.dynamo,
      runtime.tableName,
      runtime.config.costSnapshotTtlMinutes * 60,
    ),
    ledger: new DeliveryLedger(runtime.dynamo, runtime.tableName),
    noise: new NoiseControl(runtime.dynamo, runtime.tableName),
    alarmStates: new AlarmStateLedger(runtime.dynamo, runtime.tableName),
    placements: new PlacementLedger(runtime.dynamo, runtime.tableName),
    recipientFeedback: new RecipientFeedback(runtime.dynamo, runtime.tableName),
    orgCopy: new OrgCopy(runtime.dynamo, runtime.tableName),
    firstSpend: new FirstSpendStore(runtime.dynamo, runtime.tableName),
    estimates: new EstimateLog(runtime.dynamo, runtime.tableName),
    rejections: new RejectionLog(runtime.dynamo, runtime.tableName),
    alerts: new AlertLifecycle(runtime.dynamo, runtime.tableName),
    ...(logGroupName ? { logGroupName } : {}),
    signal,
  };
}

/** What one invocation of the report Lambda ends in. */
export type ReportOutcome =
  | ReportResult
  | { readonly status: 'rejected' | 'duplicate'; readonly reason?: string; readonly messageIds?: string[] };

/**
 * The report Lambda's handler, invoked by EventBridge Scheduler. A run delivered twice mails once
 * (its scheduled time is its key in the delivery ledger) and sends no failure notice; a failing run
 * throws for Lambda's retries and the dead-letter queue, after one failure notice to the operators;
 * a payload that is not a scheduled run is rejected and recorded, never retried.
 */
export function createReportHandler(
  env: Env,
  bundledConfig: URL,
): (event: unknown, context: Context) => Promise<ReportOutcome> {
  const deps = createReportDeps(env, bundledConfig);
  const rejections = new RejectionLog(deps.dynamo, deps.tableName);
  return async (event, context) => {
    const deadlines = deadlinesFrom(context);
    deps.signal.current = deadlines.mandatory;
    try {
      const run = parseScheduledRun(event);
      if (!run.ok) {
        deps.logger.error('rejected report payload', { reason: run.reason });
        deps.metrics.addMetric('EventsRejected', MetricUnit.Count, 1);
        await rejections.record(undefined, run.reason, event, deps.now(), deadlines.mandatory);
        return { status: 'rejected', reason: run.reason };
      }
      const key = `report#${run.value.scheduledTime}`;
      try {
        const once = await deps.ledger.once(
          key,
          {
            owner: context.awsRequestId,
            leaseMs: deadlines.remainingMs() + 5_000,
            now: () => deps.now().getTime(),
            signal: deadlines.mandatory,
            unrecorded: (error) => deps.logger.error('could not record the report in the ledger', { error }),
          },
          async () => {
            const result = await sendReport(deps, { key, requestId: context.awsRequestId, deadlines });
            const { recipients, subject, messageIds } = result;
            return { outcome: { status: 'sent', recipients, subject, messageIds }, value: result };
          },
        );
        if (once.replayed) return { status: 'duplicate', messageIds: once.outcome.messageIds };
        return answerOf(once.value, env);
      } catch (err) {
        // Another invocation has the same run: it reports, or fails and notifies, itself.
        if (!(err instanceof DeliveryInProgressError)) {
          deps.logger.error('report failed', { error: toError(err) });
          await notifyReportFailure(deps, run.value, err);
        }
        throw err;
      }
    } finally {
      deps.metrics.publishStoredMetrics();
    }
  };
}
