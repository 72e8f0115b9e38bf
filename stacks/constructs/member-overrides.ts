import { createHash } from 'node:crypto';
import { CustomResource, Duration } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, type IDependable } from 'constructs';
import { RECONCILE_TIMEOUT_SECONDS } from '../../handlers/contract/lambda-limits.js';
import { type GovernanceCodeProps, GovernanceFunction } from './governance-function.js';

/** Props of {@link MemberOverrides}: the governance code's (it answers the custom resource), and when to run. */
export interface MemberOverridesProps extends GovernanceCodeProps {
  /** The StackSet: reconciling starts after it is created or updated. */
  readonly stackSet: IDependable;
  /**
   * Whatever, when it changes, means the overrides must be checked again: the StackSet's properties
   * (an update resets out-of-band overrides) and the desired thresholds.
   */
  readonly revision: unknown;
}

/**
 * After every deploy that changed the StackSet or the thresholds, puts each stack instance on the
 * thresholds `thresholds apply` would give it (OU, account and tag overrides), through CDK's
 * provider framework: `onEvent` answers at once and each `isComplete` poll starts at most one
 * StackSet operation, so the deploy waits for the overrides without a Lambda waiting for StackSets.
 */
export class MemberOverrides extends Construct {
  readonly reconciler: GovernanceFunction;

  constructor(scope: Construct, id: string, props: MemberOverridesProps) {
    super(scope, id);
    const { stackSet, revision, ...code } = props;
    this.reconciler = new GovernanceFunction(this, 'Reconciler', {
      ...code,
      serviceName: 'billing-reconcile',
      // Never throttled: a throttled poll would fail the deploy.
      reserveConcurrency: false,
      timeoutSeconds: RECONCILE_TIMEOUT_SECONDS,
    });
    const fn = this.reconciler.lambda.function;
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: fn,
      isCompleteHandler: fn,
      queryInterval: Duration.seconds(30),
      // The provider framework allows at most one hour; a StackSet operation over thousands of
      // accounts may take longer: the reconciler stops after 45 minutes and names what is left
      // (`thresholds apply` finishes it), so the deploy never fails on time.
      totalTimeout: Duration.hours(1),
      logGroup: new logs.LogGroup(this, 'FrameworkLogs', { retention: logs.RetentionDays.THREE_MONTHS }),
    });
    const resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::MemberStackSetOverrides',
      properties: {
        StackSetName: props.stackSetName,
        Revision: createHash('sha256').update(JSON.stringify(revision)).digest('hex'),
      },
    });
    resource.node.addDependency(stackSet);
  }
}
