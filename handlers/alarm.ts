import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { Context } from 'aws-lambda';
import { BILLING_REGION } from './lib/billing-constants.js';
import { SnapshotStore } from './lib/costs/snapshot-store.js';
import { RejectionLog } from './lib/events/rejection-log.js';
import { notifyAlarm } from './lib/notify-alarm.js';
import { createRuntimeDeps } from './lib/runtime.js';

const runtime = createRuntimeDeps(process.env, new URL('./billing-alarms.config.json', import.meta.url));
const deps = {
  ...runtime,
  organizations: new OrganizationsClient({ region: BILLING_REGION, maxAttempts: 3 }),
  snapshots: new SnapshotStore(runtime.dynamo, runtime.tableName, runtime.config.costSnapshotTtlMinutes * 60),
  rejections: new RejectionLog(runtime.dynamo, runtime.tableName),
};

// EventBridge and Lambda may deliver an event more than once: one email per event id.
const notifyOnce = makeIdempotent(async (event: unknown, _context: Context) => notifyAlarm(event, deps), {
  persistenceStore: new DynamoDBPersistenceLayer({
    tableName: runtime.tableName,
    awsSdkV3Client: runtime.dynamo,
  }),
  config: new IdempotencyConfig({
    eventKeyJmesPath: 'id',
    expiresAfterSeconds: 24 * 3600,
    throwOnNoIdempotencyKey: false,
  }),
});

/** Entry of the alarm Lambda: one forwarded "CloudWatch Alarm State Change" per invocation. */
export const handler = async (event: unknown, context: Context) => {
  try {
    return await notifyOnce(event, context);
  } finally {
    deps.metrics.publishStoredMetrics();
  }
};
