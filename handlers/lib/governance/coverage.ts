import {
  type CloudFormationClient,
  ListStackInstancesCommand,
  type ListStackInstancesCommandOutput,
  type StackInstanceSummary,
} from '@aws-sdk/client-cloudformation';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { BILLING_REGION } from '../../contract/billing.js';
import type { Config } from '../../contract/config/schema.js';
import { defaultLadder, policyFor } from '../../contract/config/thresholds.js';
import { type Ladder, sameLadder } from '../../contract/ladder.js';
import { bounded } from '../bounded.js';
import { type ActiveAccountsSource, readActiveAccounts } from '../org/org-accounts.js';
import { toError } from '../result.js';
import { type DeployedInstance, readDefaults, readInstance } from './deployed-thresholds.js';

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
    expected: Ladder;
    deployed: Ladder;
    kind: 'defaults' | 'override' | 'stackSet';
  }[];
  /** The OU each covered account was deployed through. */
  readonly ouOf: Record<string, string>;
  /** Every active account's name (its id when Organizations gave none). */
  readonly names: Record<string, string>;
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
  /**
   * Where the active accounts come from. @default - Organizations, read per OU in parallel
   * ({@link readActiveAccounts}); a kept copy of the organisation can stand in for it.
   */
  readonly accounts?: ActiveAccountsSource;
}

/** A coverage call that failed (e.g. access denied); the report marks the section unavailable. */
export class CoverageError extends Error {
  override readonly name = 'CoverageError';
}

/** DescribeStackInstance calls in flight beside the ListStackInstances chain (CloudFormation throttles bursts). */
const PARALLEL_INSTANCE_READS = 3;

/**
 * Reads the organisation's accounts and the member StackSet's instances. Drift is checked where the
 * configuration expects an override (account or OU): an account that joined an OU after its override
 * was applied runs on the StackSet's defaults, which StackSets never corrects by itself.
 *
 * Three reads overlap: the active accounts (per OU, bounded), the ListStackInstances pages (a chain:
 * each page needs the last one's token) and, as each page arrives, the drift reads of its accounts
 * (bounded). So coverage takes about as long as the longest of them, not their sum.
 */
export async function readCoverage(
  orgs: OrganizationsClient,
  cfn: CloudFormationClient,
  options: CoverageOptions,
): Promise<Coverage> {
  const { config, stackSetName } = options;
  // A part that fails stops the others: the section is unavailable anyway.
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const send = { abortSignal: signal };
  const callAs = config.organization.callAs;
  const ref = { cfn, stackSetName, callAs };
  const limit = options.maxInstanceReads ?? 300;
  const readLimited = bounded(PARALLEL_INSTANCE_READS);
  try {
    const defaultsRead = readDefaults(ref, defaultLadder(config), signal);
    const instances = new Map<string, StackInstanceSummary>();
    const toCheck: StackInstanceSummary[] = [];
    const reads: Promise<DeployedInstance | undefined>[] = [];
    const listInstances = async () => {
      let token: string | undefined;
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
        for (const s of page.Summaries ?? []) {
          if (!s.Account) continue;
          instances.set(s.Account, s);
          if (
            s.Status !== 'CURRENT' ||
            policyFor(config, s.Account, s.OrganizationalUnitId).source === 'default'
          )
            continue;
          toCheck.push(s);
          const id = s.Account;
          if (reads.length >= limit) continue;
          const read = defaultsRead.then((defaults) =>
            readLimited(() => {
              signal.throwIfAborted();
              return readInstance(ref, id, defaults, signal);
            }),
          );
          // Awaited once the list is done; meanwhile a failure is not an unhandled rejection.
          read.catch(() => undefined);
          reads.push(read);
        }
        token = page.NextToken;
      } while (token);
    };
    const [accounts, defaults, read] = await Promise.all([
      (options.accounts ?? ((within) => readActiveAccounts(orgs, within)))(signal),
      defaultsRead,
      listInstances().then(() => Promise.all(reads)),
    ]);

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
    const configDefaults = defaultLadder(config);
    read.forEach((instance, i) => {
      // Gone between the list and the read (deleted meanwhile): nothing deployed to compare.
      if (!instance) return;
      const id = instance.accountId;
      const policy = policyFor(config, id, toCheck[i]?.OrganizationalUnitId);
      if (!sameLadder(instance.thresholds, policy.ladder)) {
        drifted.push({
          id,
          name: accounts.get(id) ?? id,
          expected: policy.ladder,
          deployed: instance.thresholds,
          kind: instance.overridden ? 'override' : 'defaults',
        });
      }
    });
    if (!sameLadder(defaults, configDefaults)) {
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
      names: Object.fromEntries(accounts),
      driftChecked: Math.min(toCheck.length, limit),
      driftCheckLimited: toCheck.length > limit,
    };
  } catch (thrown) {
    stop.abort(thrown);
    const err = toError(thrown);
    throw new CoverageError(`${err.name}: ${err.message}`, { cause: err });
  }
}
