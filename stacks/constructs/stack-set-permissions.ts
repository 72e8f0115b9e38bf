import { Arn, ArnFormat, type Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/** The resource types of a template (`AWS::CloudWatch::Alarm`, …), each once. */
export function resourceTypesOf(templateBody: string): string[] {
  const template = JSON.parse(templateBody) as { Resources?: Record<string, { Type?: string }> };
  return [
    ...new Set(Object.values(template.Resources ?? {}).flatMap((r) => (r.Type ? [r.Type] : []))),
  ].sort();
}

/**
 * What a principal needs to read and update the member StackSet's instances. StackSet operations
 * authorize the StackSet, its targets and, for each resource type in the template,
 * `arn:aws:cloudformation:*:*:type/resource/<Type with - for ::>` (DESIGN.md, "Facts that bite").
 */
export function stackSetUpdateStatements(
  stack: Stack,
  stackSetName: string,
  templateBody: string,
): iam.PolicyStatement[] {
  const arn = (resource: 'stackset' | 'stackset-target') =>
    Arn.format({ service: 'cloudformation', resource, resourceName: `${stackSetName}:*` }, stack);
  const types = resourceTypesOf(templateBody).map((t) =>
    Arn.format(
      {
        service: 'cloudformation',
        region: '*',
        account: '*',
        resource: 'type',
        resourceName: `resource/${t.replaceAll('::', '-')}`,
      },
      stack,
    ),
  );
  return [
    new iam.PolicyStatement({
      sid: 'ReadMemberStackSet',
      actions: [
        'cloudformation:DescribeStackSet',
        'cloudformation:DescribeStackInstance',
        'cloudformation:ListStackInstances',
        'cloudformation:DescribeStackSetOperation',
        'cloudformation:ListStackSetOperations',
        'cloudformation:ListStackSetOperationResults',
      ],
      resources: [arn('stackset')],
    }),
    new iam.PolicyStatement({
      sid: 'UpdateMemberStackInstances',
      actions: ['cloudformation:UpdateStackInstances'],
      resources: [arn('stackset'), arn('stackset-target'), ...types],
    }),
  ];
}

/** Where an account sits and what it is tagged with; ListAccounts pages the organisation. */
export function accountPlacementStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'ReadAccountPlacement',
    // ListAccounts and ListParents have no resource type; ListTagsForResource on accounts would need
    // the organisation's account ARNs, which embed ids the stack does not know.
    actions: ['organizations:ListAccounts', 'organizations:ListParents', 'organizations:ListTagsForResource'],
    resources: ['*'],
  });
}

/**
 * The management account's payer alarms: put and delete alarms named with the prefix only
 * (`arn:aws:cloudwatch:<region>:<account>:alarm:<prefix>*`); read them with DescribeAlarms, which
 * is granted on '*' (read-only) because AWS does not document which alarm ARN a prefix query is
 * authorized against.
 */
export function payerAlarmStatements(stack: Stack, alarmNamePrefix: string): iam.PolicyStatement[] {
  return [
    payerAlarmStatement(stack, alarmNamePrefix),
    new iam.PolicyStatement({
      sid: 'ReadPayerAlarms',
      actions: ['cloudwatch:DescribeAlarms'],
      resources: ['*'],
    }),
  ];
}

function payerAlarmStatement(stack: Stack, alarmNamePrefix: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'ManagePayerAlarms',
    actions: ['cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms'],
    resources: [
      Arn.format(
        {
          service: 'cloudwatch',
          resource: 'alarm',
          resourceName: `${alarmNamePrefix}*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        },
        stack,
      ),
    ],
  });
}
