import { createServer } from 'node:http';
import { pause } from '../handlers/lib/deadline.js';
import {
  type CloudWatchAlarmOptions,
  type CloudWatchAlarmsStandIn,
  startCloudWatchAlarms,
} from './cloudwatch-alarms.js';
import { parseFaultList } from './faults.js';
import {
  cloudFormationCall,
  listOf,
  organizationsCall,
  parameterOverrideUpdate,
} from './governance-requests.js';
import { close, listen, queryErrorXml, readBody, sendXml, xmlText } from './http.js';
import type { NestedOu, OrgAccount, OrganisationFixture, StackInstance } from './organization-fixture.js';
import { RequestLog } from './request-log.js';
import { standInControls } from './stand-in-controls.js';

/**
 * Faults of Organizations and CloudFormation: `deny` answers every call with AccessDenied (as a
 * billing account without the permissions would), `hang` never answers, `malformed` answers 200
 * with a body that is not the API's.
 */
export type GovernanceFaults = {
  deny?: boolean;
  hang?: boolean;
  malformed?: boolean;
  busy?: number;
  /** Every Organizations and CloudFormation answer takes this long (AWS's own latency, for the bench). */
  latencyMs?: number;
};

/** Parses `--org-faults`: `deny`, `hang`, `malformed`, `busy=N` (the next N StackSet updates meet another operation), `latency=MS` (every answer that slow), comma-separated. */
export function parseOrgFaults(text: string | undefined): GovernanceFaults {
  const f = parseFaultList('--org-faults', text, {
    deny: 'flag',
    hang: 'flag',
    malformed: 'flag',
    busy: 'count',
    latency: 'ms',
  });
  return {
    ...(f.deny ? { deny: true } : {}),
    ...(f.hang ? { hang: true } : {}),
    ...(f.malformed ? { malformed: true } : {}),
    ...(f.busy !== undefined ? { busy: Number(f.busy) } : {}),
    ...(f.latency !== undefined ? { latencyMs: Number(f.latency) } : {}),
  };
}

/**
 * A StackSet operation the stand-in ran: its results per account. It is RUNNING until it has been
 * described once or `OPERATION_MS` have passed, then SUCCEEDED; while one runs, StackSets refuses
 * another (`OperationInProgressException`).
 */
interface Operation {
  polled: number;
  readonly startedAt: number;
  readonly results: { account: string; ou: string }[];
}

/** How long a stand-in operation runs unless someone describes it. */
const OPERATION_MS = 1_500;
const finished = (op: Operation) => op.polled > 1 || Date.now() - op.startedAt >= OPERATION_MS;

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

/** Accounts per ListAccounts page (AWS's maximum is 20). */
const ACCOUNTS_PAGE = 20;
/** The stand-in organisation's root. */
const ROOT_ID = 'r-local';
/** Instances per ListStackInstances page (AWS's maximum is 100). */
const INSTANCES_PAGE = 100;

const CLOUDFORMATION_XMLNS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
const members = (items: string[]) => items.map((i) => `<member>${i}</member>`).join('');
const params = (p: Readonly<Record<string, string>>) =>
  members(
    Object.entries(p).map(
      ([k, v]) => `<ParameterKey>${xmlText(k)}</ParameterKey><ParameterValue>${xmlText(v)}</ParameterValue>`,
    ),
  );

