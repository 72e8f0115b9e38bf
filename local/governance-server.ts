import { createServer } from 'node:http';
import { parseFaultList } from './faults.js';
import { close, listen, readBody } from './http.js';
import type { OrganisationFixture } from './organization-fixture.js';

/**
 * Faults of Organizations and CloudFormation: `deny` answers every call with AccessDenied (as a
 * billing account without the permissions would), `hang` never answers, `malformed` answers 200
 * with a body that is not the API's.
 */
export type GovernanceFaults = { deny?: boolean; hang?: boolean; malformed?: boolean };

/** Parses `--org-faults`: `deny`, `hang`, `malformed`, comma-separated. */
export function parseOrgFaults(text: string | undefined): GovernanceFaults {
  const f = parseFaultList('--org-faults', text, { deny: 'flag', hang: 'flag', malformed: 'flag' });
  return {
    ...(f.deny ? { deny: true } : {}),
    ...(f.hang ? { hang: true } : {}),
    ...(f.malformed ? { malformed: true } : {}),
  };
}

/** Organizations (JSON 1.1) and CloudFormation (query protocol, XML) stand-ins for the coverage section. */
export interface GovernanceStandIns {
  readonly organizationsEndpoint: string;
  readonly cloudFormationEndpoint: string;
  readonly stats: { organizations: number; cloudFormation: number };
  setFaults(faults: GovernanceFaults): void;
  stop(): Promise<void>;
}

/** Accounts per ListAccounts page (AWS's maximum is 20). */
const ACCOUNTS_PAGE = 20;
/** Instances per ListStackInstances page (AWS's maximum is 100). */
const INSTANCES_PAGE = 100;

const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const members = (items: string[]) => items.map((i) => `<member>${i}</member>`).join('');
const params = (p: Readonly<Record<string, string>>) =>
  members(
    Object.entries(p).map(
      ([k, v]) => `<ParameterKey>${xml(k)}</ParameterKey><ParameterValue>${xml(v)}</ParameterValue>`,
    ),
  );

/** Starts both stand-ins on free loopback ports. */
export async function startGovernance(fixture: OrganisationFixture): Promise<GovernanceStandIns> {
  const stats = { organizations: 0, cloudFormation: 0 };
  let faults: GovernanceFaults = {};

  const organizations = createServer(async (req, res) => {
    stats.organizations++;
    const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as {
      NextToken?: string;
      MaxResults?: number;
    };
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(payload));
    };
    if (faults.hang) return;
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
      const ou = fixture.instances.find((i) => i.account === child)?.ou;
      if (!fixture.accounts.some((a) => a.id === child) && !child.startsWith('ou-')) {
        return send(400, {
          __type: 'ChildNotFoundException',
          Message: `${child} is not in the organization`,
        });
      }
      // Accounts sit directly in their stack instance's OU (else the root); OUs directly under the root.
      const parent =
        ou && !child.startsWith('ou-')
          ? { Id: ou, Type: 'ORGANIZATIONAL_UNIT' }
          : { Id: 'r-local', Type: 'ROOT' };
      return send(200, { Parents: [parent] });
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
      Accounts: page.map((a) => ({
        Id: a.id,
        Arn: `arn:aws:organizations::${fixture.accounts[0]?.id}:account/o-local/${a.id}`,
        Email: a.email,
        Name: a.name,
        Status: a.status,
        State: a.status,
        JoinedMethod: 'CREATED',
        JoinedTimestamp: 1_700_000_000,
      })),
      ...(offset + size < fixture.accounts.length ? { NextToken: String(offset + size) } : {}),
    });
  });

  const cloudFormation = createServer(async (req, res) => {
    stats.cloudFormation++;
    const form = new URLSearchParams((await readBody(req)).toString('utf8'));
    const action = form.get('Action') ?? '';
    const send = (status: number, inner: string) => {
      res.writeHead(status, { 'content-type': 'text/xml' });
      res.end(inner);
    };
    const error = (code: string, message: string, status = 400) =>
      send(
        status,
        `<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xml(message)}</Message></Error><RequestId>local</RequestId></ErrorResponse>`,
      );
    const ok = (result: string) =>
      send(
        200,
        `<${action}Response xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>local-${stats.cloudFormation}</RequestId></ResponseMetadata></${action}Response>`,
      );
    if (faults.hang) return;
    if (faults.malformed) return send(200, '<ListStackInstancesResponse><Broken');
    if (faults.deny)
      return error('AccessDenied', `User is not authorized to perform cloudformation:${action}`, 403);
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
    if (action === 'DescribeStackSet') {
      return ok(
        `<StackSet><StackSetName>${fixture.stackSetName}</StackSetName><Status>ACTIVE</Status><PermissionModel>SERVICE_MANAGED</PermissionModel><Parameters>${params(fixture.stackSetParameters)}</Parameters></StackSet>`,
      );
    }
    return error('InvalidAction', `${action} is not supported by the stand-in`);
  });

  const [organizationsEndpoint, cloudFormationEndpoint] = await Promise.all([
    listen(organizations),
    listen(cloudFormation),
  ]);
  return {
    organizationsEndpoint,
    cloudFormationEndpoint,
    stats,
    setFaults: (f) => {
      faults = { ...f };
    },
    stop: async () => {
      await Promise.all([close(organizations), close(cloudFormation)]);
    },
  };
}
