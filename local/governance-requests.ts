import { MEMBER_RESOURCE_TYPES } from '../handlers/contract/member-template.js';
import type { Call, RequestLog } from './request-log.js';

// What an Organizations or CloudFormation request asks for, read from its wire form: the
// parameter-override rules of UpdateStackInstances, and the action and ARNs IAM authorizes.

/** Values of a query-protocol list (`Name.member.1`, `Name.member.2`, …). */
export const listOf = (form: URLSearchParams, name: string) => {
  const out: string[] = [];
  for (let i = 1; form.has(`${name}.member.${i}`); i++) out.push(form.get(`${name}.member.${i}`) as string);
  return out;
};

/**
 * How UpdateStackInstances changes an instance's overrides (API reference, `ParameterOverrides`):
 * the property absent keeps them all; an empty list resets them all to the StackSet's values; a
 * list sets each listed parameter (`UsePreviousValue=true` keeps its current override) and resets
 * every parameter it leaves out. A value together with UsePreviousValue is refused.
 */
export function parameterOverrideUpdate(
  form: URLSearchParams,
): string | ((current: Readonly<Record<string, string>>) => Record<string, string>) {
  if (!form.has('ParameterOverrides') && !form.has('ParameterOverrides.member.1.ParameterKey'))
    return (current) => ({ ...current });
  const listed: { key: string; value?: string; previous: boolean }[] = [];
  for (let i = 1; form.has(`ParameterOverrides.member.${i}.ParameterKey`); i++) {
    const at = `ParameterOverrides.member.${i}`;
    const previous = form.get(`${at}.UsePreviousValue`) === 'true';
    const value = form.get(`${at}.ParameterValue`) ?? undefined;
    if (previous && value !== undefined)
      return `ParameterOverrides ${form.get(`${at}.ParameterKey`)}: a value and UsePreviousValue cannot both be given`;
    listed.push({
      key: form.get(`${at}.ParameterKey`) as string,
      ...(value !== undefined ? { value } : {}),
      previous,
    });
  }
  return (current) => {
    const next: Record<string, string> = {};
    for (const p of listed) {
      const value = p.previous ? current[p.key] : p.value;
      if (value !== undefined) next[p.key] = value;
    }
    return next;
  };
}

/** Most OUs one UpdateStackInstances call may target. */
const MAX_TARGET_OUS = 50;

/**
 * Which stack instances an UpdateStackInstances call of a service-managed StackSet targets: its
 * `DeploymentTargets` OUs (1 to 50), narrowed by `Accounts` as `AccountFilterType` says; or why
 * StackSets refuses the targets.
 */
export function deploymentTargets(
  form: URLSearchParams,
): string | ((instance: { readonly account: string; readonly ou: string }) => boolean) {
  const ous = listOf(form, 'DeploymentTargets.OrganizationalUnitIds');
  const accounts = listOf(form, 'DeploymentTargets.Accounts');
  const filter = form.get('DeploymentTargets.AccountFilterType') ?? 'NONE';
  if (ous.length === 0) return 'a service-managed StackSet needs DeploymentTargets.OrganizationalUnitIds';
  if (ous.length > MAX_TARGET_OUS) return `at most ${MAX_TARGET_OUS} OrganizationalUnitIds per call`;
  return (i) =>
    ous.includes(i.ou) &&
    (filter !== 'INTERSECTION' || accounts.includes(i.account)) &&
    (filter !== 'DIFFERENCE' || !accounts.includes(i.account));
}

/** The Organizations or Account API action of a request and the account, OU or root it names. */
export function organizationsCall(
  log: RequestLog,
  url: string,
  target: string,
  body: { AccountId?: string; ChildId?: string; ResourceId?: string; ParentId?: string },
): Call {
  if (url.startsWith('/getAlternateContact')) {
    const { accountId, organizationId } = log.account;
    return {
      action: 'account:GetAlternateContact',
      resources: [
        body.AccountId
          ? `arn:aws:account::${accountId}:account/${organizationId}/${body.AccountId}`
          : `arn:aws:account::${accountId}:account`,
      ],
    };
  }
  const operation = target.split('.').pop() ?? '';
  const named = body.AccountId ?? body.ChildId ?? body.ResourceId ?? body.ParentId;
  return { action: `organizations:${operation}`, resources: named ? [log.orgArn(named)] : [] };
}

/** Operations on stack instances: they also authorize the deployment targets and each resource type. */
const INSTANCE_OPERATIONS = new Set(['CreateStackInstances', 'UpdateStackInstances', 'DeleteStackInstances']);

/**
 * The CloudFormation action of a query-protocol request and its resources: the stack set
 * (`stackset/<name>:<id>`) for StackSet operations; for operations on stack instances also every
 * deployment target (`stackset-target/<name>:<id>/<OU or account>`) and every resource type of the
 * member template, in the service authorization reference's format (`<region>:<account>:type/resource/…`).
 */
export function cloudFormationCall(log: RequestLog, form: URLSearchParams): Call {
  const action = form.get('Action') ?? '';
  const name = form.get('StackSetName');
  if (!name) return { action: `cloudformation:${action}` };
  const id = name.includes(':') ? name : `${name}:local`;
  const resources = [log.arn('cloudformation', `stackset/${id}`)];
  if (INSTANCE_OPERATIONS.has(action)) {
    const targets = [
      ...listOf(form, 'DeploymentTargets.OrganizationalUnitIds'),
      ...listOf(form, 'DeploymentTargets.Accounts'),
      ...listOf(form, 'Accounts'),
    ];
    resources.push(
      ...targets.map((t) => log.arn('cloudformation', `stackset-target/${id}/${t}`)),
      ...MEMBER_RESOURCE_TYPES.map((type) =>
        log.arn('cloudformation', `type/resource/${type.replace(/::/g, '-')}`),
      ),
    );
  }
  return { action: `cloudformation:${action}`, resources };
}
