import { getDenialReasons, runSimulation } from '@cloud-copilot/iam-simulate';
import { accessKeyForFunction, type RecordedRequest } from '../../local/request-log.js';
import { type CfnTemplate, type Deployment, Intrinsics } from './template-intrinsics.js';

/** An IAM policy document. */
export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: readonly Record<string, unknown>[];
}

/** A policy with the name a failure message shows. */
export interface NamedPolicy {
  readonly name: string;
  readonly policy: PolicyDocument;
}

/** Who signs with an access key: a principal ARN and its identity policies. */
export interface Caller {
  readonly name: string;
  readonly principalArn: string;
  readonly policies: readonly NamedPolicy[];
}

/** The IAM of one deployed template: its callers and the resource policies of what it creates. */
export interface DeployedIam {
  readonly deployment: Deployment & { readonly organizationId: string };
  /** Callers by access key id. */
  readonly callers: ReadonlyMap<string, Caller>;
  /** Resource policies by resource ARN. */
  readonly resourcePolicies: ReadonlyMap<string, PolicyDocument>;
}

/**
 * Reads the IAM of a synthesized template: each Lambda function's role and every policy attached to
 * it (AWS::IAM::Policy, inline policies), keyed by the access key the local function signs with;
 * and the resource policies it writes (bus, topics, keys, queues, Lambda permissions).
 */