/** Starts both stand-ins on free loopback ports. */
export async function startGovernance(
  initial: OrganisationFixture,
  /** Where every request is recorded for the IAM check. */
  log: RequestLog = new RequestLog(),
  cloudWatchOptions: CloudWatchAlarmOptions = {},
): Promise<GovernanceStandIns> {
  const stats = { organizations: 0, cloudFormation: 0, updates: 0 };
  let faults: GovernanceFaults = {};
  const instances = initial.instances.map((i) => ({ ...i, parameterOverrides: { ...i.parameterOverrides } }));
  const fixture = { ...initial, accounts: initial.accounts.map((a) => ({ ...a })), instances };
  const operations = new Map<string, Operation>();
  // Who sits where, for the per-parent listings: built when first asked, again after a move.
  let tree: OrganisationTree | undefined;
  const treeOf = () => {
    tree ??= organisationTree(fixture.accounts, instances, fixture.nestedOus ?? []);
    return tree;
  };

  const organizations = createServer(async (req, res) => {
    stats.organizations++;
    const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as {
      NextToken?: string;
      MaxResults?: number;
      AccountId?: string;
      ChildId?: string;
      ResourceId?: string;
      ParentId?: string;
    };
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(payload));
    };
    log.record(req, organizationsCall(log, req.url ?? '', String(req.headers['x-amz-target'] ?? ''), body));
    if (faults.hang) return;
    if (faults.latencyMs) await pause(faults.latencyMs);
    if (req.url?.startsWith('/getAlternateContact')) {
      // The Account API (REST JSON) shares this stand-in: it reads the same accounts.
      const id = (body as { AccountId?: string }).AccountId ?? fixture.accounts[0]?.id;
      const contact = fixture.accounts.find((a) => a.id === id)?.billingContact;
      res.writeHead(contact ? 200 : 404, {
        'content-type': 'application/json',
        ...(contact ? {} : { 'x-amzn-errortype': 'ResourceNotFoundException' }),
      });
      return res.end(
        JSON.stringify(
          contact
            ? {
                AlternateContact: {
                  AlternateContactType: 'BILLING',
                  EmailAddress: contact,
                  Name: 'Billing',
                  Title: 'Billing',
                  PhoneNumber: '+1-555-0100',
                },
              }
            : { message: 'No contact of the requested type found.' },
        ),
      );
    }
    if (faults.malformed) {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      return res.end('{"Accounts": [ {"Id": 12, "Status": ');
    }
    if (faults.deny)
      return send(400, {
        __type: 'AccessDeniedException',
        Message: 'You don’t have permissions to access this resource.',
      });
    const target = String(req.headers['x-amz-target'] ?? '');
    if (target.endsWith('.DescribeAccount')) {
      const id = (body as { AccountId?: string }).AccountId ?? '';
      const account = fixture.accounts.find((a) => a.id === id);
      if (!account) {
        return send(400, { __type: 'AccountNotFoundException', Message: `${id} is not in the organization` });
      }
      return send(200, {
        Account: {
          Id: account.id,
          Arn: `arn:aws:organizations::${fixture.accounts[0]?.id}:account/o-local/${account.id}`,
          Email: account.email,
          Name: account.name,
          Status: account.status,
          State: account.status,
          JoinedMethod: 'CREATED',
          JoinedTimestamp: 1_700_000_000,
        },
      });
    }
    if (target.endsWith('.ListParents')) {
      const child = (body as { ChildId?: string }).ChildId ?? '';
      const nested = fixture.nestedOus?.find((o) => o.id === child);
      const account = fixture.accounts.find((a) => a.id === child);
      if (!account && !child.startsWith('ou-')) {
        return send(400, {
          __type: 'ChildNotFoundException',
          Message: `${child} is not in the organization`,
        });
      }
      // Accounts sit in their nested OU, else directly in their stack instance's OU (else the root);
      // nested OUs under their parent; other OUs directly under the root.
      const ou = account?.parentId ?? fixture.instances.find((i) => i.account === child)?.ou;
      const parent = nested
        ? { Id: nested.parentId, Type: 'ORGANIZATIONAL_UNIT' }
        : ou && !child.startsWith('ou-')
          ? { Id: ou, Type: 'ORGANIZATIONAL_UNIT' }
          : { Id: 'r-local', Type: 'ROOT' };
      return send(200, { Parents: [parent] });
    }
    if (target.endsWith('.ListTagsForResource')) {
      const id = (body as { ResourceId?: string }).ResourceId ?? '';
      const account = fixture.accounts.find((a) => a.id === id);
      if (!account)
        return send(400, { __type: 'TargetNotFoundException', Message: `${id} is not in the organization` });
      return send(200, { Tags: Object.entries(account.tags ?? {}).map(([Key, Value]) => ({ Key, Value })) });
    }
    if (target.endsWith('.ListRoots')) return send(200, { Roots: [{ Id: ROOT_ID, Name: 'Root' }] });
    if (target.endsWith('.ListOrganizationalUnitsForParent') || target.endsWith('.ListAccountsForParent')) {
      const parent = body.ParentId ?? '';
      const children = treeOf().children.get(parent);
      if (!children)
        return send(400, {
          __type: 'ParentNotFoundException',
          Message: `${parent} is not in the organization`,
        });
      const page = target.endsWith('.ListAccountsForParent')
        ? pageOf(children.accounts, body, parent)
        : pageOf(children.ous, body, parent);
      if (typeof page === 'string') return send(400, { __type: 'InvalidInputException', Message: page });
      const listed = page.items.map((item) =>
        typeof item === 'string' ? { Id: item, Name: item } : accountJson(item, fixture.accounts[0]?.id),
      );
      return send(200, {
        [target.endsWith('.ListAccountsForParent') ? 'Accounts' : 'OrganizationalUnits']: listed,
        ...(page.next ? { NextToken: page.next } : {}),
      });
    }
    if (!target.endsWith('.ListAccounts'))
      return send(400, {
        __type: 'UnsupportedAPIEndpointException',
        Message: `${target} is not supported by the stand-in`,
      });
    const offset = Number(body.NextToken ?? 0);
    const size = Math.min(body.MaxResults ?? ACCOUNTS_PAGE, ACCOUNTS_PAGE);
    const page = fixture.accounts.slice(offset, offset + size);
    send(200, {
      Accounts: page.map((a) => accountJson(a, fixture.accounts[0]?.id)),
      ...(offset + size < fixture.accounts.length ? { NextToken: String(offset + size) } : {}),
    });
  });

  const cloudFormation = createServer(async (req, res) => {
    stats.cloudFormation++;
    const form = new URLSearchParams((await readBody(req)).toString('utf8'));
    const action = form.get('Action') ?? '';
    log.record(req, cloudFormationCall(log, form));
    const send = (status: number, inner: string) => sendXml(res, status, inner);
    const error = (code: string, message: string, status = 400) =>
      send(status, queryErrorXml(code, message, CLOUDFORMATION_XMLNS));
    const ok = (result: string) =>
      send(
        200,
        `<${action}Response xmlns="${CLOUDFORMATION_XMLNS}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>local-${stats.cloudFormation}</RequestId></ResponseMetadata></${action}Response>`,
      );
    if (faults.hang) return;
    if (faults.latencyMs) await pause(faults.latencyMs);
    if (faults.malformed) return send(200, '<ListStackInstancesResponse><Broken');
    if (faults.deny)
      return error('AccessDenied', `User is not authorized to perform cloudformation:${action}`, 403);
    if (action === 'ListStackSets') {
      return ok(
        `<Summaries><member><StackSetName>${fixture.stackSetName}</StackSetName><Status>ACTIVE</Status><PermissionModel>SERVICE_MANAGED</PermissionModel></member></Summaries>`,
      );
    }
    if (form.get('StackSetName') !== fixture.stackSetName)
      return error('StackSetNotFoundException', `StackSet ${form.get('StackSetName')} not found`);
    const instance = (i: (typeof fixture.instances)[number]) =>
      `<StackSetId>${fixture.stackSetName}:local</StackSetId><Region>us-east-1</Region><Account>${i.account}</Account><StackId>arn:aws:cloudformation:us-east-1:${i.account}:stack/StackSet-${fixture.stackSetName}/local</StackId><Status>${i.status}</Status><StackInstanceStatus><DetailedStatus>${i.detailedStatus}</DetailedStatus></StackInstanceStatus><OrganizationalUnitId>${i.ou}</OrganizationalUnitId><DriftStatus>NOT_CHECKED</DriftStatus>`;
    if (action === 'ListStackInstances') {
      const offset = Number(form.get('NextToken') ?? 0);
      const page = fixture.instances.slice(offset, offset + INSTANCES_PAGE);
      const next =
        offset + INSTANCES_PAGE < fixture.instances.length
          ? `<NextToken>${offset + INSTANCES_PAGE}</NextToken>`
          : '';
      return ok(`<Summaries>${members(page.map(instance))}</Summaries>${next}`);
    }
    if (action === 'DescribeStackInstance') {
      const found = fixture.instances.find((i) => i.account === form.get('StackInstanceAccount'));
      if (!found)
        return error(
          'StackInstanceNotFoundException',
          `no stack instance for ${form.get('StackInstanceAccount')}`,
        );
      return ok(
        `<StackInstance>${instance(found)}<ParameterOverrides>${params(found.parameterOverrides)}</ParameterOverrides></StackInstance>`,
      );
    }
    if (action === 'UpdateStackInstances') {
      if (faults.busy && faults.busy > 0) {
        faults = { ...faults, busy: faults.busy - 1 };
        return error('OperationInProgressException', 'Another Operation on StackSet is in progress');
      }
      if ([...operations.values()].some((op) => !finished(op)))
        return error('OperationInProgressException', 'Another Operation on StackSet is in progress');
      const ous = listOf(form, 'DeploymentTargets.OrganizationalUnitIds');
      const accounts = listOf(form, 'DeploymentTargets.Accounts');
      const filter = form.get('DeploymentTargets.AccountFilterType') ?? 'NONE';
      if (ous.length === 0)
        return error(
          'ValidationError',
          'a service-managed StackSet needs DeploymentTargets.OrganizationalUnitIds',
        );
      if (ous.length > 50) return error('ValidationError', 'at most 50 OrganizationalUnitIds per call');
      const update = parameterOverrideUpdate(form);
      if (typeof update === 'string') return error('ValidationError', update);
      const matched = instances.filter(
        (i) =>
          ous.includes(i.ou) &&
          (filter !== 'INTERSECTION' || accounts.includes(i.account)) &&
          (filter !== 'DIFFERENCE' || !accounts.includes(i.account)),
      );
      for (const i of matched) i.parameterOverrides = update(i.parameterOverrides);
      stats.updates++;
      const id = form.get('OperationId') ?? `op-${stats.updates}`;
      operations.set(id, {
        polled: 0,
        startedAt: Date.now(),
        results: matched.map((i) => ({ account: i.account, ou: i.ou })),
      });
      return ok(`<OperationId>${xmlText(id)}</OperationId>`);
    }
    if (action === 'ListStackSetOperations') {
      return ok(
        `<Summaries>${members(
          [...operations.entries()].map(
            ([id, op]) =>
              `<OperationId>${xmlText(id)}</OperationId><Action>UPDATE</Action><Status>${finished(op) ? 'SUCCEEDED' : 'RUNNING'}</Status>`,
          ),
        )}</Summaries>`,
      );
    }
    if (action === 'DescribeStackSetOperation') {
      const op = operations.get(form.get('OperationId') ?? '');
      if (!op) return error('OperationNotFoundException', `operation ${form.get('OperationId')} not found`);
      op.polled++;
      const status = finished(op) ? 'SUCCEEDED' : 'RUNNING';
      return ok(
        `<StackSetOperation><OperationId>${xmlText(form.get('OperationId') ?? '')}</OperationId><Action>UPDATE</Action><Status>${status}</Status></StackSetOperation>`,
      );
    }
    if (action === 'ListStackSetOperationResults') {
      const op = operations.get(form.get('OperationId') ?? '');
      if (!op) return error('OperationNotFoundException', `operation ${form.get('OperationId')} not found`);
      return ok(
        `<Summaries>${members(op.results.map((r) => `<Account>${r.account}</Account><Region>us-east-1</Region><Status>SUCCEEDED</Status><OrganizationalUnitId>${r.ou}</OrganizationalUnitId>`))}</Summaries>`,
      );
    }
    if (action === 'DescribeStackSet') {
      return ok(
        `<StackSet><StackSetName>${fixture.stackSetName}</StackSetName><Status>ACTIVE</Status><PermissionModel>SERVICE_MANAGED</PermissionModel><Parameters>${params(fixture.stackSetParameters)}</Parameters></StackSet>`,
      );
    }
    return error('InvalidAction', `${action} is not supported by the stand-in`);
  });

  const [organizationsEndpoint, cloudFormationEndpoint, cloudWatch] = await Promise.all([
    listen(organizations),
    listen(cloudFormation),
    startCloudWatchAlarms(initial.payerAlarms ?? [], cloudWatchOptions, log),
  ]);
  return {
    organizationsEndpoint,
    cloudFormationEndpoint,
    cloudWatch,
    ...standInControls(stats, log, (f: GovernanceFaults) => {
      faults = f;
    }),
    state: () => ({
      ...fixture,
      instances: instances.map((i) => ({ ...i })),
      payerAlarms: cloudWatch.alarms(),
    }),
    moveAccount: (accountId, ouId) => {
      const instance = instances.find((i) => i.account === accountId);
      if (instance) instance.ou = ouId;
      tree = undefined;
    },
    renameAccount: (accountId, name) => {
      fixture.accounts = fixture.accounts.map((a) => (a.id === accountId ? { ...a, name } : a));
      tree = undefined;
    },
    stop: async () => {
      await Promise.all([close(organizations), close(cloudFormation), cloudWatch.stop()]);
    },
  };
}

