import type { Config } from '../handlers/contract/config/schema.js';
import { defaultLadder, policyFor } from '../handlers/contract/config/thresholds.js';
import { TWO_TIER_NAMES } from '../handlers/contract/ladder.js';
import { ladderParameters, MEMBER_STACK_SET_NAME } from '../handlers/contract/member-template.js';
import type { AlarmStateRecord } from '../handlers/lib/state/alarm-states.js';
import type { StoredAlarm } from './cloudwatch-alarms.js';
import type { NamedAccount } from './cost-data.js';
import { SAMPLE_ACCOUNTS } from './sample-org.js';

/** An account as Organizations lists it. */
export interface OrgAccount {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly status: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';
  /** Organizations tags on the account. */
  readonly tags?: Readonly<Record<string, string>>;
  /** The account's BILLING alternate contact (Account API). */
  readonly billingContact?: string;
  /** An OU nested under its stack instance's (target) OU that holds the account; else it sits in that OU. */
  readonly parentId?: string;
}

/** An OU nested below a target OU (Organizations' ListParents of the OU answers `parentId`). */
export interface NestedOu {
  readonly id: string;
  readonly parentId: string;
}

/** A stack instance of the member StackSet as CloudFormation describes it. */
export interface StackInstance {
  readonly account: string;
  ou: string;
  readonly status: 'CURRENT' | 'OUTDATED' | 'INOPERABLE';
  readonly detailedStatus: 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'PENDING' | 'RUNNING' | 'INOPERABLE';
  parameterOverrides: Readonly<Record<string, string>>;
}

/** What the Organizations and CloudFormation stand-ins serve. */
export interface OrganisationFixture {
  readonly accounts: readonly OrgAccount[];
  readonly stackSetName: string;
  readonly stackSetParameters: Readonly<Record<string, string>>;
  readonly instances: readonly StackInstance[];
  /** OUs nested below the target OUs. */
  readonly nestedOus?: readonly NestedOu[];
  /** The management account's payer alarms (CloudWatch), as governance left them. */
  readonly payerAlarms?: readonly StoredAlarm[];
  /** When the member StackSet was deployed: each instance's first sighting for placement `auto`. */
  readonly deployedAt?: string;
}

/** The uncovered account of the sample organisation: it joined outside the target OUs. */
export const SAMPLE_UNCOVERED = { id: '230000000001', name: 'acquired-startup' } as const;
/** The drifted account of the sample organisation: auto-enrolled into the sandboxes OU with the default thresholds. */
export const SAMPLE_DRIFTED = '220000000004';

/** A sandbox account that sits in an OU nested below the sandboxes OU (overrides may name it). */
export const SAMPLE_NESTED = { accountId: '220000000002', ouId: 'ou-a1b2-sbxnested' } as const;

/** The sample account whose owners route its alarms themselves: a recipients tag and a billing contact. */
export const SAMPLE_TAGGED = {
  id: '210000000001',
  tags: { 'billing-alarms:recipients': 'payments-oncall@example.com not-an-address' },
  billingContact: 'ap-payments@example.com',
} as const;

const email = (id: string) => `aws+${id}@example.com`;

function stackSetParameters(config: Config): Record<string, string> {
  return Object.fromEntries(
    ladderParameters(defaultLadder(config)).map((p) => [p.ParameterKey, p.ParameterValue]),
  );
}

/** The deployed overrides an account gets when the StackSet matches the configuration. */
function overridesFor(config: Config, account: string, ou: string): Record<string, string> {
  const policy = policyFor(config, account, ou);
  if (policy.source === 'default') return {};
  return Object.fromEntries(ladderParameters(policy.ladder).map((p) => [p.ParameterKey, p.ParameterValue]));
}

/**
 * The bundled sample organisation as Organizations and CloudFormation see it: every sample account
 * plus one that the StackSet does not cover, and one sandbox account that joined after the OU
 * override was applied (so it runs on the default thresholds: drift).
 */
export function sampleOrganisationFixture(config: Config): OrganisationFixture {
  const ouId = (ou: string) =>
    config.organization.targetOrganizationalUnitIds.find((id) => id.includes(ou.slice(0, 6))) ??
    config.organization.targetOrganizationalUnitIds[0] ??
    'ou-none-00000000';
  const instances: StackInstance[] = SAMPLE_ACCOUNTS.filter((a) => a.ou !== 'management').map((a) => ({
    account: a.id,
    ou: ouId(a.ou),
    status: 'CURRENT',
    detailedStatus: 'SUCCEEDED',
    parameterOverrides: a.id === SAMPLE_DRIFTED ? {} : overridesFor(config, a.id, ouId(a.ou)),
  }));
  return {
    accounts: [...SAMPLE_ACCOUNTS, SAMPLE_UNCOVERED].map((a) => ({
      id: a.id,
      name: a.name,
      email: email(a.id),
      status: 'ACTIVE',
      ...(a.id === SAMPLE_TAGGED.id
        ? { tags: SAMPLE_TAGGED.tags, billingContact: SAMPLE_TAGGED.billingContact }
        : {}),
      ...(a.id === SAMPLE_NESTED.accountId ? { parentId: SAMPLE_NESTED.ouId } : {}),
    })),
    nestedOus: [{ id: SAMPLE_NESTED.ouId, parentId: ouId('sandboxes') }],
    stackSetName: MEMBER_STACK_SET_NAME,
    stackSetParameters: stackSetParameters(config),
    instances,
  };
}

