import { Arn, Duration, Stack } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { REPORT_TIMEOUT_SECONDS } from '../../handlers/contract/lambda-limits.js';
import { RUNTIME_ENV } from '../../handlers/contract/runtime-env.js';
import { CostMailFunction, type CostMailFunctionProps } from './cost-mail-function.js';
import type { WatchedDeadLetterQueue } from './dead-letter-queue.js';

/** Props of {@link ReportFunction}. */
export interface ReportFunctionProps extends CostMailFunctionProps {
  /** The member StackSet, whose instances the report's coverage reads. */
  readonly stackSetName: string;
  /** Where a run waits after Lambda's retries (the schedule's failed deliveries go there too). */
  readonly deadLetters: WatchedDeadLetterQueue;
  /** Where a run's answer goes (the automation publisher's rule listens there). */
  readonly answersTo: events.IEventBus;
}

/**
 * The report Lambda: mails the organisation's cost report. Besides mail and costs it may list the
 * organisation's accounts and the member StackSet's instances (coverage); failed runs end in its
 * dead-letter queue, answers on the bus.
 */
export class ReportFunction extends CostMailFunction {
  constructor(scope: Construct, id: string, props: ReportFunctionProps) {
    super(scope, id, {
      ...props,
      serviceName: 'billing-report',
      timeout: Duration.seconds(REPORT_TIMEOUT_SECONDS),
      memorySize: 512,
      environment: { [RUNTIME_ENV.stackSetName]: props.stackSetName },
    });
    props.deadLetters.catchFailuresOf(this.function, { onSuccessBus: props.answersTo });
    // Coverage: which accounts exist and which hold a current member stack instance.
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ListStackSetInstances',
        actions: [
          'cloudformation:ListStackInstances',
          'cloudformation:DescribeStackSet',
          'cloudformation:DescribeStackInstance',
        ],
        resources: [
          Arn.format(
            { service: 'cloudformation', resource: 'stackset', resourceName: `${props.stackSetName}:*` },
            Stack.of(this),
          ),
        ],
      }),
    );
    // The month close's own drivers (issue 21); like the other Cost Explorer reads, no resource type.
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadCostComparisonDrivers',
        actions: ['ce:GetCostComparisonDrivers'],
        resources: ['*'],
      }),
    );
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ListOrganizationAccounts',
        // Coverage reads the accounts per OU, in parallel: the roots, each parent's OUs and accounts.
        // ListRoots has no resource type; the parents are the organisation's root and OUs, whose ids
        // the stack does not know (an OU of any depth, not only the target OUs).
        actions: [
          'organizations:ListRoots',
          'organizations:ListOrganizationalUnitsForParent',
          'organizations:ListAccountsForParent',
        ],
        resources: ['*'],
      }),
    );
  }
}
