import {
  type CloudFormationClient,
  ListStackInstancesCommand,
  type ListStackInstancesCommandOutput,
  type StackInstanceSummary,
} from '@aws-sdk/client-cloudformation';
import {
  ListAccountsCommand,
  type ListAccountsCommandOutput,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { BILLING_REGION } from '../../contract/billing.js';
import type { Config } from '../../contract/config/schema.js';
import { policyFor } from '../../contract/config/thresholds.js';
import type { ThresholdPair } from '../../contract/member-template.js';
import { toError } from '../result.js';
import { readDefaults, readInstance } from './deployed-thresholds.js';

/** Governance view: which accounts have the alarms, and whether their thresholds match the configuration. */
export interface Coverage {
  /** Active accounts of the organisation. */
  readonly activeAccounts: number;
  /** Active accounts with a current stack instance (the management account counts: the billing stack alarms it). */
  readonly covered: number;
  /** Accounts without a current instance; `status` is the instance's status when there is one. */
  readonly uncovered: { id: string; name: string; status?: string }[];
  /**
   * Thresholds that differ from the configuration: an instance on the StackSet defaults, an override
   * that differs, or (id `*`) StackSet defaults older than the configuration.
   */
  readonly drifted: {
    id: string;
    name: string;
    expected: ThresholdPair;
    deployed: ThresholdPair;
    kind: 'defaults' | 'override' | 'stackSet';
  }[];
  /** The OU each covered account was deployed through. */
  readonly ouOf: Record<string, string>;
  /** Accounts whose instance parameters were read (bounded). */
  readonly driftChecked: number;
  readonly driftCheckLimited: boolean;
}

/** Options of {@link readCoverage}. */
export interface CoverageOptions {
  readonly config: Config;
  readonly stackSetName: string;
  /** Most DescribeStackInstance calls per report. @default 300 */
  readonly maxInstanceReads?: number;
  /** Stops the reads at the caller's deadline. */
  readonly signal?: AbortSignal;
}

/** A coverage call that failed (e.g. access denied); the report marks the section unavailable. */
export class CoverageError extends Error {
  override readonly name = 'CoverageError';
}

/**
 * Reads the organisation's accounts and the member StackSet's instances. Drift is checked where the
 * configuration expects an override (account or OU): an account that joined an OU after its override
 * was applied runs on the StackSet's defaults, which StackSets never corrects by itself.
 */
export async function readCoverage(
  orgs: OrganizationsClient,
  cfn: CloudFormationClient,
  options: CoverageOptions,
): Promise<Coverage> {
  const { config, stackSetName } = options;
  const send = options.signal ? { abortSignal: options.signal } : {};
  const callAs = config.organization.callAs;
  try {
    const accounts = new Map<string, string>();
    let token: string | undefined;
    do {
      const page: ListAccountsCommandOutput = await orgs.send(
        new ListAccountsCommand({ NextToken: token }),
        send,
      );
      for (const a of page.Accounts ?? []) {
        if (a.Id && (a.State ?? a.Status) === 'ACTIVE') accounts.set(a.Id, a.Name ?? a.Id);
      }
      token = page.NextToken;
    } while (token);

    const instances = new Map<string, StackInstanceSummary>();
    token = undefined;
    do {
      const page: ListStackInstancesCommandOutput = await cfn.send(
        new ListStackInstancesCommand({
          StackSetName: stackSetName,
          CallAs: callAs,
          StackInstanceRegion: BILLING_REGION,
          NextToken: token,
        }),
        send,
      );
      for (const s of page.Summaries ?? []) if (s.Account) instances.set(s.Account, s);
      token = page.NextToken;
    } while (token);

    const ref = { cfn, stackSetName, callAs };
    const defaults = await readDefaults(ref, config.thresholds.default, options.signal);

    const uncovered: Coverage['uncovered'] = [];
    const ouOf: Record<string, string> = {};
    let covered = 0;
    for (const [id, name] of accounts) {
      const instance = instances.get(id);
      if (id === config.organization.managementAccountId) {
        covered++;
        continue;
      }
      if (!instance) uncovered.push({ id, name });
      else if (instance.Status !== 'CURRENT') {
        const detail = instance.StackInstanceStatus?.DetailedStatus;
        uncovered.push({ id, name, status: `${instance.Status}${detail ? ` (${detail})` : ''}` });
      } else {
        covered++;
        if (instance.OrganizationalUnitId) ouOf[id] = instance.OrganizationalUnitId;
      }
    }

    const drifted: Coverage['drifted'] = [];
    const configDefaults = config.thresholds.default;
    const toCheck = [...instances.values()].filter(
      (s) =>
        s.Account &&
        s.Status === 'CURRENT' &&
        policyFor(config, s.Account, s.OrganizationalUnitId).source !== 'default',
    );
    const limit = options.maxInstanceReads ?? 300;
    for (const summary of toCheck.slice(0, limit)) {
      const id = summary.Account ?? '';
      const instance = await readInstance(ref, id, defaults, options.signal);
      // Gone between the list and the read (deleted meanwhile): nothing deployed to compare.
      if (!instance) continue;
      const policy = policyFor(config, id, summary.OrganizationalUnitId);
      if (
        instance.thresholds.warning !== policy.warning ||
        instance.thresholds.critical !== policy.critical
      ) {
        drifted.push({
          id,
          name: accounts.get(id) ?? id,
          expected: { warning: policy.warning, critical: policy.critical },
          deployed: instance.thresholds,
          kind: instance.overridden ? 'override' : 'defaults',
        });
      }
    }
    if (defaults.warning !== configDefaults.warning || defaults.critical !== configDefaults.critical) {
      drifted.unshift({
        id: '*',
        name: stackSetName,
        expected: configDefaults,
        deployed: defaults,
        kind: 'stackSet',
      });
    }
    return {
      activeAccounts: accounts.size,
      covered,
      uncovered,
      drifted,
      ouOf,
      driftChecked: Math.min(toCheck.length, limit),
      driftCheckLimited: toCheck.length > limit,
    };
  } catch (thrown) {
    const err = toError(thrown);
    throw new CoverageError(`${err.name}: ${err.message}`, { cause: err });
  }
}
