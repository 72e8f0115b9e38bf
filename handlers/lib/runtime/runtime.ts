import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { BILLING_REGION } from '../../contract/billing.js';
import type { Config } from '../../contract/config/schema.js';
import { openSealedConfig } from '../../contract/config/sealed.js';
import { RUNTIME_ENV } from '../../contract/runtime-env.js';
import { withBillingView } from '../costs/billing-view.js';
import { toError } from '../result.js';

/** A variable the function cannot start without. */
export class MissingConfigurationError extends Error {
  override readonly name = 'MissingConfigurationError';
}

/** The process environment, as the handlers read it. */
export type Env = Readonly<Record<string, string | undefined>>;

/** The value of a required environment variable; fails at cold start naming it. */
export function requireEnv(env: Env, name: string): string {
  const value = env[name];
  if (!value) throw new MissingConfigurationError(`environment variable ${name} is not set`);
  return value;
}

/**
 * The configuration sealed at synth and bundled next to the handler (or the file
 * `BILLING_ALARMS_CONFIG_FILE` names): its seal is checked, not its schema again.
 */
export function loadRuntimeConfig(env: Env, bundledConfig: URL): Config {
  const path = env[RUNTIME_ENV.configFile] ?? bundledConfig;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new MissingConfigurationError(`cannot read the configuration at ${String(path)}`, { cause: err });
  }
  try {
    return openSealedConfig(text, String(path));
  } catch (err) {
    throw new MissingConfigurationError(toError(err).message, { cause: err });
  }
}

/** Clients, configuration and observability shared by both handlers, created once per cold start. */
export interface RuntimeDeps {
  readonly config: Config;
  readonly tableName: string;
  readonly configurationSetName?: string;
  readonly ce: CostExplorerClient;
  readonly ses: SESv2Client;
  readonly dynamo: DynamoDBClient;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** The clock; `BILLING_ALARMS_NOW` pins it for `billing-alarms simulate --now`. */
  readonly now: () => Date;
  /** The mailer's confirmation window when the local runner scales it. @default - the mailer's own */
  readonly confirmWindowMs?: number;
}

/**
 * Connection and request timeouts for an SDK client. Without `throwOnRequestTimeout` the SDK only
 * warns when a request runs past its timeout, and a hanging service hangs the Lambda.
 */
export function clientTimeouts(connectionTimeout: number, requestTimeout: number) {
  return { requestHandler: { connectionTimeout, requestTimeout, throwOnRequestTimeout: true } } as const;
}

/** Builds the runtime dependencies from the environment. Endpoints follow `AWS_ENDPOINT_URL_*`. */
export function createRuntimeDeps(env: Env, bundledConfig: URL): RuntimeDeps {
  const config = loadRuntimeConfig(env, bundledConfig);
  const tableName = requireEnv(env, RUNTIME_ENV.tableName);
  const pinnedText = env[RUNTIME_ENV.now];
  const pinned = pinnedText ? new Date(pinnedText) : undefined;
  if (pinned && Number.isNaN(pinned.getTime())) {
    throw new MissingConfigurationError(`${RUNTIME_ENV.now} is not an ISO date: "${pinnedText}"`);
  }
  const configurationSetName = env[RUNTIME_ENV.configurationSet];
  const windowText = env[RUNTIME_ENV.confirmWindowMs];
  if (windowText !== undefined && !/^\d{1,9}$/.test(windowText)) {
    throw new MissingConfigurationError(
      `${RUNTIME_ENV.confirmWindowMs} is not milliseconds: "${windowText}"`,
    );
  }
  // Attempts and timeouts are chosen for the time budgets in DESIGN.md: a hanging service fails in time.
  const dynamo = new DynamoDBClient({ maxAttempts: 3, ...clientTimeouts(1_000, 2_000) });
  return {
    config,
    tableName,
    ...(configurationSetName ? { configurationSetName } : {}),
    // Cost Explorer lives in us-east-1 only; throttling (LimitExceededException) is retried by the SDK.
    // With costExplorer.billingViewArn every read goes through that shared billing view.
    ce: withBillingView(
      new CostExplorerClient({ region: BILLING_REGION, maxAttempts: 4, ...clientTimeouts(1_000, 5_000) }),
      config.costExplorer.billingViewArn,
    ),
    // SendEmail is never retried by the SDK: a lost answer may mean SES accepted it. The ledger decides.
    ses: new SESv2Client({ maxAttempts: 1, ...clientTimeouts(1_000, 4_000) }),
    dynamo,
    logger: new Logger(),
    metrics: new Metrics(),
    now: () => pinned ?? new Date(),
    ...(windowText !== undefined ? { confirmWindowMs: Number(windowText) } : {}),
  };
}

/**
 * A handler's answer as it leaves the Lambda: without the view-model unless the local runner asks
 * for it (on AWS the answer travels in the success destination's event, at most 256 KB).
 */
export function answerOf<T extends { viewModel?: unknown }>(result: T, env: Env): T {
  if (env[RUNTIME_ENV.returnViewModel] === 'true' || result.viewModel === undefined) return result;
  const { viewModel: _viewModel, ...rest } = result;
  // T without its optional view-model is still a T (viewModel is optional in T).
  return rest as T;
}
