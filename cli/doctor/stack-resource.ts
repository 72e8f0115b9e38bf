import { paginateListStackResources } from '@aws-sdk/client-cloudformation';
import { BILLING_STACK_NAME } from '../../handlers/contract/billing.js';
import { type CheckResult, type DoctorClients, errorText, fail } from './check-result.js';

/** Which resource of the billing stack a check looks up, and what it calls it. */
export interface StackResourceQuery {
  /** The CloudFormation resource type, such as `AWS::DynamoDB::Table`. */
  readonly type: string;
  /** The start of its logical id; any logical id when omitted. */
  readonly logicalPrefix?: string;
  /** Its name in the failure when the stack has none, such as `state table`. */
  readonly noun: string;
}

/**
 * The physical id of the billing stack's first resource matching `query`, read through
 * ListStackResources page by page (DescribeStackResources stops at 100). When the stack has none,
 * the check `name` fails with a redeploy fix; when CloudFormation refuses, `onError` says the verdict.
 */
export async function billingStackResource(
  c: DoctorClients,
  name: string,
  query: StackResourceQuery,
  onError: (err: unknown) => CheckResult,
): Promise<string | CheckResult> {
  let id: string | undefined;
  try {
    id = await firstResource(c, query);
  } catch (err) {
    return onError(err);
  }
  return (
    id ??
    fail(name, `${BILLING_STACK_NAME} has no ${query.noun}`, 'redeploy the billing stack (npx cdk deploy)')
  );
}

async function firstResource(c: DoctorClients, query: StackResourceQuery): Promise<string | undefined> {
  for await (const page of paginateListStackResources({ client: c.cfn }, { StackName: BILLING_STACK_NAME }))
    for (const r of page.StackResourceSummaries ?? [])
      if (r.ResourceType === query.type && r.LogicalResourceId?.startsWith(query.logicalPrefix ?? ''))
        return r.PhysicalResourceId;
  return undefined;
}

/**
 * What check `name` reads from the billing stack's state table (`what`, for its failure): the
 * value, or the failure when the table cannot be found or read.
 */
export async function fromStateTable<T>(
  c: DoctorClients,
  name: string,
  what: string,
  read: (table: string) => Promise<T>,
): Promise<{ readonly table: string; readonly value: T } | CheckResult> {
  const table = await billingStackResource(
    c,
    name,
    { type: 'AWS::DynamoDB::Table', noun: 'state table' },
    (err) =>
      fail(
        name,
        `cannot find the state table (${errorText(err)})`,
        'deploy the billing stack first (npx cdk deploy)',
      ),
  );
  if (typeof table !== 'string') return table;
  try {
    return { table, value: await read(table) };
  } catch (err) {
    return fail(
      name,
      `cannot read ${what} in ${table} (${errorText(err)})`,
      'allow dynamodb:BatchGetItem on the state table',
    );
  }
}
