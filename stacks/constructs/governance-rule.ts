import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import {
  ACCOUNT_JOIN_EVENTS,
  CLOUDFORMATION_SOURCE,
  ORGANIZATIONS_SOURCE,
  STACK_INSTANCE_STATUS_CHANGE,
} from '../../handlers/contract/billing.js';
import {
  GOVERNANCE_SWEEP_DETAIL_TYPE,
  GOVERNANCE_SWEEP_SOURCE,
} from '../../handlers/contract/payer-alarms.js';
import { WatchedDeadLetterQueue } from './dead-letter-queue.js';

/** Props of {@link GovernanceRule}. */
export interface GovernanceRuleProps {
  readonly handler: lambda.IFunction;
  readonly stackSetName: string;
  readonly operatorTopic: sns.ITopic;
  /** Whether payer alarms may be wanted (`alarms.placement` payer or auto). */
  readonly payerAlarms: boolean;
}

/**
 * Routes Organizations' account moves, creations and accepted invitations (CloudTrail events on
 * the management account's default bus, us-east-1) and the member StackSet's instance creations to
 * the governance Lambda; both hops retry and end in one watched dead-letter queue.
 */
export class GovernanceRule extends Construct {
  constructor(scope: Construct, id: string, props: GovernanceRuleProps) {
    super(scope, id);
    const deadLetters = new WatchedDeadLetterQueue(this, 'DeadLetters', {
      operatorTopic: props.operatorTopic,
      purpose: 'An account threshold update',
    });
    deadLetters.catchFailuresOf(props.handler);
    const target = new targets.LambdaFunction(props.handler, {
      retryAttempts: 8,
      deadLetterQueue: deadLetters.queue,
    });
    new events.Rule(this, 'AccountJoins', {
      description: 'Accounts moved, created or joined: put them on their OU thresholds',
      eventPattern: {
        source: [ORGANIZATIONS_SOURCE],
        detailType: ['AWS API Call via CloudTrail', 'AWS Service Event via CloudTrail'],
        detail: { eventSource: ['organizations.amazonaws.com'], eventName: [...ACCOUNT_JOIN_EVENTS] },
      },
      targets: [target],
    });
    // Placements decided (member or payer alarms) and payer alarms kept in step: every 15 minutes
    // where payer alarms may be wanted (writing 40,000 of them at CloudWatch's 3 per second takes
    // about 4 hours of runs), every 6 hours otherwise (only left-over payer alarms to delete).
    new events.Rule(this, 'Sweep', {
      description: 'Scheduled governance run: alarm placement and payer alarms',
      schedule: events.Schedule.rate(props.payerAlarms ? Duration.minutes(15) : Duration.hours(6)),
      targets: [
        new targets.LambdaFunction(props.handler, {
          retryAttempts: 2,
          deadLetterQueue: deadLetters.queue,
          event: events.RuleTargetInput.fromObject({
            source: GOVERNANCE_SWEEP_SOURCE,
            'detail-type': GOVERNANCE_SWEEP_DETAIL_TYPE,
          }),
        }),
      ],
    });
    new events.Rule(this, 'InstancesCreated', {
      description: 'Member stack instances created by auto-deployment start on the defaults',
      eventPattern: {
        source: [CLOUDFORMATION_SOURCE],
        detailType: [STACK_INSTANCE_STATUS_CHANGE],
        detail: {
          'stack-set-arn': events.Match.wildcard(`*:stackset/${props.stackSetName}:*`),
          action: ['CREATE'],
        },
      },
      targets: [target],
    });
  }
}
