import { CloudFormationClient, paginateListStackResources } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { AlertAction } from '../handlers/contract/alert-lifecycle.js';
import { BILLING_BUS_NAME, BILLING_REGION, BILLING_STACK_NAME } from '../handlers/contract/billing.js';
import type { Config } from '../handlers/contract/config/schema.js';
import { RUNG_NAME_PATTERN } from '../handlers/contract/ladder.js';
import { putAlertEvents } from '../handlers/lib/actions/alert-events.js';
import { type AlertChange, AlertLifecycle, alertEventOf } from '../handlers/lib/state/alert-lifecycle.js';
import { type AlertRecord, AlertRequestError, effectiveState } from '../handlers/lib/state/alert-rules.js';
import { startDynamo } from '../local/dynamodb.js';
import { startEventBridge } from '../local/eventbridge.js';
import { LOCAL_ACCESS_KEYS, localAccountOf, RequestLog } from '../local/request-log.js';
import { type CommandIo, UsageError } from './command.js';
import { loadLocalAlerts, saveLocalAlerts } from './local-alerts.js';

/** Where the alerts live for one command: the store, and how a change's event reaches the bus. */
export interface AlertStore {
  readonly alerts: AlertLifecycle;
  /** Puts the changes' lifecycle events on the billing bus. */
  publish(changes: readonly AlertChange[]): Promise<void>;
}

/** Options of {@link withAlertStore}. */
export interface AlertStoreOptions {
  readonly config: Config;
  readonly local: boolean;
  /** With `local`: where the stand-ins record the command's requests (the IAM check reads them). */
  readonly requests?: RequestLog;
}

/**
 * Runs `work` against the alerts: on AWS, the billing stack's state table (found with
 * ListStackResources, or `BILLING_ALARMS_TABLE_NAME`) and the billing bus; with `local`, a state
 * table and bus stand-in holding the alerts `.build/local-aws/` keeps, saved again afterwards.
 */
export async function withAlertStore<T>(
  options: AlertStoreOptions,
  work: (store: AlertStore) => Promise<T>,
): Promise<T> {
  if (!options.local) {
    const dynamo = new DynamoDBClient({ region: BILLING_REGION });
    const events = new EventBridgeClient({ region: BILLING_REGION });
    try {
      const tableName = process.env.BILLING_ALARMS_TABLE_NAME ?? (await stateTableName());
      return await work({
        alerts: new AlertLifecycle(dynamo, tableName),
        publish: (c) => putAlertEvents(events, BILLING_BUS_NAME, c),
      });
    } finally {
      dynamo.destroy();
      events.destroy();
    }
  }
  const requests = options.requests ?? new RequestLog(localAccountOf(options.config));
  // Named as CloudFormation names the deployed table, so the operator policy's table pattern holds here too.
  const table = await startDynamo(`${BILLING_STACK_NAME}-State-local`, {}, requests);
  const bus = await startEventBridge(requests);
  const client = (accessKeyId: string, endpoint: string) => ({
    endpoint,
    region: BILLING_REGION,
    credentials: { accessKeyId, secretAccessKey: 'local' },
  });
  const setup = new DynamoDBClient(client(LOCAL_ACCESS_KEYS.setup, table.endpoint));
  const dynamo = new DynamoDBClient(client(LOCAL_ACCESS_KEYS.cli, table.endpoint));
  const events = new EventBridgeClient(client(LOCAL_ACCESS_KEYS.cli, bus.endpoint));
  try {
    await new AlertLifecycle(setup, table.tableName).restore(loadLocalAlerts(options.config));
    const result = await work({
      alerts: new AlertLifecycle(dynamo, table.tableName),
      publish: (c) => putAlertEvents(events, BILLING_BUS_NAME, c),
    });
    saveLocalAlerts(options.config, await new AlertLifecycle(setup, table.tableName).items());
    return result;
  } finally {
    setup.destroy();
    dynamo.destroy();
    events.destroy();
    await bus.stop();
    await table.stop();
  }
}

