import type { IncomingMessage, ServerResponse } from 'node:http';
import { BILLING_STACK_NAME } from '../handlers/contract/billing.js';
import type { AccountSetup } from './account-setup.js';
import { runbookReply } from './account-setup-runbook.js';
import { queryErrorXml, readBody, sendXml, serve, xmlText } from './http.js';
import { type Call, RequestLog } from './request-log.js';

/** The service principal of StackSets' trusted access and delegated administration. */
export const STACKSETS_PRINCIPAL = 'member.org.stacksets.cloudformation.amazonaws.com';

/**
 * One stand-in for what `doctor` reads about the account: STS, CloudWatch, SES (identities,
 * account), Organizations, CloudFormation (stacks), CloudTrail, Lambda's account settings and SNS.
 */
export interface AccountSetupStandIn {
  readonly endpoint: string;
  /** The requests it served, as IAM authorizes them. */
  readonly requests: RequestLog;
  stop(): Promise<void>;
}

/**
 * Starts the stand-in on a free loopback port. It tells the protocols apart the way the SDK sends
 * them: SES v2 by its REST paths, JSON services by `X-Amz-Target`, query services (STS,
 * CloudFormation) by `Action`.
 */
export async function startAccountSetup(
  setup: AccountSetup,
  /** Where every request is recorded for the IAM check. */
  log: RequestLog = new RequestLog(),
): Promise<AccountSetupStandIn> {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = (await readBody(req)).toString('utf8');
    log.record(req, accountSetupCall(log, req, body));
    const json = (status: number, payload: unknown, type = 'application/x-amz-json-1.1', error?: string) => {
      res.writeHead(status, { 'content-type': type, ...(error ? { 'x-amzn-errortype': error } : {}) });
      res.end(JSON.stringify(payload));
    };
    const query = (status: number, inner: string) => sendXml(res, status, inner);
    const queryError = (code: string, message: string, status = 400) =>
      query(status, queryErrorXml(code, message));

    const url = req.url ?? '/';
    const target = String(req.headers['x-amz-target'] ?? '');
    const runbook = runbookReply(setup, { method: req.method ?? 'GET', url, target, body });
    if (runbook) {
      res.writeHead(runbook.status, {
        'content-type': runbook.type,
        ...(runbook.error ? { 'x-amzn-errortype': runbook.error } : {}),
      });
      return res.end(runbook.body);
    }
    // SES v2 (REST JSON)
    if (url.startsWith('/v2/email/')) {
      if (url === '/v2/email/account') {
        return json(
          200,
          {
            ProductionAccessEnabled: setup.sesProductionAccess,
            SendingEnabled: setup.sesSendingEnabled,
            EnforcementStatus: setup.sesSendingEnabled ? 'HEALTHY' : 'SHUTDOWN',
          },
          'application/json',
        );
      }
      const identity = decodeURIComponent(url.replace(/^\/v2\/email\/identities\//, '').split('?')[0] ?? '');
      if (!setup.sesIdentity)
        return json(
          404,
          { message: `Email identity ${identity} does not exist.` },
          'application/json',
          'NotFoundException',
        );
      return json(
        200,
        {
          IdentityType: identity.includes('@') ? 'EMAIL_ADDRESS' : 'DOMAIN',
          VerifiedForSendingStatus: setup.sesIdentity.verified,
          VerificationStatus: setup.sesIdentity.verified ? 'SUCCESS' : 'PENDING',
          DkimAttributes: {
            SigningEnabled: setup.sesIdentity.dkim === 'SUCCESS',
            Status: setup.sesIdentity.dkim,
          },
        },
        'application/json',
      );
    }
    if (target.startsWith('GraniteServiceVersion20100801.')) {
      if (!target.endsWith('.ListMetrics'))
        return json(
          400,
          { __type: 'InvalidAction', message: `${target} is not supported` },
          'application/x-amz-json-1.0',
        );
      return json(200, listMetrics(setup, JSON.parse(body || '{}')), 'application/x-amz-json-1.0');
    }
    if (target.startsWith('AWSOrganizationsV20161128.')) {
      const op = target.split('.')[1];
      const input = JSON.parse(body || '{}') as { ServicePrincipal?: string };
      if (op === 'DescribeOrganization')
        return json(200, {
          Organization: {
            Id: setup.organizationId,
            MasterAccountId: setup.managementAccountId,
            FeatureSet: 'ALL',
            Arn: `arn:aws:organizations::${setup.managementAccountId}:organization/${setup.organizationId}`,
          },
        });
      const management = setup.callerAccount === setup.managementAccountId;
      if (!management)
        return json(400, {
          __type: 'AccessDeniedException',
          Message: 'You don’t have permissions to access this resource.',
        });
      if (op === 'ListAWSServiceAccessForOrganization')
        return json(200, {
          EnabledServicePrincipals: setup.stackSetsTrustedAccess
            ? [{ ServicePrincipal: STACKSETS_PRINCIPAL, DateEnabled: 1_700_000_000 }]
            : [],
        });
      if (op === 'ListDelegatedAdministrators')
        return json(200, {
          DelegatedAdministrators:
            input.ServicePrincipal === STACKSETS_PRINCIPAL
              ? setup.stackSetsDelegatedAdmins.map((Id) => ({ Id, Status: 'ACTIVE' }))
              : [],
        });
      return json(400, {
        __type: 'UnsupportedAPIEndpointException',
        Message: `${op} is not supported by the stand-in`,
      });
    }
    const form = new URLSearchParams(body);
    const action = form.get('Action') ?? '';
    if (action === 'GetCallerIdentity') {
      if (!setup.callerAccount)
        return queryError(
          'InvalidClientTokenId',
          'The security token included in the request is invalid.',
          403,
        );
      return query(
        200,
        `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${setup.callerAccount}:user/local</Arn><UserId>AIDALOCAL</UserId><Account>${setup.callerAccount}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>local</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      );
    }
    if (action === 'DescribeStackResources') {
      if (!setup.billingStack || form.get('StackName') !== BILLING_STACK_NAME)
        return queryError('ValidationError', `Stack with id ${form.get('StackName')} does not exist`);
      const table = setup.stateTableName
        ? `<member><StackName>${BILLING_STACK_NAME}</StackName><LogicalResourceId>State0A1B2C3D</LogicalResourceId><PhysicalResourceId>${xmlText(setup.stateTableName)}</PhysicalResourceId><ResourceType>AWS::DynamoDB::Table</ResourceType><Timestamp>2026-11-01T00:00:00Z</Timestamp><ResourceStatus>CREATE_COMPLETE</ResourceStatus></member>`
        : '';
      return query(
        200,
        `<DescribeStackResourcesResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStackResourcesResult><StackResources>${table}</StackResources></DescribeStackResourcesResult><ResponseMetadata><RequestId>local</RequestId></ResponseMetadata></DescribeStackResourcesResponse>`,
      );
    }
    if (action === 'DescribeStacks') {
      if (!setup.billingStack || form.get('StackName') !== BILLING_STACK_NAME)
        return queryError('ValidationError', `Stack with id ${form.get('StackName')} does not exist`);
      return query(
        200,
        `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member><StackName>${BILLING_STACK_NAME}</StackName><StackId>arn:aws:cloudformation:us-east-1:${setup.managementAccountId}:stack/${BILLING_STACK_NAME}/local</StackId><StackStatus>${setup.billingStack}</StackStatus><CreationTime>2026-11-01T00:00:00Z</CreationTime></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>local</RequestId></ResponseMetadata></DescribeStacksResponse>`,
      );
    }
    return queryError('InvalidAction', `${action || target || url} is not supported by the stand-in`);
  };
  const { endpoint, stop } = await serve(handle);
  return { endpoint, requests: log, stop };
}

/** The IAM action of a request to this stand-in and the resource it names (an SES identity, a stack). */
function accountSetupCall(log: RequestLog, req: IncomingMessage, body: string): Call {
  const url = req.url ?? '/';
  if (url === '/v2/email/account') return { action: 'ses:GetAccount' };
  if (/^\/2016-08-19\/account-settings\/?(\?|$)/.test(url)) return { action: 'lambda:GetAccountSettings' };
  if (url.startsWith('/v2/email/list-identities') || /^\/v2\/email\/identities\/?(\?|$)/.test(url))
    return { action: 'ses:ListEmailIdentities' };
  if (url.startsWith('/v2/email/identities/')) {
    const identity = decodeURIComponent(url.replace(/^\/v2\/email\/identities\//, '').split('?')[0] ?? '');
    return { action: 'ses:GetEmailIdentity', resources: [log.arn('ses', `identity/${identity}`)] };
  }
  const target = String(req.headers['x-amz-target'] ?? '');
  const trail = /(?:^|\.)CloudTrail_20131101\.(\w+)$/.exec(target);
  if (trail) return { action: `cloudtrail:${trail[1]}` };
  if (target.startsWith('GraniteServiceVersion20100801.'))
    return { action: `cloudwatch:${target.split('.')[1]}` };
  if (target.startsWith('AWSOrganizationsV20161128.'))
    return { action: `organizations:${target.split('.')[1]}` };
  const form = new URLSearchParams(body);
  const action = form.get('Action') ?? '';
  if (action === 'GetCallerIdentity') return { action: 'sts:GetCallerIdentity' };
  if (action === 'ListSubscriptionsByTopic')
    return { action: 'sns:ListSubscriptionsByTopic', resources: [form.get('TopicArn') ?? ''] };
  const stack = form.get('StackName');
  return {
    action: `cloudformation:${action}`,
    resources: stack ? [log.arn('cloudformation', `stack/${stack}/local`)] : [],
  };
}

/** Metrics per ListMetrics page, as CloudWatch pages them. */
const METRICS_PAGE = 500;

/**
 * `AWS/Billing` `EstimatedCharges` as the management account lists it: one metric per dimension set,
 * and per linked account for a set with `LinkedAccount`; filtered by dimension (name, and value when
 * given) and paged with NextToken.
 */
function listMetrics(
  setup: AccountSetup,
  input: { Dimensions?: { Name?: string; Value?: string }[]; NextToken?: string },
) {
  const linked = setup.linkedAccountMetrics ?? [setup.managementAccountId];
  const all = setup.billingMetricDimensions.flatMap((dims) =>
    (dims.includes('LinkedAccount') ? linked : ['']).map((account) =>
      dims.map((Name) => ({ Name, Value: Name === 'Currency' ? 'USD' : account })),
    ),
  );
  const matching = all.filter((dims) =>
    (input.Dimensions ?? []).every((f) =>
      dims.some((d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value)),
    ),
  );
  const offset = Number(input.NextToken ?? 0);
  return {
    Metrics: matching.slice(offset, offset + METRICS_PAGE).map((Dimensions) => ({
      Namespace: 'AWS/Billing',
      MetricName: 'EstimatedCharges',
      Dimensions,
    })),
    ...(offset + METRICS_PAGE < matching.length ? { NextToken: String(offset + METRICS_PAGE) } : {}),
  };
}
