import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeAccountCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { failureCode } from '../failure.js';
import { toError } from '../result.js';
import { fieldsOf, stringField } from '../unknown-values.js';

/** How long a member's status is reused; a non-member's, shorter (it may be joining). */
const MEMBER_TTL_SECONDS = 6 * 3600;
const NON_MEMBER_TTL_SECONDS = 3600;

/** Whether an account is an active member of the organisation, as far as Organizations tells. */
export type Membership =
  | { readonly status: 'member'; readonly name?: string }
  | { readonly status: 'outside'; readonly reason: string }
  | { readonly status: 'unknown'; readonly reason: string };

/**
 * Checks that an account is an ACTIVE member of the organisation: from the state table's cache
 * (6 hours), else one DescribeAccount (cached) — one call whatever the organisation's size, where
 * ListAccounts would page 20 accounts at a time. If Organizations cannot answer, the account is
 * accepted: the caller logs that membership is unknown.
 */
export async function checkMembership(
  orgs: OrganizationsClient,
  dynamo: DynamoDBClient,
  tableName: string,
  accountId: string,
  now: Date,
  signal?: AbortSignal,
): Promise<Membership> {
  const doc = DynamoDBDocumentClient.from(dynamo);
  const options = signal ? { abortSignal: signal } : {};
  const key = { id: `member#${accountId}` };
  const cached = await doc
    .send(new GetCommand({ TableName: tableName, Key: key }), options)
    .then((out) => {
      const item = fieldsOf(out.Item);
      const expiration = item.expiration;
      return {
        state: stringField(item, 'state'),
        name: stringField(item, 'name'),
        expiration: typeof expiration === 'number' ? expiration : undefined,
      };
    })
    .catch(() => undefined);
  if (cached?.state && (cached.expiration ?? 0) * 1000 > now.getTime())
    return fromState(cached.state, cached.name);

  let state: string;
  let name: string | undefined;
  try {
    const out = await orgs.send(new DescribeAccountCommand({ AccountId: accountId }), options);
    state = out.Account?.State ?? out.Account?.Status ?? 'UNKNOWN';
    name = out.Account?.Name;
  } catch (err) {
    if (toError(err).name === 'AccountNotFoundException') state = 'NOT_FOUND';
    else return { status: 'unknown', reason: `Organizations did not answer (${failureCode(err)})` };
  }
  const ttl = state === 'ACTIVE' ? MEMBER_TTL_SECONDS : NON_MEMBER_TTL_SECONDS;
  await doc
    .send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...key,
          state,
          ...(name ? { name } : {}),
          expiration: Math.floor(now.getTime() / 1000) + ttl,
        },
      }),
      options,
    )
    .catch(() => undefined);
  return fromState(state, name);
}

function fromState(state: string, name: string | undefined): Membership {
  if (state === 'ACTIVE') return { status: 'member', ...(name ? { name } : {}) };
  if (state === 'NOT_FOUND')
    return { status: 'outside', reason: 'the account is not a member of the organisation' };
  if (state === 'UNKNOWN')
    return { status: 'unknown', reason: 'Organizations gave no state for the account' };
  return {
    status: 'outside',
    reason: `the account is ${state.toLowerCase().replace(/_/g, ' ')}, not an active member`,
  };
}