/** The billing stack's state table, as CloudFormation named it. */
async function stateTableName(): Promise<string> {
  const cfn = new CloudFormationClient({ region: BILLING_REGION });
  try {
    for await (const page of paginateListStackResources({ client: cfn }, { StackName: BILLING_STACK_NAME }))
      for (const r of page.StackResourceSummaries ?? [])
        if (r.ResourceType === 'AWS::DynamoDB::Table' && r.PhysicalResourceId) return r.PhysicalResourceId;
  } finally {
    cfn.destroy();
  }
  throw new UsageError(
    `${BILLING_STACK_NAME} has no state table; deploy the billing stack first (npx cdk deploy)`,
  );
}

/** An operator's answer as the command line reads it. */
export interface AlertCommandInput {
  readonly action: AlertAction;
  readonly account: string | undefined;
  readonly rung: string | undefined;
  readonly until: string | undefined;
  readonly note: string | undefined;
  readonly by: string;
  readonly now: Date;
}

/** The alert's JSON line: account, rung, state as it holds now, who and until when, and the history. */
export function alertJson(record: AlertRecord, now: Date) {
  return {
    accountId: record.accountId,
    rung: record.rung,
    state: effectiveState(record, now) ?? record.state,
    by: record.by,
    until: record.until ?? null,
    history: record.history,
  };
}

/** Checks the command line's fields, naming the first one at fault. */
export function checkAlertInput(input: AlertCommandInput): { account: string; until?: Date } {
  const command = `alerts ${input.action}`;
  if (input.account === undefined)
    throw new UsageError(
      `${command} needs ACCOUNT, the 12-digit account id (billing-alarms alerts list shows them)`,
    );
  if (!/^\d{12}$/.test(input.account))
    throw new UsageError(`${command}: ACCOUNT "${input.account}" is not a 12-digit account id`);
  if (input.rung !== undefined && !RUNG_NAME_PATTERN.test(input.rung))
    throw new UsageError(
      `${command}: --rung "${input.rung}" is not a rung name (warning, critical, a percentage such as 120%, or an amount)`,
    );
  const snoozing = input.action === 'snooze' || input.action === 'plan';
  if (!snoozing && input.until !== undefined)
    throw new UsageError(`${command}: --until is for snooze and plan only`);
  if (!snoozing) return { account: input.account };
  if (input.until === undefined)
    throw new UsageError(
      `${command} needs --until, an ISO date or date-time such as 2026-12-05 or 2026-12-05T18:00:00Z`,
    );
  const until = new Date(input.until);
  if (!/^\d{4}-\d{2}-\d{2}/.test(input.until) || Number.isNaN(until.getTime()))
    throw new UsageError(
      `${command}: --until "${input.until}" is not an ISO date or date-time such as 2026-12-05 or 2026-12-05T18:00:00Z`,
    );
  return { account: input.account, until };
}

/**
 * Answers the account's alerts: the rung given, else every alert of the account that is not
 * resolved. Each change is printed as one JSON line and its event put on the bus.
 */
export async function answerAlerts(
  store: AlertStore,
  input: AlertCommandInput,
  maxSnoozeDays: number,
  io: CommandIo,
): Promise<AlertChange[]> {
  const { account, until } = checkAlertInput(input);
  const rungs = input.rung
    ? [input.rung]
    : (await store.alerts.list())
        .filter(
          (a) => a.accountId === account && !['resolved', undefined].includes(effectiveState(a, input.now)),
        )
        .map((a) => a.rung);
  if (rungs.length === 0)
    throw new UsageError(
      `alerts ${input.action}: account ${account} has no open alert; give --rung R to ${input.action} a rung ahead of its crossing`,
    );
  const changes: AlertChange[] = [];
  for (const rung of rungs) {
    try {
      changes.push(
        await store.alerts.answer(
          account,
          rung,
          {
            action: input.action,
            by: input.by,
            ...(until ? { until } : {}),
            ...(input.note !== undefined ? { note: input.note } : {}),
          },
          input.now,
          maxSnoozeDays,
        ),
      );
    } catch (err) {
      if (err instanceof AlertRequestError) throw new UsageError(`alerts ${input.action}: ${err.message}`);
      throw err;
    }
  }
  await store.publish(changes);
  for (const change of changes)
    io.print(
      JSON.stringify({
        ...alertJson(change.record, input.now),
        event: alertEventOf(change).detailType,
        history: undefined,
      }),
    );
  return changes;
}
