import type { OrganisationFixture, StackInstance } from './organization-fixture.js';

/**
 * What `AWS::CloudFormation::StackSet`'s resource handler checks before it creates or updates
 * instances (aws-cloudformation-resource-providers-cloudformation, `AltResourceModelAnalyzer`,
 * `Validator`), so that a template CloudFormation would refuse fails locally too.
 */

/** The StackSet resource's properties as the synthesized template writes them. */
export interface StackSetResourceProperties {
  readonly PermissionModel?: string;
  readonly CallAs?: string;
  readonly OperationPreferences?: {
    readonly FailureTolerancePercentage?: number;
    readonly FailureToleranceCount?: number;
    readonly MaxConcurrentPercentage?: number;
    readonly MaxConcurrentCount?: number;
  };
  readonly Parameters?: readonly { ParameterKey: string; ParameterValue: string }[];
  readonly StackInstancesGroup?: readonly {
    readonly Regions: readonly string[];
    readonly DeploymentTargets: {
      readonly OrganizationalUnitIds?: readonly string[];
      readonly Accounts?: readonly string[];
      readonly AccountFilterType?: string;
    };
    readonly ParameterOverrides?: readonly { ParameterKey: string; ParameterValue: string }[];
  }[];
}

/** A refusal, worded as CloudFormation's (`CfnInvalidRequestException`). */
export class StackSetResourceError extends Error {
  override readonly name = 'CfnInvalidRequestException';
}

/** Where the stack deploys: CallAs=DELEGATED_ADMIN is refused in the management account. */
export interface DeployingAccount {
  readonly accountId: string;
  readonly managementAccountId: string;
}

const FILTERS = new Set(['NONE', 'INTERSECTION', 'DIFFERENCE', 'UNION']);

/**
 * Throws what the resource handler would refuse: an OU listed in more than one group of a Region
 * unless none of those groups sets parameter overrides (the handler compares the override sets by
 * identity, so even equal lists in two groups are refused); a service-managed group without OUs;
 * an unknown account filter; accounts without a filter; percentages out of range; and
 * `CallAs=DELEGATED_ADMIN` from the management account.
 */
export function checkStackSetResource(props: StackSetResourceProperties, where: DeployingAccount): void {
  if (props.CallAs === 'DELEGATED_ADMIN' && where.accountId === where.managementAccountId)
    throw new StackSetResourceError(
      'CallAs DELEGATED_ADMIN is not allowed from the management account: the caller must be a registered delegated administrator',
    );
  const prefs = props.OperationPreferences ?? {};
  for (const [name, value, min] of [
    ['FailureTolerancePercentage', prefs.FailureTolerancePercentage, 0],
    ['MaxConcurrentPercentage', prefs.MaxConcurrentPercentage, 1],
  ] as const) {
    if (value !== undefined && (value < min || value > 100 || !Number.isInteger(value)))
      throw new StackSetResourceError(`${name} must be an integer from ${min} to 100, got ${value}`);
  }
  const byRegion = new Map<string, Map<string, boolean>>();
  for (const group of props.StackInstancesGroup ?? []) {
    const t = group.DeploymentTargets;
    const ous = t.OrganizationalUnitIds ?? [];
    if (props.PermissionModel === 'SERVICE_MANAGED' && ous.length === 0)
      throw new StackSetResourceError('OrganizationalUnitIds are required for SERVICE_MANAGED StackSets');
    if (t.AccountFilterType !== undefined && !FILTERS.has(t.AccountFilterType))
      throw new StackSetResourceError(
        `AccountFilterType ${t.AccountFilterType} is not one of ${[...FILTERS].join(', ')}`,
      );
    if (props.PermissionModel === 'SERVICE_MANAGED' && (t.Accounts?.length ?? 0) > 0 && !t.AccountFilterType)
      throw new StackSetResourceError(
        'Accounts in DeploymentTargets of a SERVICE_MANAGED StackSet need an AccountFilterType',
      );
    const hasOverrides = group.ParameterOverrides !== undefined;
    for (const region of group.Regions) {
      const seen = byRegion.get(region) ?? new Map<string, boolean>();
      byRegion.set(region, seen);
      for (const ou of ous) {
        const before = seen.get(ou);
        if (before !== undefined && (before || hasOverrides))
          throw new StackSetResourceError(
            'An OrganizationalUnitIds cannot be associated with more than one Parameters set',
          );
        seen.set(ou, hasOverrides);
      }
    }
  }
}

/**
 * The stack instances a first deploy of the StackSet creates in an organisation: every account in
 * a targeted OU (accounts sit directly in their OU here) gets one, with its group's overrides.
 */
export function instancesCreatedBy(
  props: StackSetResourceProperties,
  accountsByOu: ReadonlyMap<string, readonly string[]>,
): StackInstance[] {
  const instances = new Map<string, StackInstance>();
  for (const group of props.StackInstancesGroup ?? []) {
    const t = group.DeploymentTargets;
    const filter = t.AccountFilterType ?? 'NONE';
    const listed = new Set(t.Accounts ?? []);
    for (const ou of t.OrganizationalUnitIds ?? []) {
      for (const account of accountsByOu.get(ou) ?? []) {
        if (filter === 'INTERSECTION' && !listed.has(account)) continue;
        if (filter === 'DIFFERENCE' && listed.has(account)) continue;
        instances.set(account, {
          account,
          ou,
          status: 'CURRENT',
          detailedStatus: 'SUCCEEDED',
          parameterOverrides: Object.fromEntries(
            (group.ParameterOverrides ?? []).map((p) => [p.ParameterKey, p.ParameterValue]),
          ),
        });
      }
    }
  }
  return [...instances.values()];
}

/** The organisation's accounts per OU, from its instances (as the stand-in places accounts). */
export function accountsByOu(fixture: Pick<OrganisationFixture, 'instances'>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const i of fixture.instances) out.set(i.ou, [...(out.get(i.ou) ?? []), i.account]);
  return out;
}
