import { type MetricAlarmInput, metricAlarmProblem } from './metric-alarm-rules.js';
import type { OrganisationFixture, StackInstance } from './organization-fixture.js';
import { isIntrinsic } from './template-intrinsic.js';

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
  /** The member template, inline: a string as CloudFormation gets it, or already parsed. */
  readonly TemplateBody?: string | Record<string, unknown>;
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
 * CloudFormation's template quotas (DESIGN.md, "AWS rules"): a template body passed in a request is
 * at most 51,200 bytes; a template declares at most 60 parameters and 200 resources (the quota page
 * once said so; it now says 200 and 500: the stricter numbers are kept, so both hold); a parameter
 * value is at most 4,096 bytes.
 */
export const TEMPLATE_LIMITS = {
  bodyBytes: 51_200,
  parameters: 60,
  resources: 200,
  parameterValueBytes: 4_096,
} as const;

/**
 * Throws what CloudFormation refuses in a StackSet's template and parameters: a body, parameter
 * count, resource count or parameter value over the quotas; a StackSet parameter the template does
 * not declare; a template parameter without a default that the StackSet leaves unset.
 */
export function checkTemplate(props: StackSetResourceProperties): void {
  if (props.TemplateBody === undefined) return;
  const body =
    typeof props.TemplateBody === 'string' ? props.TemplateBody : JSON.stringify(props.TemplateBody);
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes > TEMPLATE_LIMITS.bodyBytes)
    throw new StackSetResourceError(
      `TemplateBody is ${bytes} bytes: more than the ${TEMPLATE_LIMITS.bodyBytes} a request may carry`,
    );
  const template = JSON.parse(body) as {
    Parameters?: Record<string, { Default?: unknown }>;
    Resources?: Record<string, { Type?: string; Properties?: MetricAlarmInput }>;
  };
  const declared = template.Parameters ?? {};
  const names = Object.keys(declared);
  if (names.length > TEMPLATE_LIMITS.parameters)
    throw new StackSetResourceError(
      `the template declares ${names.length} parameters: more than ${TEMPLATE_LIMITS.parameters}`,
    );
  const resources = Object.keys(template.Resources ?? {}).length;
  if (resources > TEMPLATE_LIMITS.resources)
    throw new StackSetResourceError(
      `the template declares ${resources} resources: more than ${TEMPLATE_LIMITS.resources}`,
    );
  // Each alarm as CloudWatch will get it: what PutMetricAlarm refuses, the stack instance fails on.
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    if (resource.Type !== 'AWS::CloudWatch::Alarm') continue;
    const problem = metricAlarmProblem(resource.Properties ?? {}, isIntrinsic);
    if (problem) throw new StackSetResourceError(`alarm ${id}: ${problem}`);
  }
  const given = new Map((props.Parameters ?? []).map((p) => [p.ParameterKey, p.ParameterValue]));
  for (const [key, value] of given) {
    if (!(key in declared))
      throw new StackSetResourceError(`Parameters: [${key}] do not exist in the template`);
    // A value synth left as an intrinsic (the bus ARN) is resolved by CloudFormation: not measured here.
    if (typeof value === 'string' && Buffer.byteLength(value, 'utf8') > TEMPLATE_LIMITS.parameterValueBytes)
      throw new StackSetResourceError(
        `parameter ${key} is over ${TEMPLATE_LIMITS.parameterValueBytes} bytes`,
      );
  }
  for (const [key, spec] of Object.entries(declared)) {
    if (spec.Default === undefined && !given.has(key))
      throw new StackSetResourceError(`Parameters: [${key}] must have values`);
  }
}

/**
 * Throws what the resource handler would refuse: an OU listed in more than one group of a Region
 * unless none of those groups sets parameter overrides (the handler compares the override sets by
 * identity, so even equal lists in two groups are refused); a service-managed group without OUs;
 * an unknown account filter; accounts without a filter; percentages out of range; and
 * `CallAs=DELEGATED_ADMIN` from the management account.
 */
export function checkStackSetResource(props: StackSetResourceProperties, where: DeployingAccount): void {
  checkTemplate(props);
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
