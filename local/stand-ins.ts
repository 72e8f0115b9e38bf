import {
  type CostExplorerFaults,
  type CostExplorerStandIn,
  startCostExplorer,
} from './cost-explorer-server.js';
import { type DynamoStandIn, startDynamo } from './dynamodb.js';
import type { CostRow } from './focus-csv.js';
import { type SesFaults, type SesStandIn, startSes } from './ses.js';

/** Options of {@link startStandIns}. */
export interface StandInOptions {
  readonly rows: readonly CostRow[];
  readonly now?: Date;
  readonly ceFaults?: CostExplorerFaults;
  readonly sesFaults?: SesFaults;
  readonly pageSize?: number;
}

/** The local AWS: Cost Explorer, SES v2 and DynamoDB stand-ins, and the environment that points the SDK at them. */
export interface StandIns {
  readonly ce: CostExplorerStandIn;
  readonly ses: SesStandIn;
  readonly dynamo: DynamoStandIn;
  /** `AWS_ENDPOINT_URL_*`, region, dummy credentials and the table name for a handler. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts all stand-ins on free loopback ports. */
export async function startStandIns(options: StandInOptions): Promise<StandIns> {
  const [ce, ses, dynamo] = await Promise.all([
    startCostExplorer({
      rows: options.rows,
      ...(options.now ? { now: options.now } : {}),
      ...(options.ceFaults ? { faults: options.ceFaults } : {}),
      ...(options.pageSize ? { pageSize: options.pageSize } : {}),
    }),
    startSes(options.sesFaults),
    startDynamo(),
  ]);
  return {
    ce,
    ses,
    dynamo,
    env: {
      AWS_ENDPOINT_URL_COST_EXPLORER: ce.endpoint,
      AWS_ENDPOINT_URL_SESV2: ses.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      BILLING_ALARMS_TABLE: dynamo.tableName,
    },
    stop: async () => {
      await Promise.all([ce.stop(), ses.stop(), dynamo.stop()]);
    },
  };
}
