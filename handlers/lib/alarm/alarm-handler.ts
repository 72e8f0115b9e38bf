import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { Context } from 'aws-lambda';
import { BILLING_REGION } from '../../contract/billing.js';
import { RejectionLog } from '../events/rejection-log.js';
import { createRuntimeDeps, type Env, type RuntimeDeps } from '../runtime.js';
import { type AlarmDeps, type NotifyResult, notifyAlarm } from './notify-alarm.js';

/** The alarm Lambda's dependencies from its environment: the shared clients plus Organizations. */
export function createAlarmDeps(env: Env, bundledConfig: URL): AlarmDeps & RuntimeDeps {
  const runtime = createRuntimeDeps(env, bundledConfig);
  return {
    ...runtime,
    organizations: new OrganizationsClient({ region: BILLING_REGION, maxAttempts: 3 }),
    rejections: new RejectionLog(runtime.dynamo, runtime.tableName),
  };
}

/**
 * The alarm Lambda's handler: one forwarded "CloudWatch Alarm State Change" per invocation, mailed
 * once per event id (EventBridge and Lambda may deliver an event more than once).
 */
export function createAlarmHandler(
  env: Env,
  bundledConfig: URL,
): (event: unknown, context: Context) => Promise<NotifyResult> {
  const deps = createAlarmDeps(env, bundledConfig);
  const notifyOnce = makeIdempotent(async (event: unknown, _context: Context) => notifyAlarm(event, deps), {
    persistenceStore: new DynamoDBPersistenceLayer({
      tableName: deps.tableName,
      awsSdkV3Client: deps.dynamo,
    }),
    config: new IdempotencyConfig({
      eventKeyJmesPath: 'id',
      expiresAfterSeconds: 24 * 3600,
      throwOnNoIdempotencyKey: false,
    }),
  });
  return async (event, context) => {
    try {
      return await notifyOnce(event, context);
    } finally {
      deps.metrics.publishStoredMetrics();
    }
  };
}
