import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { Context } from 'aws-lambda';
import { BILLING_REGION } from '../../contract/billing.js';
import { RUNTIME_ENV } from '../../contract/runtime-env.js';
import { RejectionLog } from '../events/rejection-log.js';
import { toError } from '../result.js';
import { createRuntimeDeps, type Env, requireEnv } from '../runtime.js';
import { notifyReportFailure } from './failure-notice.js';
import { parseScheduledRun, type ScheduledRun } from './scheduled-run.js';
import { type ReportDeps, type ReportResult, sendReport } from './send-report.js';

/** The report Lambda's dependencies from its environment: the shared clients plus Organizations and CloudFormation. */
export function createReportDeps(env: Env, bundledConfig: URL): ReportDeps {
  const runtime = createRuntimeDeps(env, bundledConfig);
  const logGroupName = env.AWS_LAMBDA_LOG_GROUP_NAME;
  return {
    ...runtime,
    organizations: new OrganizationsClient({ region: BILLING_REGION, maxAttempts: 5 }),
    cloudFormation: new CloudFormationClient({ region: BILLING_REGION, maxAttempts: 5 }),
    stackSetName: requireEnv(env, RUNTIME_ENV.stackSetName),
    ...(logGroupName ? { logGroupName } : {}),
  };
}

/** What one invocation of the report Lambda ends in. */
export type ReportOutcome = ReportResult | { readonly status: 'rejected'; readonly reason: string };

/**
 * The report Lambda's handler, invoked by EventBridge Scheduler. A run delivered twice mails once
 * (keyed on its scheduled time); a failing run throws for Lambda's retries and the dead-letter
 * queue, after one failure notice to the operators; a payload that is not a scheduled run is
 * rejected and recorded, never retried.
 */
export function createReportHandler(
  env: Env,
  bundledConfig: URL,
): (event: unknown, context: Context) => Promise<ReportOutcome> {
  const deps = createReportDeps(env, bundledConfig);
  const rejections = new RejectionLog(deps.dynamo, deps.tableName);
  const reportOnce = makeIdempotent(async (_run: ScheduledRun, _context: Context) => sendReport(deps), {
    persistenceStore: new DynamoDBPersistenceLayer({
      tableName: deps.tableName,
      awsSdkV3Client: deps.dynamo,
    }),
    config: new IdempotencyConfig({ eventKeyJmesPath: 'scheduledTime', expiresAfterSeconds: 24 * 3600 }),
  });
  return async (event, context) => {
    try {
      const run = parseScheduledRun(event);
      if (!run.ok) {
        deps.logger.error('rejected report payload', { reason: run.reason });
        deps.metrics.addMetric('EventsRejected', MetricUnit.Count, 1);
        await rejections.record(undefined, run.reason, event, deps.now());
        return { status: 'rejected', reason: run.reason };
      }
      try {
        return await reportOnce(run.value, context);
      } catch (err) {
        deps.logger.error('report failed', { error: toError(err) });
        await notifyReportFailure(deps, run.value, err);
        throw err;
      }
    } finally {
      deps.metrics.publishStoredMetrics();
    }
  };
}
