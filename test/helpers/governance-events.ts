/** An event on the management account's default bus (us-east-1), as EventBridge delivers it. */
function managementEvent(id: string, detailType: string, source: string, detail: Record<string, unknown>) {
  return {
    version: '0',
    id,
    'detail-type': detailType,
    source,
    account: '100000000001',
    time: '2026-11-20T09:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail,
  };
}

/** Organizations' MoveAccount, as CloudTrail puts it on the management account's default bus. */
export function moveAccountEvent(accountId: string, from: string, to: string, id = 'move-1') {
  return managementEvent(id, 'AWS API Call via CloudTrail', 'aws.organizations', {
    eventSource: 'organizations.amazonaws.com',
    eventName: 'MoveAccount',
    requestParameters: { accountId, sourceParentId: from, destinationParentId: to },
    responseElements: null,
  });
}

/** Organizations' CreateAccountResult (a service event). */
export function createAccountResultEvent(accountId: string, state = 'SUCCEEDED') {
  return managementEvent(`create-${accountId}`, 'AWS Service Event via CloudTrail', 'aws.organizations', {
    eventSource: 'organizations.amazonaws.com',
    eventName: 'CreateAccountResult',
    serviceEventDetails: { createAccountStatus: { accountId, state } },
  });
}

/** CloudFormation's StackSet instance status change for an instance in `accountId`. */
export function stackInstanceEvent(
  stackSetName: string,
  accountId: string,
  action = 'CREATE',
  status = 'CURRENT',
) {
  return managementEvent(
    `instance-${accountId}`,
    'CloudFormation StackSet StackInstance Status Change',
    'aws.cloudformation',
    {
      'stack-set-arn': `arn:aws:cloudformation:us-east-1:100000000001:stackset/${stackSetName}:0f6b5c9e-1111-2222-3333-444455556666`,
      'stack-id': `arn:aws:cloudformation:us-east-1:${accountId}:stack/StackSet-${stackSetName}-abc/1f2e3d4c`,
      action,
      'status-details': { status, 'detailed-status': 'SUCCEEDED' },
    },
  );
}
