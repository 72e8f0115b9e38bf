import { Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { GOVERNANCE_CONCURRENCY, GOVERNANCE_TIMEOUT_SECONDS } from '../../handlers/contract/lambda-limits.js';
import { RUNTIME_ENV } from '../../handlers/contract/runtime-env.js';
import { ForwarderFunction } from './forwarder-function.js';
import {
  accountPlacementStatement,
  payerAlarmStatements,
  stackSetUpdateStatements,
} from './stack-set-permissions.js';

/** Props of {@link GovernanceFunction}. */
export interface GovernanceFunctionProps {
  readonly entry: string;
  readonly runtimeConfigPath: string;
  readonly table: dynamodb.ITable;
  readonly stackSetName: string;
  /** The member template: its resource types are authorized by StackSet operations. */
  readonly memberTemplateBody: string;
  /** Reserve one concurrent execution (one StackSet operation at a time). */
  readonly reserveConcurrency: boolean;
  /** @default - GOVERNANCE_TIMEOUT_SECONDS */
  readonly timeoutSeconds?: number;
  /** Payer alarms are named with this prefix. */
  readonly alarmNamePrefix: string;
  /** @default 'billing-governance' */
  readonly serviceName?: string;
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
        POWERTOOLS_SERVICE_NAME: props.serviceName ?? 'billing-governance',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
      timeout: Duration.seconds(props.timeoutSeconds ?? GOVERNANCE_TIMEOUT_SECONDS),
      // One StackSet operation at a time: more would only meet OperationInProgressException.
      ...(props.reserveConcurrency ? { reservedConcurrentExecutions: GOVERNANCE_CONCURRENCY } : {}),
    });
    const fn = this.lambda.function;
    props.table.grantReadWriteData(fn);
    const stack = Stack.of(this);
    for (const statement of stackSetUpdateStatements(stack, props.stackSetName, props.memberTemplateBody))
      fn.addToRolePolicy(statement);
    fn.addToRolePolicy(accountPlacementStatement());
    for (const statement of payerAlarmStatements(stack, props.alarmNamePrefix)) fn.addToRolePolicy(statement);
  }
}
