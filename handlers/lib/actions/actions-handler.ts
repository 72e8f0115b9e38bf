import { Logger } from '@aws-lambda-powertools/logger';
import { CostExplorerClient, ProvideAnomalyFeedbackCommand } from '@aws-sdk/client-cost-explorer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { RUNTIME_ENV } from '../../contract/runtime-env.js';
import { billingRegionClient } from '../runtime/billing-region-client.js';
import { clientTimeouts, type Env, loadRuntimeConfig, requireEnv } from '../runtime/runtime.js';
import { ActionGuards } from '../state/action-guards.js';
import { AlertLifecycle } from '../state/alert-lifecycle.js';
import { AnomalyLedger } from '../state/anomaly-ledger.js';
import { actionKeySource } from './action-keys.js';
import { answerActionRequest, type FunctionUrlRequest, type FunctionUrlResponse } from './action-page.js';
import { putAlertEvents } from './alert-events.js';
import { answerFeedbackRequest } from './feedback-page.js';
import { answerSlackInteraction, SLACK_ACTIONS_PATH } from './slack-interaction.js';
import { slackSecretSource } from './slack-secret.js';

/**
 * The action Lambda's handler: a function URL request (payload format 2.0) answered by the action
 * page. Clients, keys and configuration are made once per cold start; each SDK call has a short
 * timeout and few attempts, so a hanging service fails well inside the function's 30 seconds.
 */
export function createActionsHandler(env: Env, bundledConfig: URL) {
  const config = loadRuntimeConfig(env, bundledConfig);
  const tableName = requireEnv(env, RUNTIME_ENV.tableName);
  const busName = requireEnv(env, RUNTIME_ENV.busName);
  // Local runs set where the clock starts (`serve` follows the simulated moment); it runs on from there.
  const pinned = env[RUNTIME_ENV.now];
  const offsetMs = pinned ? Date.parse(pinned) - Date.now() : 0;
  const secrets = () => new SecretsManagerClient({ maxAttempts: 2, ...clientTimeouts(1_000, 2_000) });
  const keys = actionKeySource(env, secrets);
  const slackSecret = slackSecretSource(env, config.chat.slackSigningSecretArn, secrets);
  const logger = new Logger();
  const dynamo = new DynamoDBClient({ maxAttempts: 2, ...clientTimeouts(1_000, 2_000) });
  const events = new EventBridgeClient({ maxAttempts: 2, ...clientTimeouts(1_000, 3_000) });
  const alerts = new AlertLifecycle(dynamo, tableName);
  const guards = new ActionGuards(dynamo, tableName);
  // Anomaly feedback links (`/f/…`): Cost Anomaly Detection's ProvideAnomalyFeedback, in us-east-1.
  const ce = new CostExplorerClient(billingRegionClient(2, 3_000));
  const anomalies = new AnomalyLedger(dynamo, tableName);
  const now = () => new Date(Date.now() + offsetMs);
  const log = (message: string, detail: Record<string, unknown>) => logger.info(message, detail);
  return async (event: FunctionUrlRequest): Promise<FunctionUrlResponse> => {
    if (event.rawPath?.startsWith('/f/'))
      return answerFeedbackRequest(event, {
        keys: await keys(),
        guards,
        anomalies,
        provideFeedback: async (AnomalyId, Feedback) => {
          await ce.send(new ProvideAnomalyFeedbackCommand({ AnomalyId, Feedback }));
        },
        locale: config.locale,
        log,
        now,
      });
    const deps = {
      keys: await keys(),
      alerts,
      guards,
      locale: config.locale,
      maxSnoozeDays: config.lifecycle.maxSnoozeDays,
      publish: (changes: Parameters<typeof putAlertEvents>[2]) => putAlertEvents(events, busName, changes),
      log,
      now,
    };
    // The Slack app's Interactivity Request URL is the same function URL, on its own path.
    if (event.rawPath === SLACK_ACTIONS_PATH)
      return answerSlackInteraction(event, { ...deps, ...(slackSecret ? { slackSecret } : {}) });
    return answerActionRequest(event, deps);
  };
}
