import { createServer } from 'node:http';
import {
  type CloudWatchAlarmOptions,
  type CloudWatchAlarmsStandIn,
  startCloudWatchAlarms,
} from './cloudwatch-alarms.js';
import type { GovernanceFaults } from './governance-faults.js';
import { governanceState } from './governance-state.js';
import { close, listen } from './http.js';
import type { OrganisationFixture } from './organization-fixture.js';
import { organizationsApi } from './organizations-api.js';
import { RequestLog } from './request-log.js';
import { stackSetsApi } from './stack-sets-api.js';
import { standInControls } from './stand-in-controls.js';

/**
 * Organizations (JSON 1.1) and CloudFormation (query protocol, XML) stand-ins: accounts, their OUs
 * and tags; the member StackSet's instances, which UpdateStackInstances changes.
 */
export interface GovernanceStandIns {
  readonly organizationsEndpoint: string;
  readonly cloudFormationEndpoint: string;
  /** CloudWatch's alarm API: the management account's payer alarms. */
  readonly cloudWatch: CloudWatchAlarmsStandIn;
  readonly stats: { organizations: number; cloudFormation: number; updates: number };
  /** The requests they served, as IAM authorizes them. */
  readonly requests: RequestLog;
  setFaults(faults: GovernanceFaults): void;
  /** The organisation as it is now (instances as updated), to keep between runs. */
  state(): OrganisationFixture;
  /** Moves an account to another OU, as Organizations' MoveAccount does (its instance follows). */
  moveAccount(accountId: string, ouId: string): void;
  /** Renames an account, as its owner does in the account settings (Organizations answers the new name). */
  renameAccount(accountId: string, name: string): void;
  stop(): Promise<void>;
}

/** Starts both stand-ins on free loopback ports. */
export async function startGovernance(
  initial: OrganisationFixture,
  /** Where every request is recorded for the IAM check. */
  log: RequestLog = new RequestLog(),
  cloudWatchOptions: CloudWatchAlarmOptions = {},
): Promise<GovernanceStandIns> {
  const shared = governanceState(initial, log);
  const { fixture } = shared;
  const organizations = createServer(organizationsApi(shared));
  const cloudFormation = createServer(stackSetsApi(shared));

  const [organizationsEndpoint, cloudFormationEndpoint, cloudWatch] = await Promise.all([
    listen(organizations),
    listen(cloudFormation),
    startCloudWatchAlarms(initial.payerAlarms ?? [], cloudWatchOptions, log),
  ]);
  return {
    organizationsEndpoint,
    cloudFormationEndpoint,
    cloudWatch,
    ...standInControls(shared.stats, log, (f: GovernanceFaults) => {
      shared.faults = f;
    }),
    state: () => ({
      ...fixture,
      instances: fixture.instances.map((i) => ({ ...i })),
      payerAlarms: cloudWatch.alarms(),
    }),
    moveAccount: (accountId, ouId) => {
      const instance = fixture.instances.find((i) => i.account === accountId);
      if (instance) instance.ou = ouId;
      shared.tree = undefined;
    },
    renameAccount: (accountId, name) => {
      fixture.accounts = fixture.accounts.map((a) => (a.id === accountId ? { ...a, name } : a));
      shared.tree = undefined;
    },
    stop: async () => {
      await Promise.all([close(organizations), close(cloudFormation), cloudWatch.stop()]);
    },
  };
}
