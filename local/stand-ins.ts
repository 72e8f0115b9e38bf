import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BILLING_BUS_NAME } from '../handlers/contract/billing.js';
import { MEMBER_STACK_SET_NAME } from '../handlers/contract/member-template.js';
import { RUNTIME_ENV } from '../handlers/contract/runtime-env.js';
import { AlarmStateLedger, type AlarmStateRecord } from '../handlers/lib/state/alarm-states.js';
import { AlertLifecycle } from '../handlers/lib/state/alert-lifecycle.js';
import { OrgCopy, type OrgCopyRecord } from '../handlers/lib/state/org-copy.js';
import { PlacementLedger } from '../handlers/lib/state/placements.js';
import { type ChatFaults, type ChatStandIn, startChat } from './chat.js';
import type { CostSource } from './cost-data.js';
import {
  type CostExplorerFaults,
  type CostExplorerStandIn,
  startCostExplorer,
} from './cost-explorer-server.js';
import { type DynamoFaults, type DynamoStandIn, type StoredItem, startDynamo } from './dynamodb.js';
import { type EventBridgeStandIn, startEventBridge } from './eventbridge.js';
import type { GovernanceFaults } from './governance-faults.js';
import { type GovernanceStandIns, startGovernance } from './governance-server.js';
import { type OrganisationFixture, payerAccountsOf } from './organization-fixture.js';
import { type PricingFaults, type PricingStandIn, startPricing } from './pricing-server.js';
import { LOCAL_ACCESS_KEYS, type LocalAccount, RequestLog } from './request-log.js';
import { type SesFaults, type SesStandIn, startSes } from './ses.js';

/** An organisation with no accounts, for runs that do not model one. */
const EMPTY_ORGANISATION: OrganisationFixture = {
  accounts: [],
  stackSetName: MEMBER_STACK_SET_NAME,
  stackSetParameters: {},
  instances: [],
};

/** Options of {@link startStandIns}. */
export interface StandInOptions {
  /** The costs Cost Explorer answers from: a cost export's rows or a generated organisation. */
  readonly costs: CostSource;
  readonly now?: Date;
  readonly ceFaults?: CostExplorerFaults;
  readonly sesFaults?: SesFaults;
  /** Cost Explorer's groups per page. */
  readonly pageSize?: number;
  /** Cost Explorer's time per request. */
  readonly ceLatencyMs?: number;
  /** Accounts and stack instances for the Organizations and CloudFormation stand-ins (the report's coverage). */
  readonly organisation?: OrganisationFixture;
  readonly governanceFaults?: GovernanceFaults;
  readonly dynamoFaults?: DynamoFaults;
  /** Chat webhooks' faults (a post taken and its answer lost). */
  readonly chatFaults?: ChatFaults;
  /** Member alarm states already in the state table (as forwarded state changes left them). */
  readonly alarmStates?: readonly AlarmStateRecord[];
  /** The organisation copy as the governance Lambda, the reconciler or the report left it. */
  readonly orgCopies?: readonly OrgCopyRecord[];
  /** Alert items (acknowledged, snoozed, …) already in the state table, as `--local` keeps them between commands. */
  readonly alertItems?: readonly Record<string, unknown>[];
  /** The Price List API's faults (fast-burn estimates). */
  readonly pricingFaults?: PricingFaults;
  /** State-table items an earlier command kept (the ledger a redrive continues). */
  readonly stateItems?: readonly StoredItem[];
  /** The account, organisation and Region the stand-ins play (ARNs of recorded requests). @default - the request log's default account */
  readonly account?: LocalAccount;
}

