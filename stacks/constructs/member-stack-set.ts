import * as cfn from 'aws-cdk-lib/aws-cloudformation';
import { Construct } from 'constructs';
import { BILLING_REGION } from '../../handlers/contract/billing.js';
import type { Config } from '../../handlers/contract/config/schema.js';
import { type AccountPolicy, policyFor } from '../../handlers/contract/config/thresholds.js';
import { MEMBER_PARAMETERS, MEMBER_STACK_SET_NAME } from '../../handlers/contract/member-template.js';

/** Props of {@link MemberStackSet}. */
export interface MemberStackSetProps {
  /** The member template, synthesized from `stackset-templates/`. */
  readonly templateBody: string;
  /** ARN of the billing bus the members forward to. */
  readonly billingBusArn: string;
  readonly config: Config;
  /** @default - `billing-alarm-forwarder-member` */
  readonly stackSetName?: string;
}

type Parameter = { parameterKey: string; parameterValue: string };
type Group = cfn.CfnStackSet.StackInstancesProperty;

/**
 * The service-managed StackSet that puts the member template into every account of the target OUs,
 * now and when accounts join later (auto-deployment). Overrides from the configuration become
 * stack-instance groups with disjoint targets: per-account groups (account ∩ target OUs), per-OU
 * groups and the default group, each excluding the accounts an account override already covers.
 */
export class MemberStackSet extends Construct {
  /** The StackSet. */
  readonly stackSet: cfn.CfnStackSet;

  constructor(scope: Construct, id: string, props: MemberStackSetProps) {
    super(scope, id);
    const { config } = props;
    const targetOus = config.organization.targetOrganizationalUnitIds;
    const overriddenAccounts = config.thresholds.accounts.map((a) => a.id);
    const ouOverrides = new Map(config.thresholds.organizationalUnits.map((o) => [o.id, o]));

    const excluding = (ous: string[]): cfn.CfnStackSet.DeploymentTargetsProperty =>
      overriddenAccounts.length > 0
        ? { organizationalUnitIds: ous, accounts: overriddenAccounts, accountFilterType: 'DIFFERENCE' }
        : { organizationalUnitIds: ous };

    const groups: Group[] = [];
    const plainOus = targetOus.filter((ou) => !ouOverrides.has(ou));
    if (plainOus.length > 0) {
      groups.push({ regions: [BILLING_REGION], deploymentTargets: excluding(plainOus) });
    }
    for (const ou of ouOverrides.keys()) {
      groups.push({
        regions: [BILLING_REGION],
        deploymentTargets: excluding([ou]),
        parameterOverrides: thresholdParameters(policyFor(config, '', ou)),
      });
    }
    for (const a of config.thresholds.accounts) {
      groups.push({
        regions: [BILLING_REGION],
        deploymentTargets: {
          organizationalUnitIds: targetOus,
          accounts: [a.id],
          accountFilterType: 'INTERSECTION',
        },
        parameterOverrides: thresholdParameters(policyFor(config, a.id)),
      });
    }

    const parameters: Parameter[] = [
      {
        parameterKey: MEMBER_PARAMETERS.criticalThreshold,
        parameterValue: String(config.thresholds.default.critical),
      },
      {
        parameterKey: MEMBER_PARAMETERS.warningThreshold,
        parameterValue: String(config.thresholds.default.warning),
      },
      { parameterKey: MEMBER_PARAMETERS.currency, parameterValue: config.currency },
      { parameterKey: MEMBER_PARAMETERS.billingBusArn, parameterValue: props.billingBusArn },
      { parameterKey: MEMBER_PARAMETERS.alarmNamePrefix, parameterValue: config.alarmNamePrefix },
      { parameterKey: MEMBER_PARAMETERS.metricDimensions, parameterValue: config.memberMetricDimensions },
    ];

    this.stackSet = new cfn.CfnStackSet(this, 'StackSet', {
      stackSetName: props.stackSetName ?? MEMBER_STACK_SET_NAME,
      description:
        'billing-alarm-forwarder: EstimatedCharges alarms and forwarding rule in every member account',
      permissionModel: 'SERVICE_MANAGED',
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      callAs: config.organization.callAs,
      capabilities: ['CAPABILITY_IAM'],
      managedExecution: { Active: true },
      operationPreferences: {
        failureTolerancePercentage: 10,
        maxConcurrentPercentage: 25,
        regionConcurrencyType: 'PARALLEL',
      },
      parameters,
      stackInstancesGroup: groups,
      templateBody: props.templateBody,
    });
  }
}

/** Both tier parameters of a resolved policy, so no instance mixes an override with a stale default. */
function thresholdParameters(policy: AccountPolicy): Parameter[] {
  return [
    { parameterKey: MEMBER_PARAMETERS.criticalThreshold, parameterValue: String(policy.critical) },
    { parameterKey: MEMBER_PARAMETERS.warningThreshold, parameterValue: String(policy.warning) },
  ];
}
