import { Duration, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { GOVERNANCE_CONCURRENCY, GOVERNANCE_TIMEOUT_SECONDS } from '../../handlers/contract/lambda-limits.js';
import { RUNTIME_ENV } from '../../handlers/contract/runtime-env.js';
import { BundledFunction } from './bundled-function.js';
import {
  accountPlacementStatement,
  payerAlarmStatements,
  stackSetUpdateStatements,
} from './stack-set-permissions.js';
import type { StateTable } from './state-table.js';

/** What the governance code needs wherever it runs (the governance Lambda, the reconciler). */
export interface GovernanceCodeProps {
  /** The governance Lambda's entry. */
  readonly entry: string;
  readonly runtimeConfigPath: string;
  readonly table: StateTable;
  readonly stackSetName: string;
  /** The member template: its resource types are authorized by StackSet operations. */
  readonly memberTemplateBody: string;
  /** Payer alarms are named with this prefix. */
  readonly alarmNamePrefix: string;
}

/** Props of {@link GovernanceFunction}. */
export interface GovernanceFunctionProps extends GovernanceCodeProps {
  /** Reserve one concurrent execution (one StackSet operation at a time). */
  readonly reserveConcurrency: boolean;
  /** @default - GOVERNANCE_TIMEOUT_SECONDS */
  readonly timeoutSeconds?: number;
  /** @default 'billing-governance' */
  readonly serviceName?: string;
}

/**
 * The governance Lambda: puts new and moved accounts on their OU's thresholds with the same code as
 * `billing-alarms thresholds apply`, one StackSet operation at a time, allowed to update the
 * member StackSet's instances and to read where an account sits.
 */
export class GovernanceFunction extends Construct {
  readonly lambda: BundledFunction;

  constructor(scope: Construct, id: string, props: GovernanceFunctionProps) {
    super(scope, id);
    this.lambda = new BundledFunction(this, 'Handler', {
      entry: props.entry,
      runtimeConfigPath: props.runtimeConfigPath,
      serviceName: props.serviceName ?? 'billing-governance',
      environment: { [RUNTIME_ENV.stackSetName]: props.stackSetName },
      timeout: Duration.seconds(props.timeoutSeconds ?? GOVERNANCE_TIMEOUT_SECONDS),
      // One StackSet operation at a time: more would only meet OperationInProgressException.
      ...(props.reserveConcurrency ? { reservedConcurrentExecutions: GOVERNANCE_CONCURRENCY } : {}),
    });
    this.lambda.bindStateTable(props.table);
    const fn = this.lambda.function;
    const stack = Stack.of(this);
    for (const statement of stackSetUpdateStatements(stack, props.stackSetName, props.memberTemplateBody))
      fn.addToRolePolicy(statement);
    fn.addToRolePolicy(accountPlacementStatement());
    for (const statement of payerAlarmStatements(stack, props.alarmNamePrefix)) fn.addToRolePolicy(statement);
  }
}