/** An account as Organizations' listings answer it. */
function accountJson(a: OrgAccount, managementId: string | undefined) {
  return {
    Id: a.id,
    Arn: `arn:aws:organizations::${managementId}:account/o-local/${a.id}`,
    Email: a.email,
    Name: a.name,
    Status: a.status,
    State: a.status,
    JoinedMethod: 'CREATED',
    JoinedTimestamp: 1_700_000_000,
  };
}

/** Each parent's child OUs and accounts. */
interface OrganisationTree {
  readonly children: Map<string, { ous: string[]; accounts: OrgAccount[] }>;
}

/**
 * The organisation as ListParents answers it: accounts sit in their nested OU, else directly in
 * their stack instance's OU (else the root); nested OUs under their parent; other OUs under the root.
 */
function organisationTree(
  accounts: readonly OrgAccount[],
  instances: readonly StackInstance[],
  nested: readonly NestedOu[],
): OrganisationTree {
  const children = new Map<string, { ous: string[]; accounts: OrgAccount[] }>();
  const at = (parent: string) => {
    let entry = children.get(parent);
    if (!entry) {
      entry = { ous: [], accounts: [] };
      children.set(parent, entry);
    }
    return entry;
  };
  at(ROOT_ID);
  const nestedParent = new Map(nested.map((o) => [o.id, o.parentId]));
  const ous = new Set([
    ...instances.map((i) => i.ou),
    ...nested.map((o) => o.parentId),
    ...nestedParent.keys(),
  ]);
  for (const ou of [...ous].sort()) {
    at(ou);
    at(nestedParent.get(ou) ?? ROOT_ID).ous.push(ou);
  }
  const instanceOu = new Map(instances.map((i) => [i.account, i.ou]));
  for (const a of accounts) at(a.parentId ?? instanceOu.get(a.id) ?? ROOT_ID).accounts.push(a);
  return { children };
}

/**
 * One page (at most 20, Organizations' maximum `MaxResults`) of a parent's listing; the token
 * names the parent, so a token of another listing is refused as Organizations refuses it.
 */
function pageOf<T>(
  items: readonly T[],
  body: { NextToken?: string; MaxResults?: number },
  parent: string,
): { items: T[]; next?: string } | string {
  if (body.MaxResults !== undefined && (body.MaxResults < 1 || body.MaxResults > ACCOUNTS_PAGE))
    return `MaxResults must be between 1 and ${ACCOUNTS_PAGE}`;
  const size = body.MaxResults ?? ACCOUNTS_PAGE;
  let offset = 0;
  if (body.NextToken) {
    const [of, at] = body.NextToken.split('@');
    if (of !== parent || !/^\d+$/.test(at ?? '')) return 'The NextToken is not valid for this request';
    offset = Number(at);
  }
  const next = offset + size < items.length ? `${parent}@${offset + size}` : undefined;
  return { items: items.slice(offset, offset + size), ...(next ? { next } : {}) };
}
