import type { IncomingMessage, ServerResponse } from 'node:http';
import { answers } from './governance-faults.js';
import { cloudFormationCall, deploymentTargets, parameterOverrideUpdate } from './governance-requests.js';
import type { GovernanceState } from './governance-state.js';
import { queryErrorXml, readBody, sendXml, xmlText } from './http.js';
import type { StackInstance } from './organization-fixture.js';

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

/**
 * The CloudFormation StackSets stand-in (query protocol, XML): the member StackSet and its
 * instances, which UpdateStackInstances changes under StackSets' rules (one operation at a time,
 * OU targets, parameter overrides), and the operations it ran.
 */
export function stackSetsApi(state: GovernanceState) {
  const operations = new Map<string, Operation>();
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { fixture, log, stats } = state;
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
    if (!(await answers(state.faults))) return;
    if (state.faults.malformed) return send(200, '<ListStackInstancesResponse><Broken');
    if (state.faults.deny)
      return error('AccessDenied', `User is not authorized to perform cloudformation:${action}`, 403);
    if (action === 'ListStackSets') {
      return ok(
        `<Summaries><member><StackSetName>${fixture.stackSetName}</StackSetName><Status>ACTIVE</Status><PermissionModel>SERVICE_MANAGED</PermissionModel></member></Summaries>`,
      );
    }
    if (form.get('StackSetName') !== fixture.stackSetName)
      return error('StackSetNotFoundException', `StackSet ${form.get('StackSetName')} not found`);
    const instance = (i: StackInstance) =>
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
      const { busy } = state.faults;
      if (busy && busy > 0) {
        state.faults = { ...state.faults, busy: busy - 1 };
        return error('OperationInProgressException', 'Another Operation on StackSet is in progress');
      }
      if ([...operations.values()].some((op) => !finished(op)))
        return error('OperationInProgressException', 'Another Operation on StackSet is in progress');
      const targeted = deploymentTargets(form);
      if (typeof targeted === 'string') return error('ValidationError', targeted);
      const update = parameterOverrideUpdate(form);
      if (typeof update === 'string') return error('ValidationError', update);
      const matched = fixture.instances.filter(targeted);
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
  };
}
