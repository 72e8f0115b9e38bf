import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { Context } from 'aws-lambda';
import { BILLING_REGION } from './lib/billing-constants.js';
import { SnapshotStore } from './lib/costs/snapshot-store.js';
import { claimOnce } from './lib/delivery/once.js';
import { createRuntimeDeps, requireEnv } from './lib/runtime.js';
import { RUNTIME_ENV } from './lib/runtime-env.js';
import { notifyReportFailure, sendReport } from './lib/send-report.js';

const runtime = createRuntimeDeps(process.env, new URL('./billing-alarms.config.json', import.meta.url));
const deps = {
  ...runtime,
  // Only the report reads Organizations and CloudFormation: their clients stay out of the alarm bundle.
  organizations: new OrganizationsClient({ region: BILLING_REGION, maxAttempts: 5 }),
  cloudFormation: new CloudFormationClient({ region: BILLING_REGION, maxAttempts: 5 }),
  snapshots: new SnapshotStore(runtime.dynamo, runtime.tableName, runtime.config.costSnapshotTtlMinutes * 60),
  stackSetName: requireEnv(process.env, RUNTIME_ENV.stackSetName),
};

// EventBridge Scheduler hands over its scheduled time: a run delivered twice mails once.
const reportOnce = makeIdempotent(async (_event: unknown, _context: Context) => sendReport(deps), {
  persistenceStore: new DynamoDBPersistenceLayer({
    tableName: runtime.tableName,
    awsSdkV3Client: runtime.dynamo,
  }),
  config: new IdempotencyConfig({
    eventKeyJmesPath: 'scheduledTime',
    expiresAfterSeconds: 24 * 3600,
    throwOnNoIdempotencyKey: false,
  }),
});

/** Entry of the report Lambda, invoked by EventBridge Scheduler. */
export const handler = async (event: unknown, context: Context) => {
  try {
    return await reportOnce(event, context);
  } catch (err) {
    deps.logger.error('report failed', { error: err as Error });
    // One failure notice per scheduled run, not one per Lambda attempt.
    const run = (event as { scheduledTime?: unknown } | null)?.scheduledTime ?? context.awsRequestId;
    const first = await claimOnce(
      runtime.dynamo,
      runtime.tableName,
      `report-failure#${String(run)}`,
      24 * 3600,
      deps.now(),
    ).catch(() => true);
    if (first) await notifyReportFailure(deps, err);
    throw err;
  } finally {
    deps.metrics.publishStoredMetrics();
  }
};
