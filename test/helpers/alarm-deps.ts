import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../../handlers/contract/config/schema.js';
import type { AlarmDeps, Invocation } from '../../handlers/lib/alarm/alarm-deps.js';
import { deadlinesFrom } from '../../handlers/lib/deadline.js';
import { AlarmStateLedger } from '../../handlers/lib/state/alarm-states.js';
import { AlertLifecycle } from '../../handlers/lib/state/alert-lifecycle.js';
import { DeliveryLedger } from '../../handlers/lib/state/delivery-ledger.js';
import { NoiseControl } from '../../handlers/lib/state/noise.js';
import { OrgCopy } from '../../handlers/lib/state/org-copy.js';
import { PlacementLedger } from '../../handlers/lib/state/placements.js';
import { RejectionLog } from '../../handlers/lib/state/rejection-log.js';
import { type DynamoStandIn, startDynamo } from '../../local/dynamodb.js';
import { exampleConfig } from './config.js';
import { TEST_NOW } from './snapshot.js';
import { useStandIn } from './stand-in.js';

/**
 * A real state table (dynalite, the DynamoDB API over HTTP), a fresh one for each test of the
 * calling file: conditional writes, string sets and TTL items behave as DynamoDB's.
 */
export function useStateTable(): () => { dynamo: DynamoDBClient; tableName: string; standIn: DynamoStandIn } {
  const table = useStandIn(startDynamo, (config) => new DynamoDBClient(config), 'test');
  return () => {
    const { standIn, client } = table();
    return { dynamo: client, tableName: standIn.tableName, standIn };
  };
}

/** The alarm path's dependencies: mocked CE, SES and Organizations (the caller mocks them), a real table. */
export function alarmDeps(
  table: { dynamo: DynamoDBClient; tableName: string },
  options: { config?: Config; now?: Date } = {},
): AlarmDeps {
  const { dynamo, tableName } = table;
  return {
    config: options.config ?? exampleConfig(),
    ce: new CostExplorerClient({ region: 'us-east-1' }),
    ses: new SESv2Client({ region: 'us-east-1' }),
    organizations: new OrganizationsClient({ region: 'us-east-1' }),
    dynamo,
    tableName,
    rejections: new RejectionLog(dynamo, tableName),
    ledger: new DeliveryLedger(dynamo, tableName),
    noise: new NoiseControl(dynamo, tableName),
    alerts: new AlertLifecycle(dynamo, tableName),
    alarmStates: new AlarmStateLedger(dynamo, tableName),
    placements: new PlacementLedger(dynamo, tableName),
    orgCopy: new OrgCopy(dynamo, tableName),
    logger: new Logger({ logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'Test', serviceName: 'test' }),
    now: () => options.now ?? TEST_NOW,
  };
}

/** One invocation with a request id (Lambda's retries of it share the id) and a generous deadline. */
export function invocation(requestId = `request-${Math.random().toString(36).slice(2)}`): Invocation {
  return { requestId, deadlines: deadlinesFrom({ getRemainingTimeInMillis: () => 30_000 }) };
}

/** Every item of the table whose id starts with `prefix`. */
export async function itemsStartingWith(
  table: { dynamo: DynamoDBClient; tableName: string },
  prefix: string,
): Promise<Record<string, unknown>[]> {
  const doc = DynamoDBDocumentClient.from(table.dynamo);
  const out = await doc.send(new ScanCommand({ TableName: table.tableName }));
  return (out.Items ?? []).filter((i) => String(i.id).startsWith(prefix));
}

/** One item of the table. */
export async function item(
  table: { dynamo: DynamoDBClient; tableName: string },
  id: string,
): Promise<Record<string, unknown> | undefined> {
  const doc = DynamoDBDocumentClient.from(table.dynamo);
  return (await doc.send(new GetCommand({ TableName: table.tableName, Key: { id } }))).Item;
}
