import {
  type CloudFormationClient,
  DescribeStackInstanceCommand,
  DescribeStackSetCommand,
  type Parameter,
  paginateListStackInstances,
} from '@aws-sdk/client-cloudformation';
import { BILLING_REGION } from '../../contract/billing.js';
import type { Config } from '../../contract/config/schema.js';
import type { Ladder } from '../../contract/ladder.js';
import { ladderIn, setsRungs } from '../../contract/member-template.js';
import { bounded } from '../bounded.js';
import { toError } from '../result.js';

export type { Ladder } from '../../contract/ladder.js';

/** One stack instance of the member StackSet and the thresholds it runs with. */
export interface DeployedInstance {
  readonly accountId: string;
  /** The OU the instance was deployed through. */
  readonly ouId: string | undefined;
  readonly status: string;
  readonly thresholds: Ladder;
  /** Whether the instance overrides any rung (else it runs on the StackSet's defaults). */
  readonly overridden: boolean;
}

/** What the member StackSet deploys: its default thresholds and every instance's. */
export interface DeployedThresholds {
  readonly defaults: Ladder;
  readonly instances: DeployedInstance[];
}

/** Where the StackSet is and how it is called. */
export interface StackSetRef {
  readonly cfn: CloudFormationClient;
  readonly stackSetName: string;
  readonly callAs: Config['organization']['callAs'];
}

const overrides = (parameters: Parameter[] | undefined) => setsRungs(parameters);

/** Parallel DescribeStackInstance calls (CloudFormation throttles bursts; the SDK retries the rest). */
const PARALLEL_READS = 4;

/** One instance's thresholds (DescribeStackInstance), for an account that has one. */
export async function readInstance(
  ref: StackSetRef,
  accountId: string,
  defaults: Ladder,
  signal?: AbortSignal,
): Promise<DeployedInstance | undefined> {
  try {
    const out = await ref.cfn.send(
      new DescribeStackInstanceCommand({
        StackSetName: ref.stackSetName,
        StackInstanceAccount: accountId,
        StackInstanceRegion: BILLING_REGION,
        CallAs: ref.callAs,
      }),
      signal ? { abortSignal: signal } : {},
    );
    const i = out.StackInstance;
    return {
      accountId,
      ouId: i?.OrganizationalUnitId,
      status: i?.Status ?? 'UNKNOWN',
      thresholds: ladderIn(i?.ParameterOverrides, defaults),
      overridden: overrides(i?.ParameterOverrides),
    };
  } catch (err) {
    if (toError(err).name === 'StackInstanceNotFoundException') return undefined;
    throw err;
  }
}

/** The StackSet's default thresholds (DescribeStackSet). */
export async function readDefaults(
  ref: StackSetRef,
  fallback: Ladder,
  signal?: AbortSignal,
): Promise<Ladder> {
  const out = await ref.cfn.send(
    new DescribeStackSetCommand({ StackSetName: ref.stackSetName, CallAs: ref.callAs }),
    signal ? { abortSignal: signal } : {},
  );
  return ladderIn(out.StackSet?.Parameters, fallback);
}

/**
 * The deployed thresholds: the StackSet's defaults (DescribeStackSet), every instance in the billing
 * Region (ListStackInstances, all pages) and each one's overrides (DescribeStackInstance).
 */
export async function readDeployedThresholds(
  ref: StackSetRef,
  fallback: Ladder,
): Promise<DeployedThresholds> {
  const defaults = await readDefaults(ref, fallback);
  const accounts: string[] = [];
  for await (const page of paginateListStackInstances(
    { client: ref.cfn },
    { StackSetName: ref.stackSetName, StackInstanceRegion: BILLING_REGION, CallAs: ref.callAs },
  )) {
    for (const s of page.Summaries ?? []) if (s.Account) accounts.push(s.Account);
  }
  const place = bounded(PARALLEL_READS);
  const read = await Promise.all(accounts.map((id) => place(() => readInstance(ref, id, defaults))));
  const instances = read.filter((i): i is DeployedInstance => i !== undefined);
  instances.sort((a, b) => a.accountId.localeCompare(b.accountId));
  return { defaults, instances };
}
