import { Arn, Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { GOVERNANCE_TIMEOUT_SECONDS } from '../../handlers/contract/lambda-limits.js';
import { RUNTIME_ENV } from '../../handlers/contract/runtime-env.js';
import { ForwarderFunction } from './forwarder-function.js';

/** Props of {@link GovernanceFunction}. */
export interface GovernanceFunctionProps {
  readonly entry: string;
  readonly runtimeConfigPath: string;
  readonly table: dynamodb.ITable;
  readonly stackSetName: string;
}

/**
 * The governance Lambda: puts new and moved accounts on their OU's thresholds with the same code as
 * `billing-alarms thresholds apply`, one StackSet operation at a time, allowed to update the
 * member StackSet's instances and to read where an account sits.
 */
export class GovernanceFunction extends Construct {
  readonly lambda: ForwarderFunction;

  constructor(scope: Construct, id: string, props: GovernanceFunctionProps) {
    super(scope, id);
    this.lambda = new ForwarderFunction(this, 'Handler', {
      entry: props.entry,
      runtimeConfigPath: props.runtimeConfigPath,
      environment: {
        [RUNTIME_ENV.tableName]: props.table.tableName,
        [RUNTIME_ENV.stackSetName]: props.stackSetName,
        POWERTOOLS_SERVICE_NAME: 'billing-governance',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
      timeout: Duration.seconds(GOVERNANCE_TIMEOUT_SECONDS),
      // One StackSet operation at a time: more would only meet OperationInProgressException.
      reservedConcurrentExecutions: 1,
    });
    const fn = this.lambda.function;
    props.table.grantWriteData(fn);
    const stackSetArn = (resource: 'stackset' | 'stackset-target') =>
      Arn.format(
        { service: 'cloudformation', resource, resourceName: `${props.stackSetName}:*` },
        Stack.of(this),
      );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'UpdateMemberStackInstances',
        actions: [
          'cloudformation:DescribeStackSet',
          'cloudformation:DescribeStackInstance',
          'cloudformation:UpdateStackInstances',
        ],
        resources: [stackSetArn('stackset'), stackSetArn('stackset-target')],
      }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadAccountPlacement',
        // ListParents has no resource type; ListTagsForResource on accounts would need the
        // organisation's account ARNs, which embed ids the stack does not know.
        actions: ['organizations:ListParents', 'organizations:ListTagsForResource'],
        resources: ['*'],
      }),
    );
  }
}
