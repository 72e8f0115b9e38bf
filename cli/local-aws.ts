import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { BILLING_REGION } from '../handlers/contract/billing.js';
import type { Config } from '../handlers/contract/config/schema.js';
import { MEMBER_STACK_SET_NAME } from '../handlers/contract/member-template.js';
import { toError } from '../handlers/lib/result.js';
import { type GovernanceStandIns, startGovernance } from '../local/governance-server.js';
import { type OrganisationFixture, payerAccountsOf } from '../local/organization-fixture.js';
import { LOCAL_ACCESS_KEYS, localAccountOf, RequestLog } from '../local/request-log.js';
import { UsageError } from './command.js';
import { deployLocalOrganisation } from './local-deploy.js';
import { standInClients } from './stand-in-clients.js';

/** The clients the governance commands use, and how to let go of them. */
export interface GovernanceClients {
  readonly orgs: OrganizationsClient;
  readonly cfn: CloudFormationClient;
  /** The management account's CloudWatch: its payer alarms. */
  readonly cw: CloudWatchClient;
  readonly stackSetName: string;
  /** Where `--local` keeps the organisation between runs (undefined against AWS). */
  readonly stateFile?: string;
  /** The running stand-ins with `--local`. */
  readonly standIns?: GovernanceStandIns;
  close(): Promise<void>;
}

/**
 * The file where `--local` keeps the local organisation (accounts, OUs, stack instances and their
 * overrides) between commands, so that `thresholds apply --local` is seen by the next `plan`. One per
 * organisation (id, management account and target OUs); editing thresholds keeps it.
 */
export function localStateFile(config: Config): string {
  const { id, managementAccountId, targetOrganizationalUnitIds } = config.organization;
  const key = createHash('sha256')
    .update(JSON.stringify([id, managementAccountId, targetOrganizationalUnitIds]))
    .digest('hex')
    .slice(0, 12);
  return resolve('.build', 'local-aws', `organisation-${key}.json`);
}

/** Bumped when the sample organisation changes shape: an older kept file is started over. */
const LOCAL_STATE_VERSION = 3;

/** The local organisation: as a previous command left it, else the sample organisation deployed with this configuration. */
export async function loadLocalOrganisation(config: Config): Promise<OrganisationFixture> {
  const file = localStateFile(config);
  if (!existsSync(file)) return deployLocalOrganisation(config);
  const kept = readKept(file);
  // An older version of the file: the sample organisation changed shape since; start over.
  if (kept.version !== LOCAL_STATE_VERSION) return deployLocalOrganisation(config);
  return kept.organisation;
}

/**
 * The kept file, checked: a file that is not JSON or not an organisation (edited by hand, cut short)
 * is a one-line error naming it and the way out, not a stack trace later.
 */
function readKept(file: string): { version: unknown; organisation: OrganisationFixture } {
  let kept: { version?: unknown; organisation?: Partial<OrganisationFixture> };
  try {
    kept = JSON.parse(readFileSync(file, 'utf8')) as typeof kept;
  } catch (err) {
    throw new UsageError(
      `${file} is not a local organisation (${toError(err).message.split('\n')[0]}); delete it to start from the sample organisation`,
    );
  }
  const o = kept?.organisation;
  const fine =
    o &&
    Array.isArray(o.accounts) &&
    Array.isArray(o.instances) &&
    typeof o.stackSetName === 'string' &&
    o.instances.every((i) => typeof i?.account === 'string' && typeof i?.ou === 'string') &&
    o.accounts.every((a) => typeof a?.id === 'string');
  if (!fine && kept?.version === LOCAL_STATE_VERSION)
    throw new UsageError(
      `${file} is not a local organisation (accounts, instances or the StackSet name missing or malformed); delete it to start from the sample organisation`,
    );
  return { version: kept?.version, organisation: o as OrganisationFixture };
}

/** Accounts the kept local organisation watches with payer alarms (none when nothing is kept yet). */
export function keptPayerAccounts(config: Config): Set<string> {
  const file = localStateFile(config);
  if (!existsSync(file)) return new Set();
  const kept = readKept(file);
  return kept.version === LOCAL_STATE_VERSION ? payerAccountsOf(kept.organisation) : new Set();
}

/** Keeps the local organisation for the next command. */
export function saveLocalOrganisation(config: Config, state: OrganisationFixture): void {
  const file = localStateFile(config);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ version: LOCAL_STATE_VERSION, organisation: state }, null, 2)}\n`);
}

// The command line signs as itself, so the IAM check holds its calls to the operator policy.
const LOCAL_CREDENTIALS = { accessKeyId: LOCAL_ACCESS_KEYS.cli, secretAccessKey: 'local' };

/** Organizations and CloudFormation clients: the real services, or with `local` the stand-ins over the kept local organisation. */
export async function governanceClients(config: Config, local: boolean): Promise<GovernanceClients> {
  if (!local) {
    const orgs = new OrganizationsClient({ region: BILLING_REGION });
    const cfn = new CloudFormationClient({ region: BILLING_REGION });
    const cw = new CloudWatchClient({ region: BILLING_REGION });
    return {
      orgs,
      cfn,
      cw,
      stackSetName: process.env.BILLING_ALARMS_STACK_SET_NAME ?? MEMBER_STACK_SET_NAME,
      close: async () => {
        orgs.destroy();
        cfn.destroy();
        cw.destroy();
      },
    };
  }
  const state = await loadLocalOrganisation(config);
  const standIns = await startGovernance(state, new RequestLog(localAccountOf(config)));
  const { orgs, cfn, cw } = standInClients(standIns, LOCAL_CREDENTIALS);
  return {
    orgs,
    cfn,
    cw,
    stackSetName: state.stackSetName,
    stateFile: localStateFile(config),
    standIns,
    close: async () => {
      orgs.destroy();
      cfn.destroy();
      cw.destroy();
      saveLocalOrganisation(config, standIns.state());
      await standIns.stop();
    },
  };
}
