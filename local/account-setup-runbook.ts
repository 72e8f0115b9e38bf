import { BILLING_STACK_NAME } from '../handlers/contract/billing.js';
import type { AccountSetup, LocalTrail } from './account-setup.js';
import { queryErrorXml, xmlText } from './http.js';

/** One answer of the account-setup stand-in. */
export interface Reply {
  readonly status: number;
  readonly type: string;
  readonly body: string;
  /** `x-amzn-errortype`, for the REST JSON services. */
  readonly error?: string;
}

/** What the stand-in knows of a request. */
export interface Request {
  readonly method: string;
  readonly url: string;
  readonly target: string;
  readonly body: string;
}

const REGION = 'us-east-1';
/** Subscriptions per ListSubscriptionsByTopic page, as SNS pages them. */
const SUBSCRIPTIONS_PAGE = 100;
/** Identities per ListEmailIdentities page at most (SES v2's PageSize maximum is 1,000). */
const IDENTITIES_PAGE = 1000;

const json = (status: number, payload: unknown, type: string, error?: string): Reply => ({
  status,
  type,
  body: JSON.stringify(payload),
  ...(error ? { error } : {}),
});
const queryReply = (status: number, body: string): Reply => ({ status, type: 'text/xml', body });
const queryError = (code: string, message: string, status = 400) =>
  queryReply(status, queryErrorXml(code, message));

/** The operator topic's ARN in the local billing stack. */
export const localOperatorTopicArn = (setup: AccountSetup) =>
  `arn:aws:sns:${REGION}:${setup.managementAccountId}:${BILLING_STACK_NAME}-OperatorTopic0A1B2C3D-local`;

const trailArn = (setup: AccountSetup, t: LocalTrail) =>
  `arn:aws:cloudtrail:${t.homeRegion}:${setup.managementAccountId}:trail/${t.name}`;

/**
 * What `doctor`'s operator checks read, beside the account prerequisites: CloudTrail (JSON 1.1),
 * Lambda's account settings (REST JSON), the SES identity list (REST JSON), SNS subscriptions and
 * the billing stack's resources (query protocol, XML). Undefined: not one of these requests.
 */
export function runbookReply(setup: AccountSetup, req: Request): Reply | undefined {
  if (/^\/2016-08-19\/account-settings\/?$/.test(req.url.split('?')[0] ?? '')) return lambdaSettings(setup);
  if (req.url.startsWith('/v2/email/list-identities') || /^\/v2\/email\/identities\/?(\?|$)/.test(req.url))
    return emailIdentities(setup, req);
  // The current SDK sends `CloudTrail_20131101.<Op>`; older ones the fully qualified target.
  const trail = /(?:^|\.)CloudTrail_20131101\.(\w+)$/.exec(req.target);
  if (trail) return cloudTrail(setup, trail[1] ?? '', req.body);
  const form = new URLSearchParams(req.body);
  const action = form.get('Action');
  if (action === 'ListSubscriptionsByTopic') return subscriptions(setup, form);
  if (action === 'ListStackResources') return stackResources(setup, form);
  return undefined;
}

function lambdaSettings(setup: AccountSetup): Reply {
  const limit = setup.lambdaConcurrencyLimit;
  return json(
    200,
    {
      AccountLimit: {
        TotalCodeSize: 80_530_636_800,
        CodeSizeUnzipped: 262_144_000,
        CodeSizeZipped: 52_428_800,
        ConcurrentExecutions: limit,
        UnreservedConcurrentExecutions: Math.max(0, limit - setup.lambdaReservedElsewhere),
      },
      AccountUsage: { TotalCodeSize: 0, FunctionCount: 0 },
    },
    'application/json',
  );
}

function emailIdentities(setup: AccountSetup, req: Request): Reply {
  const input = req.method === 'POST' ? (JSON.parse(req.body || '{}') as Record<string, unknown>) : {};
  const params = new URLSearchParams(req.url.split('?')[1] ?? '');
  const offset = Number(input.NextToken ?? params.get('NextToken') ?? 0);
  const size = Math.min(Number(input.PageSize ?? params.get('PageSize') ?? 100), IDENTITIES_PAGE);
  const all = setup.sesVerifiedIdentities;
  return json(
    200,
    {
      EmailIdentities: all.slice(offset, offset + size).map((name) => ({
        IdentityName: name,
        IdentityType: name.includes('@') ? 'EMAIL_ADDRESS' : 'DOMAIN',
        SendingEnabled: true,
        VerificationStatus: 'SUCCESS',
      })),
      ...(offset + size < all.length ? { NextToken: String(offset + size) } : {}),
    },
    'application/json',
  );
}

