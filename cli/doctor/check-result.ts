import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { STSClient } from '@aws-sdk/client-sts';
import type { Config } from '../../handlers/contract/config/schema.js';
import { toError } from '../../handlers/lib/result.js';
import type { AlarmStateRecord } from '../../handlers/lib/state/alarm-states.js';

/** One check's verdict: ok, a warning that does not stop anything, or a failure with its fix. */
export interface CheckResult {
  readonly name: string;
  readonly status: 'ok' | 'warn' | 'fail';
  readonly detail: string;
  readonly fix?: string;
}

/** The clients the checks read with (AWS, or the stand-ins with --local). */
export interface DoctorClients {
  readonly sts: STSClient;
  readonly orgs: OrganizationsClient;
  readonly cloudwatch: CloudWatchClient;
  readonly ce: CostExplorerClient;
  readonly cfn: CloudFormationClient;
  readonly ses: SESv2Client;
  readonly dynamo: DynamoDBClient;
  readonly cloudtrail: CloudTrailClient;
  readonly lambda: LambdaClient;
  readonly sns: SNSClient;
  readonly stackSetName: string;
}

/** What earlier checks learned that later ones need. */
export interface Context {
  account?: string;
  management?: boolean;
  /** The member alarm states in the state table, when the "member alarms" check could read them. */
  alarmStates?: readonly AlarmStateRecord[];
}

export const STACKSETS_PRINCIPAL = 'member.org.stacksets.cloudformation.amazonaws.com';
export const errorText = (err: unknown) => {
  const e = toError(err);
  return `${e.name}: ${e.message}`;
};
export const ok = (name: string, detail: string): CheckResult => ({ name, status: 'ok', detail });
export const warn = (name: string, detail: string, fix?: string): CheckResult => ({
  name,
  status: 'warn',
  detail,
  ...(fix ? { fix } : {}),
});
export const fail = (name: string, detail: string, fix: string): CheckResult => ({
  name,
  status: 'fail',
  detail,
  fix,
});

export type Check = (c: DoctorClients, config: Config, ctx: Context) => Promise<CheckResult>;
