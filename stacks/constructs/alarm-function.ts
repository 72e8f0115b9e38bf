import { Arn, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { ALARM_CONCURRENCY, ALARM_TIMEOUT_SECONDS } from '../../handlers/contract/lambda-limits.js';
import { CostMailFunction, type CostMailFunctionProps } from './cost-mail-function.js';

/** Props of {@link AlarmFunction}. */
export interface AlarmFunctionProps extends CostMailFunctionProps {
  /** Reserve a few concurrent executions (config `reservedConcurrency`). */
  readonly reserveConcurrency: boolean;
  /**
   * With `email.billingAlternateContact`: the organisation whose member accounts' BILLING alternate
   * contacts it may read (and this account's own). @default - none
   */
  readonly billingContactsOf?: string;
  /** Price forwarded launches with the Price List API (config `fastBurn`). @default - false */
  readonly pricesLaunches?: boolean;
}

/**
 * The alarm Lambda: verifies each forwarded alarm, explains it with Cost Explorer and mails it.
 * Besides mail and costs it may check the account's membership (name, OU, tags) and, if asked,
 * read billing contacts.
 */
export class AlarmFunction extends CostMailFunction {
  constructor(scope: Construct, id: string, props: AlarmFunctionProps) {
    super(scope, id, {
      ...props,
      serviceName: 'billing-alarm',
      timeout: Duration.seconds(ALARM_TIMEOUT_SECONDS),
      // A storm of alarms queues (async invokes wait and retry) instead of flooding Cost Explorer.
      ...(props.reserveConcurrency ? { reservedConcurrentExecutions: ALARM_CONCURRENCY } : {}),
    });
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'CheckAccountMembership',
        // Is the account an active member, what is its name, which OU is it in. ListParents has no
        // resource type ('*'); DescribeAccount could name account ARNs, but they embed the
        // organisation id and member account ids that the stack does not know.
        actions: [
          'organizations:ListParents',
          'organizations:DescribeAccount',
          'organizations:ListTagsForResource',
        ],
        resources: ['*'],
      }),
    );
    if (props.pricesLaunches) {
      this.function.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'PriceLaunches',
          // The Price List API has no resource types: public prices, read-only.
          actions: ['pricing:GetProducts'],
          resources: ['*'],
        }),
      );
    }
    if (props.billingContactsOf) {
      const stack = Stack.of(this);
      this.function.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'ReadBillingContacts',
          actions: ['account:GetAlternateContact'],
          resources: [
            // Member accounts of this organisation, and this (management) account itself.
            Arn.format(
              {
                service: 'account',
                region: '',
                resource: 'account',
                resourceName: `${props.billingContactsOf}/*`,
              },
              stack,
            ),
            Arn.format({ service: 'account', region: '', resource: 'account' }, stack),
          ],
        }),
      );
    }
  }
}
