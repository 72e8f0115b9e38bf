import { join } from 'node:path';
import { BILLING_BUS_NAME, BILLING_REGION } from '../handlers/contract/billing.js';
import type { Config } from '../handlers/contract/config/schema.js';
import { ACTIONS_TIMEOUT_SECONDS } from '../handlers/contract/lambda-limits.js';
import { RUNTIME_ENV } from '../handlers/contract/runtime-env.js';
import { accessKeyForFunction } from '../local/request-log.js';
import { type Invocation, startLambda } from './lambda-process.js';
import { localActionKey } from './local-action-state.js';
import { localClock, localClockRecord } from './local-clock.js';

/** The action function's name (its service name in the stack): its calls sign as `local-actions`. */
export const ACTION_FUNCTION_NAME = 'billing-actions';

/** Options of {@link startActionFunction}. */
export interface ActionFunctionOptions {
  readonly config: Config;
  readonly bundle: string;
  /** The state table and bus stand-ins it calls. */
  readonly tableEndpoint: string;
  readonly tableName: string;
  readonly busEndpoint: string;
  /** Where its log goes (`billing-actions.log`). */
  readonly logDir: string;
  /** Where its clock starts. @default - the local clock the last run left, else the real time */
  readonly now?: Date;
}

/** The built actions bundle in its own process, invoked as its function URL invokes it. */
export interface LocalActionFunction {
  /** The function's clock now (the event's request time). */
  now(): Date;
  /** One synchronous invoke: one attempt, no retries, the function's timeout. */
  invoke(event: unknown): Promise<Invocation>;
  stop(): Promise<void>;
}

/**
 * Starts the actions bundle with the local signing key and its clock at `--now`, else at the local
 * clock (the moment the last run signed its links at, running on); a newer run's clock starts the
 * function again before the next invoke (a cold start), so its links are valid when clicked.
 */
export async function startActionFunction(options: ActionFunctionOptions): Promise<LocalActionFunction> {
  const { config } = options;
  const start = (clock: Date | undefined) =>
    startLambda(
      options.bundle,
      {
        AWS_ENDPOINT_URL_DYNAMODB: options.tableEndpoint,
        AWS_ENDPOINT_URL_EVENTBRIDGE: options.busEndpoint,
        AWS_REGION: BILLING_REGION,
        AWS_ACCESS_KEY_ID: accessKeyForFunction(ACTION_FUNCTION_NAME),
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_LAMBDA_FUNCTION_NAME: ACTION_FUNCTION_NAME,
        POWERTOOLS_SERVICE_NAME: ACTION_FUNCTION_NAME,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        [RUNTIME_ENV.tableName]: options.tableName,
        [RUNTIME_ENV.busName]: BILLING_BUS_NAME,
        [RUNTIME_ENV.actionKeys]: localActionKey(config),
        ...(clock ? { [RUNTIME_ENV.now]: clock.toISOString() } : {}),
      },
      join(options.logDir, `${ACTION_FUNCTION_NAME}.log`),
      // A function URL invokes synchronously: one attempt, no retries.
      { functionName: ACTION_FUNCTION_NAME, timeoutMs: ACTIONS_TIMEOUT_SECONDS * 1000, retryDelaysMs: [] },
    );
  const startedAt = Date.now();
  const clockNow = () => {
    const record = options.now ? undefined : localClockRecord(config);
    return {
      key: options.now?.toISOString() ?? record?.now,
      clock: options.now
        ? new Date(options.now.getTime() + (Date.now() - startedAt))
        : localClock(config, record),
    };
  };
  const first = clockNow();
  let running = first.key;
  let lambda = await start(first.clock);
  return {
    now: () => clockNow().clock ?? new Date(),
    invoke: async (event) => {
      const { key, clock } = clockNow();
      if (key !== running) {
        await lambda.stop();
        lambda = await start(clock);
        running = key;
      }
      return lambda.invoke(event);
    },
    stop: () => lambda.stop(),
  };
}
