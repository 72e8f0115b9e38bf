import { paginateListStackResources } from '@aws-sdk/client-cloudformation';
import { BILLING_STACK_NAME } from '../../handlers/contract/billing.js';
import { type CheckResult, type DoctorClients, fail } from './check-result.js';

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
