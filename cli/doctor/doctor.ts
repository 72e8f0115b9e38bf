import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { BILLING_REGION, BILLING_STACK_NAME } from '../../handlers/contract/billing.js';
import type { Config } from '../../handlers/contract/config/schema.js';
import { MEMBER_STACK_SET_NAME } from '../../handlers/contract/member-template.js';
import { AlarmStateLedger, type AlarmStateRecord } from '../../handlers/lib/state/alarm-states.js';
import { type FeedbackEvent, RecipientFeedback } from '../../handlers/lib/state/recipient-feedback.js';
import { type AccountSetup, healthyAccountSetup } from '../../local/account-setup.js';
import { startAccountSetup } from '../../local/account-setup-server.js';
import { startCostExplorer } from '../../local/cost-explorer-server.js';
import { startDynamo } from '../../local/dynamodb.js';
import { startGovernance } from '../../local/governance-server.js';
import { type OrganisationFixture, sampleAlarmStates } from '../../local/organization-fixture.js';
import { LOCAL_ACCESS_KEYS, localAccountOf, RequestLog } from '../../local/request-log.js';
import { sampleOrganisationCosts } from '../../local/sample-org.js';
import { loadLocalOrganisation } from '../local-aws.js';
import { terminalText } from '../terminal-text.js';
import { type CheckResult, type DoctorClients, runChecks } from './checks.js';

/** Options of {@link runDoctor}. */
export interface DoctorOptions {
  readonly config: Config;
  /** Against the stand-ins instead of AWS. */
  readonly local: boolean;
  /** With `local`: how the local account is set up. @default - healthy */
  readonly setup?: AccountSetup;
  /** With `local`: the organisation. @default - the one `thresholds --local` keeps */
  readonly organisation?: OrganisationFixture;
  /** With `local`: the member alarm states in the state table. @default - every alarm OK */
  readonly alarmStates?: readonly AlarmStateRecord[];
  /** With `local`: bounces and complaints SES reported, as the alarm Lambda would have kept them. @default - none */
  readonly recipientFeedback?: readonly FeedbackEvent[];
  /** With `local`: where the stand-ins record the requests they serve. @default - a log of their own */
  readonly requests?: RequestLog;
}

const LOCAL = {
  region: BILLING_REGION,
  credentials: { accessKeyId: LOCAL_ACCESS_KEYS.cli, secretAccessKey: 'local' },
  maxAttempts: 1,
};

