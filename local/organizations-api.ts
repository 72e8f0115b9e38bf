import type { IncomingMessage, ServerResponse } from 'node:http';
import { answers } from './governance-faults.js';
import { organizationsCall } from './governance-requests.js';
import type { GovernanceState } from './governance-state.js';
import { readBody } from './http.js';
import type { OrgAccount } from './organization-fixture.js';
import { ACCOUNTS_PAGE, organisationTree, parentPage, ROOT_ID } from './organization-tree.js';

/** What an Organizations (or Account API) request body may name. */
interface OrganizationsBody {
  NextToken?: string;
  MaxResults?: number;
  AccountId?: string;
  ChildId?: string;
  ResourceId?: string;
  ParentId?: string;
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

/** The Account API's GetAlternateContact (REST JSON), which shares this stand-in: it reads the same accounts. */
function alternateContact(state: GovernanceState, body: OrganizationsBody, res: ServerResponse): void {
  const { fixture } = state;
  const id = body.AccountId ?? fixture.accounts[0]?.id;
  const contact = fixture.accounts.find((a) => a.id === id)?.billingContact;
  res.writeHead(contact ? 200 : 404, {
    'content-type': 'application/json',
    ...(contact ? {} : { 'x-amzn-errortype': 'ResourceNotFoundException' }),
  });
  res.end(
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

/**
 * The Organizations stand-in (JSON 1.1): accounts, their OUs and tags, the per-parent listings
 * (20 a page, a token for another parent refused), with the Account API's alternate contacts.
 */
export function organizationsApi(state: GovernanceState) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { fixture, log } = state;
    state.stats.organizations++;
    const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as OrganizationsBody;
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(payload));
    };
    log.record(req, organizationsCall(log, req.url ?? '', String(req.headers['x-amz-target'] ?? ''), body));
    if (!(await answers(state.faults))) return;
    if (req.url?.startsWith('/getAlternateContact')) return alternateContact(state, body, res);
    if (state.faults.malformed) {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      return void res.end('{"Accounts": [ {"Id": 12, "Status": ');
    }
    if (state.faults.deny)
      return send(400, {
        __type: 'AccessDeniedException',
        Message: 'You don’t have permissions to access this resource.',
      });
    const managementId = fixture.accounts[0]?.id;
    const target = String(req.headers['x-amz-target'] ?? '');
    if (target.endsWith('.DescribeAccount')) {
      const id = body.AccountId ?? '';
      const account = fixture.accounts.find((a) => a.id === id);
      if (!account) {
        return send(400, { __type: 'AccountNotFoundException', Message: `${id} is not in the organization` });
      }
      return send(200, { Account: accountJson(account, managementId) });
    }
    if (target.endsWith('.ListParents')) {
      const child = body.ChildId ?? '';
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
          : { Id: ROOT_ID, Type: 'ROOT' };
      return send(200, { Parents: [parent] });
    }
    if (target.endsWith('.ListTagsForResource')) {
      const id = body.ResourceId ?? '';
      const account = fixture.accounts.find((a) => a.id === id);
      if (!account)
        return send(400, { __type: 'TargetNotFoundException', Message: `${id} is not in the organization` });
      return send(200, { Tags: Object.entries(account.tags ?? {}).map(([Key, Value]) => ({ Key, Value })) });
    }
    if (target.endsWith('.ListRoots')) return send(200, { Roots: [{ Id: ROOT_ID, Name: 'Root' }] });
    if (target.endsWith('.ListOrganizationalUnitsForParent') || target.endsWith('.ListAccountsForParent')) {
      const parent = body.ParentId ?? '';
      state.tree ??= organisationTree(fixture.accounts, fixture.instances, fixture.nestedOus ?? []);
      const children = state.tree.children.get(parent);
      if (!children)
        return send(400, {
          __type: 'ParentNotFoundException',
          Message: `${parent} is not in the organization`,
        });
      const page = target.endsWith('.ListAccountsForParent')
        ? parentPage(children.accounts, body, parent)
        : parentPage(children.ous, body, parent);
      if (typeof page === 'string') return send(400, { __type: 'InvalidInputException', Message: page });
      const listed = page.items.map((item) =>
        typeof item === 'string' ? { Id: item, Name: item } : accountJson(item, managementId),
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
      Accounts: page.map((a) => accountJson(a, managementId)),
      ...(offset + size < fixture.accounts.length ? { NextToken: String(offset + size) } : {}),
    });
  };
}