/** The local AWS: Cost Explorer, SES v2 and DynamoDB stand-ins, and the environment that points the SDK at them. */
export interface StandIns {
  readonly ce: CostExplorerStandIn;
  readonly ses: SesStandIn;
  readonly dynamo: DynamoStandIn;
  readonly governance: GovernanceStandIns;
  /** The billing bus (what the publisher put for automation) and the default bus (SES's events). */
  readonly eventBridge: EventBridgeStandIn;
  /** Chat: webhooks, their secrets and Amazon Q's SNS topic. */
  readonly chat: ChatStandIn;
  /** The Price List API (fast-burn estimates), answering from the price file shipped with the tests. */
  readonly pricing: PricingStandIn;
  /** Every AWS request any of them served, with its caller, IAM action and resources. */
  readonly requests: RequestLog;
  /** The alert items in the state table now (what `--local` keeps for the next command). */
  alertItems(): Promise<Record<string, unknown>[]>;
  /** `AWS_ENDPOINT_URL_*`, region, dummy credentials and the table name for a handler. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts all stand-ins on free loopback ports. */
export async function startStandIns(options: StandInOptions): Promise<StandIns> {
  const requests = new RequestLog(options.account);
  const dynamo = await startDynamo(undefined, options.dynamoFaults, requests);
  if (options.stateItems?.length) await dynamo.restore(options.stateItems);
  if (options.alarmStates?.length) await seedAlarmStates(dynamo, options.alarmStates);
  if (options.organisation?.deployedAt) await seedPlacements(dynamo, options.organisation);
  if (options.orgCopies?.length) await seedOrgCopies(dynamo, options.orgCopies);
  if (options.alertItems?.length)
    await withSetupClient(dynamo, (c) =>
      new AlertLifecycle(c, dynamo.tableName).restore(options.alertItems ?? []),
    );
  const eventBridge = await startEventBridge(requests);
  const [ce, ses] = await Promise.all([
    startCostExplorer({
      costs: options.costs,
      ...(options.now ? { now: options.now } : {}),
      ...(options.ceLatencyMs ? { latencyMs: options.ceLatencyMs } : {}),
      ...(options.ceFaults ? { faults: options.ceFaults } : {}),
      ...(options.pageSize ? { pageSize: options.pageSize } : {}),
      log: requests,
    }),
    startSes(
      options.sesFaults,
      () => dynamo.sesAccepted(),
      requests,
      (events) => eventBridge.deliver(events),
    ),
  ]);
  // Always started, so that no SDK call of a handler can leave the machine.
  const organisation = options.organisation ?? EMPTY_ORGANISATION;
  const governance = await startGovernance(organisation, requests);
  const chat = await startChat(requests);
  if (options.chatFaults) chat.setFaults(options.chatFaults);
  if (options.governanceFaults) governance.setFaults(options.governanceFaults);
  const pricing = await startPricing({
    log: requests,
    ...(options.pricingFaults ? { faults: options.pricingFaults } : {}),
  });
  return {
    ce,
    ses,
    dynamo,
    governance,
    eventBridge,
    chat,
    pricing,
    requests,
    alertItems: () => withSetupClient(dynamo, (c) => new AlertLifecycle(c, dynamo.tableName).items()),
    env: {
      AWS_ENDPOINT_URL_PRICING: pricing.endpoint,
      AWS_ENDPOINT_URL_ORGANIZATIONS: governance.organizationsEndpoint,
      AWS_ENDPOINT_URL_ACCOUNT: governance.organizationsEndpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: eventBridge.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: chat.endpoint,
      AWS_ENDPOINT_URL_SNS: chat.endpoint,
      [RUNTIME_ENV.busName]: BILLING_BUS_NAME,
      AWS_ENDPOINT_URL_CLOUDFORMATION: governance.cloudFormationEndpoint,
      AWS_ENDPOINT_URL_CLOUDWATCH: governance.cloudWatch.endpoint,
      [RUNTIME_ENV.stackSetName]: organisation.stackSetName,
      AWS_ENDPOINT_URL_COST_EXPLORER: ce.endpoint,
      AWS_ENDPOINT_URL_SESV2: ses.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      [RUNTIME_ENV.tableName]: dynamo.tableName,
    },
    stop: async () => {
      await Promise.all([
        ce.stop(),
        ses.stop(),
        dynamo.stop(),
        governance.stop(),
        eventBridge.stop(),
        chat.stop(),
        pricing.stop(),
      ]);
    },
  };
}

/**
 * Each covered account's first sighting, as the reconciler recorded it at deploy (`deployedAt`), and
 * the payer alarms the local organisation holds, so that placement `auto` decides as it would on AWS.
 */
async function seedPlacements(dynamo: DynamoStandIn, organisation: OrganisationFixture): Promise<void> {
  const client = setupClient(dynamo);
  try {
    const ledger = new PlacementLedger(client, dynamo.tableName);
    const payer = payerAccountsOf(organisation);
    const at = organisation.deployedAt as string;
    await ledger.putMany(
      organisation.instances.map((i) => ({
        accountId: i.account,
        placement: payer.has(i.account) ? 'payer' : 'member',
        reason: payer.has(i.account) ? 'payer alarms in place' : 'deployed with the member StackSet',
        firstSeen: at,
        decidedAt: at,
      })),
    );
  } finally {
    client.destroy();
  }
}

/** Writes the organisation copy into the DynamoDB stand-in through the same store the Lambdas use. */
async function seedOrgCopies(dynamo: DynamoStandIn, records: readonly OrgCopyRecord[]): Promise<void> {
  const client = setupClient(dynamo);
  try {
    await new OrgCopy(client, dynamo.tableName).putMany(records);
  } finally {
    client.destroy();
  }
}

/** Writes member alarm states into the DynamoDB stand-in through the same ledger the Lambdas use. */
async function seedAlarmStates(dynamo: DynamoStandIn, states: readonly AlarmStateRecord[]): Promise<void> {
  const client = setupClient(dynamo);
  try {
    const ledger = new AlarmStateLedger(client, dynamo.tableName);
    for (const s of states) await ledger.record(s);
  } finally {
    client.destroy();
  }
}

/** A DynamoDB client for the stand-ins' own setup: not a caller the policies are for (the IAM check leaves it out). */
function setupClient(dynamo: DynamoStandIn): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: LOCAL_ACCESS_KEYS.setup, secretAccessKey: 'local' },
  });
}

/** Runs `work` with a setup client of the state table, destroyed afterwards. */
async function withSetupClient<T>(
  dynamo: DynamoStandIn,
  work: (client: DynamoDBClient) => Promise<T>,
): Promise<T> {
  const client = setupClient(dynamo);
  try {
    return await work(client);
  } finally {
    client.destroy();
  }
}