/** `billing-alarms doctor`: every check, in order, against AWS or the stand-ins. */
export async function runDoctor(options: DoctorOptions): Promise<CheckResult[]> {
  const { config } = options;
  if (!options.local) {
    const clients: DoctorClients = {
      sts: new STSClient({ region: BILLING_REGION }),
      orgs: new OrganizationsClient({ region: BILLING_REGION }),
      cloudwatch: new CloudWatchClient({ region: BILLING_REGION }),
      ce: new CostExplorerClient({ region: BILLING_REGION }),
      cfn: new CloudFormationClient({ region: BILLING_REGION }),
      ses: new SESv2Client({ region: BILLING_REGION }),
      dynamo: new DynamoDBClient({ region: BILLING_REGION }),
      cloudtrail: new CloudTrailClient({ region: BILLING_REGION }),
      lambda: new LambdaClient({ region: BILLING_REGION }),
      sns: new SNSClient({ region: BILLING_REGION }),
      stackSetName: process.env.BILLING_ALARMS_STACK_SET_NAME ?? MEMBER_STACK_SET_NAME,
    };
    try {
      return await runChecks(clients, config);
    } finally {
      for (const client of Object.values(clients)) if (typeof client === 'object') client.destroy();
    }
  }
  const organisation = options.organisation ?? (await loadLocalOrganisation(config));
  const now = new Date();
  // The state table holds the members' alarm states, as the alarm Lambda would have kept them.
  const requests = options.requests ?? new RequestLog(localAccountOf(config));
  // Named as CloudFormation names the deployed table, so the operator policy's table pattern holds here too.
  const dynamo = await startDynamo(`${BILLING_STACK_NAME}-State-local`, undefined, requests);
  const ledger = new DynamoDBClient({ ...LOCAL, endpoint: dynamo.endpoint });
  // Seeded under the stand-ins' own key: the writes are the alarm Lambda's, not the command's.
  const seeder = new DynamoDBClient({
    ...LOCAL,
    credentials: { accessKeyId: LOCAL_ACCESS_KEYS.setup, secretAccessKey: 'local' },
    endpoint: dynamo.endpoint,
  });
  const states = new AlarmStateLedger(seeder, dynamo.tableName);
  for (const s of options.alarmStates ?? sampleAlarmStates(organisation, now, { stuck: false }))
    await states.record(s);
  const feedback = new RecipientFeedback(seeder, dynamo.tableName);
  for (const f of options.recipientFeedback ?? []) await feedback.record(f);
  seeder.destroy();
  const setup = {
    stateTableName: dynamo.tableName,
    // The payer sees a LinkedAccount metric for every account unless the setup says otherwise.
    linkedAccountMetrics: organisation.accounts.map((a) => a.id),
    ...(options.setup ?? healthyAccountSetup(config)),
  };
  const [account, governance, ce] = await Promise.all([
    startAccountSetup(setup, requests),
    startGovernance(organisation, requests),
    startCostExplorer({
      log: requests,
      costs: sampleOrganisationCosts(now),
      now,
      faults: setup.costExplorerEnabled ? {} : { disabled: true },
    }),
  ]);
  // STS, CloudWatch, SES, CloudTrail, Lambda, SNS and Organizations' organisation-level reads come
  // from the account setup; stack instances and the account list from the governance stand-ins,
  // which the stack and organisation reads are routed past.
  const cfnInstances = new CloudFormationClient({ ...LOCAL, endpoint: governance.cloudFormationEndpoint });
  const cfnStacks = new CloudFormationClient({ ...LOCAL, endpoint: account.endpoint });
  const orgsSetup = new OrganizationsClient({ ...LOCAL, endpoint: account.endpoint });
  const orgsAccounts = new OrganizationsClient({ ...LOCAL, endpoint: governance.organizationsEndpoint });
  const clients: DoctorClients = {
    sts: new STSClient({ ...LOCAL, endpoint: account.endpoint }),
    orgs: routed(orgsAccounts, orgsSetup, ORGANISATION_READS),
    cloudwatch: new CloudWatchClient({ ...LOCAL, endpoint: account.endpoint }),
    ce: new CostExplorerClient({ ...LOCAL, endpoint: ce.endpoint }),
    cfn: routed(cfnStacks, cfnInstances, STACK_READS),
    ses: new SESv2Client({ ...LOCAL, endpoint: account.endpoint }),
    dynamo: ledger,
    cloudtrail: new CloudTrailClient({ ...LOCAL, endpoint: account.endpoint }),
    lambda: new LambdaClient({ ...LOCAL, endpoint: account.endpoint }),
    sns: new SNSClient({ ...LOCAL, endpoint: account.endpoint }),
    stackSetName: organisation.stackSetName,
  };
  try {
    return await runChecks(clients, config);
  } finally {
    for (const client of [
      clients.sts,
      orgsSetup,
      orgsAccounts,
      clients.cloudwatch,
      clients.ce,
      clients.ses,
      clients.cloudtrail,
      clients.lambda,
      clients.sns,
      cfnStacks,
      cfnInstances,
    ])
      client.destroy();
    await Promise.all([account.stop(), governance.stop(), ce.stop()]);
  }
}

/** The CloudFormation reads about the billing stack itself (the rest are StackSet reads). */
const STACK_READS = new Set([
  'DescribeStacksCommand',
  'DescribeStackResourcesCommand',
  'ListStackResourcesCommand',
]);
/** The Organizations reads the governance stand-in answers from the organisation (the rest: the account setup). */
const ORGANISATION_READS = new Set(['ListAccountsCommand']);

/** One client for the checks: the listed commands to one stand-in, every other command to the other. */
function routed<C extends { send: (...args: never[]) => unknown }>(
  listed: C,
  others: C,
  commands: ReadonlySet<string>,
): C {
  return new Proxy(others, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return (command: { constructor: { name: string } }, ...rest: unknown[]) =>
        (commands.has(command.constructor.name) ? listed : others).send(
          command as never,
          ...(rest as never[]),
        );
    },
  });
}

const MARK = { ok: '✓', warn: '!', fail: '✗' } as const;

/** The checks as lines: a mark, the name and the detail, and the fix under anything not ok. */
export function doctorLines(results: readonly CheckResult[]): string[] {
  const lines = results.flatMap((r) => [
    // Details quote names, tags and AWS errors: one harmless line each.
    `${MARK[r.status]} ${r.name}: ${terminalText(r.detail, 400)}`,
    ...(r.fix && r.status !== 'ok' ? [`    fix: ${terminalText(r.fix, 400)}`] : []),
  ]);
  const failed = results.filter((r) => r.status === 'fail').length;
  const warned = results.filter((r) => r.status === 'warn').length;
  return [
    ...lines,
    '',
    failed
      ? `${failed} check(s) failed, ${warned} warning(s).`
      : `All checks passed${warned ? ` (${warned} warning(s))` : ''}.`,
  ];
}