/**
 * An organisation made of the accounts of some costs (a cost CSV, a generated organisation): every
 * one an active member, and every one but the management account holding a current stack instance.
 * A cost export names no OUs: every instance sits in the first target OU (so the default thresholds
 * apply unless the configuration names the account). With `accountsPerOu`, the accounts sit in OUs
 * of that many nested below the target OU (teams' OUs, as large organisations are laid out); their
 * instances still name the target OU, as StackSets deployed them through it. `placed` (from
 * `--accounts FILE`) gives names and OUs: a target OU holds the instance, any other OU is nested
 * below the first target OU.
 */
export function organisationFromCosts(
  costs: { accounts(): NamedAccount[] },
  config: Config,
  options: {
    accountsPerOu?: number;
    placed?: ReadonlyMap<string, { name?: string; ou?: string }>;
  } = {},
): OrganisationFixture {
  const placed = options.placed ?? new Map<string, { name?: string; ou?: string }>();
  const names = new Map(costs.accounts().map((a) => [a.id, placed.get(a.id)?.name ?? a.name]));
  const targets = config.organization.targetOrganizationalUnitIds;
  const first = targets[0] ?? 'ou-none-00000000';
  const members = [...names.keys()].filter((id) => id !== config.organization.managementAccountId);
  const perOu = options.accountsPerOu;
  const mapped = (id: string) => placed.get(id)?.ou;
  const teamOf = (index: number) => (perOu ? `${first}-team${Math.floor(index / perOu)}` : undefined);
  const parentOf = new Map(
    members.map((id, i) => {
      const ou = mapped(id);
      return [id, ou ? (targets.includes(ou) ? undefined : ou) : teamOf(i)] as const;
    }),
  );
  const nestedOus = [...new Set(parentOf.values())]
    .filter((id): id is string => id !== undefined)
    .map((id) => ({ id, parentId: first }));
  return {
    accounts: [...names].map(([id, name]) => {
      const parentId = parentOf.get(id);
      return { id, name, email: email(id), status: 'ACTIVE', ...(parentId ? { parentId } : {}) };
    }),
    ...(nestedOus.length > 0 ? { nestedOus } : {}),
    stackSetName: MEMBER_STACK_SET_NAME,
    stackSetParameters: stackSetParameters(config),
    instances: members.map((account) => {
      const ou = mapped(account);
      const instanceOu = ou && targets.includes(ou) ? ou : first;
      return {
        account,
        ou: instanceOu,
        status: 'CURRENT',
        detailedStatus: 'SUCCEEDED',
        parameterOverrides: overridesFor(config, account, ou ?? instanceOu),
      };
    }),
  };
}

/** The sample account whose critical alarm has watched a metric that does not exist for days. */
export const SAMPLE_STUCK = '220000000003';

/**
 * The member alarm states the billing account would hold for an organisation: every current
 * instance's alarms OK for ten days, except the sample's stuck account, in INSUFFICIENT_DATA for
 * three (as a dimension-set mismatch leaves it).
 */
export function sampleAlarmStates(
  fixture: OrganisationFixture,
  now: Date,
  options: { stuck?: boolean } = {},
): AlarmStateRecord[] {
  const stuck = options.stuck ?? true;
  const ago = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
  return fixture.instances
    .filter((i) => i.status === 'CURRENT')
    .flatMap((i) =>
      TWO_TIER_NAMES.map((rung) =>
        stuck && i.account === SAMPLE_STUCK && rung === 'critical'
          ? { accountId: i.account, rung, state: 'INSUFFICIENT_DATA' as const, changedAt: ago(3) }
          : { accountId: i.account, rung, state: 'OK' as const, changedAt: ago(10) },
      ),
    );
}

/** The accounts an organisation watches with payer alarms (their alarms' LinkedAccount). */
export function payerAccountsOf(organisation: Pick<OrganisationFixture, 'payerAlarms'>): Set<string> {
  return new Set(
    (organisation.payerAlarms ?? []).flatMap((a) =>
      a.Dimensions.filter((d) => d.Name === 'LinkedAccount').map((d) => d.Value),
    ),
  );
}
