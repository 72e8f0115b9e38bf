import * as cfn from 'aws-cdk-lib/aws-cloudformation';
import { Construct } from 'constructs';
import { BILLING_REGION } from '../../handlers/contract/billing.js';
import type { Ladder } from '../../handlers/contract/ladder.js';
import {
  ladderParameters,
  MEMBER_PARAMETERS,
  MEMBER_STACK_SET_NAME,
  STACK_SET_OPERATION_PREFERENCES,
  stackInstanceGroups,
} from '../../handlers/contract/member-template.js';

/** Props of {@link MemberStackSet}. */
export interface MemberStackSetProps {
  /** The member template, synthesized from `stackset-templates/`. */
  readonly templateBody: string;
  /** ARN of the billing bus the members forward to. */
  readonly billingBusArn: string;
  /** The OUs (or root) whose accounts, now and later, get a stack instance. */
  readonly targetOrganizationalUnitIds: readonly string[];
  /** The StackSet's own parameter values: the ladder every instance starts with. */
  readonly defaultLadder: Ladder;
  readonly currency: string;
  readonly alarmNamePrefix: string;
  readonly metricDimensions: string;
  /** Deploy the member rule that forwards costly launches (config `fastBurn.enabled` in any scope). @default - false */
  readonly fastBurn?: boolean;
  /** @default - `billing-alarm-forwarder-member` */
  readonly stackSetName?: string;
}

type Parameter = { parameterKey: string; parameterValue: string };

/**
 * The service-managed StackSet that puts the member template into every account of the target OUs,
 * now and when accounts join later (auto-deployment). One stack-instance group, no overrides: the
 * thresholds of OUs, accounts and tags are applied after deploy ({@link MemberOverrides}), because
 * the StackSet resource refuses one OU in two parameter sets and resets out-of-band overrides on update.
 */
export class MemberStackSet extends Construct {
  /** The StackSet. */
  readonly stackSet: cfn.CfnStackSet;

  constructor(scope: Construct, id: string, props: MemberStackSetProps) {
    super(scope, id);
    const parameters: Parameter[] = [
      ...ladderParameters(props.defaultLadder).map((p) => ({
        parameterKey: p.ParameterKey,
        parameterValue: p.ParameterValue,
      })),
      { parameterKey: MEMBER_PARAMETERS.currency, parameterValue: props.currency },
      { parameterKey: MEMBER_PARAMETERS.billingBusArn, parameterValue: props.billingBusArn },
      { parameterKey: MEMBER_PARAMETERS.alarmNamePrefix, parameterValue: props.alarmNamePrefix },
      { parameterKey: MEMBER_PARAMETERS.metricDimensions, parameterValue: props.metricDimensions },
      { parameterKey: MEMBER_PARAMETERS.fastBurn, parameterValue: props.fastBurn ? 'enabled' : 'disabled' },
    ];

    this.stackSet = new cfn.CfnStackSet(this, 'StackSet', {
      stackSetName: props.stackSetName ?? MEMBER_STACK_SET_NAME,
      description:
        'billing-alarm-forwarder: EstimatedCharges alarms and forwarding rule in every member account',
      permissionModel: 'SERVICE_MANAGED',
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      callAs: 'SELF',
      capabilities: ['CAPABILITY_IAM'],
      managedExecution: { Active: true },
      operationPreferences: { ...STACK_SET_OPERATION_PREFERENCES, regionConcurrencyType: 'PARALLEL' },
      parameters,
      stackInstancesGroup: stackInstanceGroups(props.targetOrganizationalUnitIds, BILLING_REGION).map(
        (g) => ({
          regions: [...g.regions],
          deploymentTargets: { organizationalUnitIds: [...g.organizationalUnitIds] },
        }),
      ),
      templateBody: props.templateBody,
    });
  }
}