function cloudTrail(setup: AccountSetup, op: string, body: string): Reply {
  const type = 'application/x-amz-json-1.1';
  const input = JSON.parse(body || '{}') as { Name?: string; TrailName?: string };
  const find = (nameOrArn: string | undefined) =>
    setup.trails.find((t) => t.name === nameOrArn || trailArn(setup, t) === nameOrArn);
  if (op === 'DescribeTrails')
    return json(
      200,
      {
        trailList: setup.trails.map((t) => ({
          Name: t.name,
          TrailARN: trailArn(setup, t),
          HomeRegion: t.homeRegion,
          IsMultiRegionTrail: t.multiRegion,
          IncludeGlobalServiceEvents: true,
          IsOrganizationTrail: t.organization === true,
          S3BucketName: `cloudtrail-${setup.managementAccountId}`,
          LogFileValidationEnabled: true,
          HasCustomEventSelectors: t.managementEvents !== 'All' || t.advanced === true,
          HasInsightSelectors: false,
        })),
      },
      type,
    );
  const trail = find(input.Name ?? input.TrailName);
  if (!trail)
    return json(
      400,
      { __type: 'TrailNotFoundException', message: `Unknown trail: ${input.Name ?? input.TrailName}` },
      type,
    );
  if (op === 'GetTrailStatus')
    return json(
      200,
      {
        IsLogging: trail.logging,
        ...(trail.logging ? { StartLoggingTime: 1_700_000_000 } : { StopLoggingTime: 1_700_000_000 }),
      },
      type,
    );
  if (op === 'GetEventSelectors') return json(200, eventSelectors(setup, trail), type);
  return json(400, { __type: 'InvalidAction', message: `${op} is not supported by the stand-in` }, type);
}

function eventSelectors(setup: AccountSetup, t: LocalTrail): Record<string, unknown> {
  const TrailARN = trailArn(setup, t);
  // What a trail that logs only S3 data events looks like: no management events at all.
  const data = { Field: 'resources.type', Equals: ['AWS::S3::Object'] };
  if (t.advanced) {
    const management =
      t.managementEvents === 'none'
        ? [{ Name: 'S3 objects', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, data] }]
        : [
            {
              Name: 'Management events',
              FieldSelectors: [
                { Field: 'eventCategory', Equals: ['Management'] },
                ...(t.managementEvents === 'All'
                  ? []
                  : [{ Field: 'readOnly', Equals: [t.managementEvents === 'ReadOnly' ? 'true' : 'false'] }]),
              ],
            },
          ];
    return { TrailARN, AdvancedEventSelectors: management };
  }
  return {
    TrailARN,
    EventSelectors: [
      {
        ReadWriteType: t.managementEvents === 'none' ? 'All' : t.managementEvents,
        IncludeManagementEvents: t.managementEvents !== 'none',
        DataResources: [],
        ExcludeManagementEventSources: [],
      },
    ],
  };
}

function subscriptions(setup: AccountSetup, form: URLSearchParams): Reply {
  const topic = form.get('TopicArn') ?? '';
  if (!setup.billingStack || topic !== localOperatorTopicArn(setup))
    return queryError('NotFound', 'Topic does not exist', 404);
  const offset = Number(form.get('NextToken') ?? 0);
  const page = setup.operatorSubscriptions.slice(offset, offset + SUBSCRIPTIONS_PAGE);
  const next = offset + SUBSCRIPTIONS_PAGE < setup.operatorSubscriptions.length;
  const members = page
    .map(
      (s, n) =>
        `<member><TopicArn>${xmlText(topic)}</TopicArn><Protocol>email</Protocol><SubscriptionArn>${
          s.confirmed ? `${xmlText(topic)}:0000000${offset + n}-local` : 'PendingConfirmation'
        }</SubscriptionArn><Owner>${setup.managementAccountId}</Owner><Endpoint>${xmlText(s.endpoint)}</Endpoint></member>`,
    )
    .join('');
  return queryReply(
    200,
    `<ListSubscriptionsByTopicResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><ListSubscriptionsByTopicResult><Subscriptions>${members}</Subscriptions>${
      next ? `<NextToken>${offset + SUBSCRIPTIONS_PAGE}</NextToken>` : ''
    }</ListSubscriptionsByTopicResult><ResponseMetadata><RequestId>local</RequestId></ResponseMetadata></ListSubscriptionsByTopicResponse>`,
  );
}

function stackResources(setup: AccountSetup, form: URLSearchParams): Reply {
  if (!setup.billingStack || form.get('StackName') !== BILLING_STACK_NAME)
    return queryError('ValidationError', `Stack with id ${form.get('StackName')} does not exist`);
  const resource = (logical: string, physical: string, type: string) =>
    `<member><LogicalResourceId>${logical}</LogicalResourceId><PhysicalResourceId>${xmlText(physical)}</PhysicalResourceId><ResourceType>${type}</ResourceType><LastUpdatedTimestamp>2026-11-01T00:00:00Z</LastUpdatedTimestamp><ResourceStatus>CREATE_COMPLETE</ResourceStatus></member>`;
  const summaries = [
    resource('OperatorTopicKey0A1B2C3D', '00000000-0000-0000-0000-000000000001', 'AWS::KMS::Key'),
    resource('OperatorTopic0A1B2C3D', localOperatorTopicArn(setup), 'AWS::SNS::Topic'),
    ...(setup.stateTableName
      ? [resource('State0A1B2C3D', setup.stateTableName, 'AWS::DynamoDB::Table')]
      : []),
  ].join('');
  return queryReply(
    200,
    `<ListStackResourcesResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><ListStackResourcesResult><StackResourceSummaries>${summaries}</StackResourceSummaries></ListStackResourcesResult><ResponseMetadata><RequestId>local</RequestId></ResponseMetadata></ListStackResourcesResponse>`,
  );
}
