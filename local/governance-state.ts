import type { GovernanceFaults } from './governance-faults.js';
import type { OrgAccount, OrganisationFixture, StackInstance } from './organization-fixture.js';
import type { OrganisationTree } from './organization-tree.js';
import type { RequestLog } from './request-log.js';

/** What the Organizations and CloudFormation stand-ins share and change while they run. */
export interface GovernanceState {
  /** The organisation: accounts (renamed in place of the fixture's), the StackSet and its instances. */
  readonly fixture: Omit<OrganisationFixture, 'accounts' | 'instances'> & {
    accounts: readonly OrgAccount[];
    readonly instances: StackInstance[];
  };
  faults: GovernanceFaults;
  readonly stats: { organizations: number; cloudFormation: number; updates: number };
  /** Where every request is recorded for the IAM check. */
  readonly log: RequestLog;
  /** Who sits where, for the per-parent listings: built when first asked, again after a move or rename. */
  tree?: OrganisationTree | undefined;
}

/** A copy of `initial` the stand-ins may change (instances and accounts are copied, not shared). */
export function governanceState(initial: OrganisationFixture, log: RequestLog): GovernanceState {
  return {
    fixture: {
      ...initial,
      accounts: initial.accounts.map((a) => ({ ...a })),
      instances: initial.instances.map((i) => ({ ...i, parameterOverrides: { ...i.parameterOverrides } })),
    },
    faults: {},
    stats: { organizations: 0, cloudFormation: 0, updates: 0 },
    log,
  };
}