export function deployedIam(
  template: CfnTemplate,
  deployment: Deployment & { readonly organizationId: string },
): DeployedIam {
  const cfn = new Intrinsics(template, deployment);
  const callers = new Map<string, Caller>();
  for (const [id, r] of Object.entries(template.Resources)) {
    if (r.Type !== 'AWS::Lambda::Function') continue;
    const service = (r.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
      ?.Variables?.POWERTOOLS_SERVICE_NAME;
    const roleId = (r.Properties?.Role as { 'Fn::GetAtt'?: [string, string] } | undefined)?.[
      'Fn::GetAtt'
    ]?.[0];
    // CDK's own functions (the custom resource provider framework) are not ours to check.
    if (service === undefined && /Providerframework/.test(id)) continue;
    if (typeof service !== 'string' || !roleId) throw new Error(`${id}: no service name or role`);
    callers.set(accessKeyForFunction(service), {
      name: `${service} (role ${roleId})`,
      principalArn: cfn.arn(roleId),
      policies: rolePolicies(template, cfn, roleId),
    });
  }
  return { deployment, callers, resourcePolicies: resourcePolicies(template, cfn) };
}

/** The identity policies of a role: AWS::IAM::Policy resources naming it and its inline policies. */
function rolePolicies(template: CfnTemplate, cfn: Intrinsics, roleId: string): NamedPolicy[] {
  const role = template.Resources[roleId]?.Properties ?? {};
  if (Array.isArray(role.ManagedPolicyArns) && role.ManagedPolicyArns.length > 0)
    throw new Error(`${roleId} has managed policies, which the check cannot read`);
  const inline = ((role.Policies ?? []) as { PolicyName: string; PolicyDocument: unknown }[]).map((p) => ({
    name: `${roleId} inline ${p.PolicyName}`,
    policy: cfn.resolve(p.PolicyDocument) as PolicyDocument,
  }));
  const attached = Object.entries(template.Resources)
    .filter(
      ([, r]) =>
        r.Type === 'AWS::IAM::Policy' &&
        ((r.Properties?.Roles ?? []) as { Ref?: string }[]).some((x) => x.Ref === roleId),
    )
    .map(([id, r]) => ({ name: id, policy: cfn.resolve(r.Properties?.PolicyDocument) as PolicyDocument }));
  return [...attached, ...inline];
}

/** Resource policies the template writes, by the ARN of the resource they guard. */
function resourcePolicies(template: CfnTemplate, cfn: Intrinsics): Map<string, PolicyDocument> {
  const out = new Map<string, PolicyDocument>();
  const add = (arn: string, statements: readonly Record<string, unknown>[]) => {
    const known = out.get(arn)?.Statement ?? [];
    out.set(arn, { Version: '2012-10-17', Statement: [...known, ...statements] });
  };
  const resolved = (v: unknown) => cfn.resolve(v) as PolicyDocument;
  for (const [id, r] of Object.entries(template.Resources)) {
    const p = r.Properties ?? {};
    if (r.Type === 'AWS::Events::EventBus' && p.Policy) add(cfn.arn(id), resolved(p.Policy).Statement);
    if (r.Type === 'AWS::KMS::Key' && p.KeyPolicy) add(cfn.arn(id), resolved(p.KeyPolicy).Statement);
    if (r.Type === 'AWS::SNS::TopicPolicy')
      for (const topic of cfn.resolve(p.Topics) as string[]) add(topic, resolved(p.PolicyDocument).Statement);
    if (r.Type === 'AWS::SQS::QueuePolicy') {
      const statements = resolved(p.PolicyDocument).Statement;
      for (const q of p.Queues as { Ref: string }[]) add(cfn.arn(q.Ref), statements);
    }
    if (r.Type === 'AWS::Lambda::Permission') {
      // Lambda keeps its permissions as a resource policy: one statement per permission.
      const fn = String(cfn.resolve(p.FunctionName));
      const principal = String(p.Principal);
      add(fn, [
        {
          Sid: id,
          Effect: 'Allow',
          Principal: principal.endsWith('.amazonaws.com') ? { Service: principal } : { AWS: principal },
          Action: p.Action,
          Resource: fn,
          ...(p.SourceArn || p.SourceAccount
            ? {
                Condition: {
                  ...(p.SourceArn ? { ArnLike: { 'aws:SourceArn': cfn.resolve(p.SourceArn) } } : {}),
                  ...(p.SourceAccount ? { StringEquals: { 'aws:SourceAccount': p.SourceAccount } } : {}),
                },
              }
            : {}),
        },
      ]);
    }
  }
  return out;
}

/** One decision of the simulator on one resource of a request. */
export interface Decision {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly result: string;
  /** The policies evaluated (identity, then the resource's), and the denying statements if any. */
  readonly explanation: string;
}

/** A request to evaluate: who, what, on which resource, with which condition keys. */
export interface Evaluation {
  readonly principalArn: string;
  readonly identityPolicies: readonly NamedPolicy[];
  readonly action: string;
  readonly resource: string;
  /** The account that owns the resource (cross-account requests need both sides to allow). */
  readonly resourceAccount: string;
  readonly resourcePolicy?: PolicyDocument | undefined;
  readonly context: Readonly<Record<string, string | string[]>>;
}

/** Asks the simulator (AWS's service authorization reference, not our matching) whether a request is allowed. */
export async function simulate(e: Evaluation): Promise<{ result: string; explanation: string }> {
  const response = await runSimulation(
    {
      request: {
        principal: e.principalArn,
        action: e.action,
        resource: { resource: e.resource, accountId: e.resourceAccount },
        contextVariables: { ...e.context },
      },
      identityPolicies: e.identityPolicies.map((p) => ({ name: p.name, policy: p.policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(e.resourcePolicy ? { resourcePolicy: e.resourcePolicy } : {}),
    },
    {},
  );
  const evaluated = [
    ...e.identityPolicies.map((p) => p.name),
    ...(e.resourcePolicy ? [`the resource policy of ${e.resource}`] : []),
  ];
  if (response.resultType === 'error')
    return { result: 'Error', explanation: `${response.errors.message} ${JSON.stringify(response.errors)}` };
  const analyses =
    response.resultType === 'single' ? [response.result.analysis] : response.results.map((r) => r.analysis);
  const denials = analyses.flatMap((a) => getDenialReasons(a));
  return {
    result: response.overallResult,
    explanation: `evaluated: ${evaluated.join(', ') || '(no policy)'}${
      denials.length ? `; denied by: ${JSON.stringify(denials)}` : ''
    }`,
  };
}

/** The account in an ARN, or undefined for `*` and ARNs without one. */
const accountOf = (arn: string) => arn.split(':')[4] || undefined;

/**
 * Evaluates every recorded request on each of its resources against the deployed IAM and the
 * callers' policies; requests of `ignore`d access keys (the stand-ins' own setup) are left out.
 */
export async function evaluateRequests(
  requests: readonly RecordedRequest[],
  iam: DeployedIam,
  ignore: readonly string[] = [],
): Promise<Decision[]> {
  const { accountId, organizationId, region } = iam.deployment;
  const seen = new Map<string, Decision>();
  for (const r of requests) {
    if (ignore.includes(r.principal)) continue;
    for (const resource of r.resources) {
      const key = JSON.stringify([r.principal, r.action, resource, r.context ?? {}]);
      if (seen.has(key)) continue;
      const caller = iam.callers.get(r.principal);
      if (!caller) {
        seen.set(key, {
          principal: r.principal,
          action: r.action,
          resource,
          result: 'UnknownCaller',
          explanation: `no policy is known for access key ${r.principal}`,
        });
        continue;
      }
      const { result, explanation } = await simulate({
        principalArn: caller.principalArn,
        identityPolicies: caller.policies,
        action: r.action,
        resource,
        resourceAccount: accountOf(resource) ?? accountId,
        resourcePolicy: iam.resourcePolicies.get(resource),
        context: {
          'aws:PrincipalArn': caller.principalArn,
          'aws:PrincipalAccount': accountId,
          'aws:PrincipalOrgID': organizationId,
          'aws:RequestedRegion': region,
          'aws:SecureTransport': 'true',
          ...r.context,
        },
      });
      seen.set(key, { principal: caller.name, action: r.action, resource, result, explanation });
    }
  }
  return [...seen.values()];
}

/** One line per decision that is not Allowed: principal, action, resource, result and the policies evaluated. */
export function denials(decisions: readonly Decision[]): string[] {
  return decisions
    .filter((d) => d.result !== 'Allowed')
    .map((d) => `${d.principal} ${d.action} on ${d.resource}: ${d.result} (${d.explanation})`);
}
