import {
  ACCOUNT_JOIN_EVENTS,
  CLOUDFORMATION_SOURCE,
  ORGANIZATIONS_SOURCE,
  STACK_INSTANCE_STATUS_CHANGE,
} from '../../contract/billing.js';
import { fieldsOf, isOneOf } from '../unknown-values.js';

/** What a governance event asks for: check one account's thresholds. */
export interface AccountToCheck {
  readonly accountId: string;
  /** What happened, for the log and the answer. */
  readonly cause: string;
  /** The OU the account moved to, when the event says so. */
  readonly destinationOu?: string;
}

/** A governance event read: an account to check, one to leave alone (with why), or a rejection. */
export type GovernanceEvent =
  | { readonly kind: 'check'; readonly account: AccountToCheck }
  | { readonly kind: 'skip'; readonly reason: string }
  | { readonly kind: 'reject'; readonly reason: string };

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => fieldsOf(v);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const ACCOUNT = /^\d{12}$/;

/** The first `accountId` (12 digits) anywhere in a service event's details, depth first. */
function findAccountId(value: unknown, depth = 0): string | undefined {
  if (depth > 4 || !value || typeof value !== 'object') return undefined;
  const o = obj(value);
  const direct = str(o.accountId);
  if (direct && ACCOUNT.test(direct)) return direct;
  for (const v of Object.values(o)) {
    const found = findAccountId(v, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Reads an EventBridge event for the governance Lambda: Organizations' `MoveAccount`,
 * `CreateAccountResult` (succeeded only) and `AccountJoinedOrganization` (an invited account joined), from
 * CloudTrail; and CloudFormation's StackSet instance status changes of the member StackSet (an
 * auto-deployment created an instance: it runs on the StackSet's defaults until told otherwise).
 */
export function readGovernanceEvent(event: unknown, stackSetName: string): GovernanceEvent {
  const e = obj(event);
  const detail = obj(e.detail);
  if (e.source === ORGANIZATIONS_SOURCE) {
    const name = str(detail.eventName) ?? '';
    if (!isOneOf(ACCOUNT_JOIN_EVENTS, name))
      return {
        kind: 'reject',
        reason: `Organizations event ${name || '(no eventName)'} is not one of ${ACCOUNT_JOIN_EVENTS.join(', ')}`,
      };
    if (detail.errorCode)
      return { kind: 'skip', reason: `${name} failed (${String(detail.errorCode)}): nothing moved` };
    let accountId: string | undefined;
    let destinationOu: string | undefined;
    if (name === 'MoveAccount') {
      const params = obj(detail.requestParameters);
      accountId = str(params.accountId);
      destinationOu = str(params.destinationParentId);
    } else if (name === 'CreateAccountResult') {
      const status = obj(obj(detail.serviceEventDetails).createAccountStatus);
      if (status.state !== 'SUCCEEDED')
        return {
          kind: 'skip',
          reason: `account creation ${String(status.state ?? 'state unknown').toLowerCase()}`,
        };
      accountId = str(status.accountId);
    } else {
      // AWS documents no example of this service event; the joined account's id is looked for where
      // Organizations' service events put it (serviceEventDetails), then in the request parameters.
      accountId = findAccountId(detail.serviceEventDetails) ?? str(obj(detail.requestParameters).accountId);
    }
    if (!accountId || !ACCOUNT.test(accountId))
      return { kind: 'reject', reason: `${name} event without a 12-digit account id` };
    return {
      kind: 'check',
      account: { accountId, cause: name, ...(destinationOu ? { destinationOu } : {}) },
    };
  }
  if (e.source === CLOUDFORMATION_SOURCE && e['detail-type'] === STACK_INSTANCE_STATUS_CHANGE) {
    const arn = str(detail['stack-set-arn']) ?? '';
    if (!arn.includes(`:stackset/${stackSetName}:`))
      return { kind: 'skip', reason: `stack instance of another StackSet (${arn || 'no ARN'})` };
    const status = obj(detail['status-details']);
    if (detail.action !== 'CREATE' || status.status !== 'CURRENT')
      return {
        kind: 'skip',
        reason: `stack instance ${String(detail.action)} ${String(status.status)}: only a created, current instance is checked`,
      };
    const accountId = (str(detail['stack-id']) ?? '').split(':')[4];
    if (!accountId || !ACCOUNT.test(accountId))
      return { kind: 'reject', reason: 'stack instance event without an account in its stack-id' };
    return { kind: 'check', account: { accountId, cause: 'StackInstanceCreated' } };
  }
  return {
    kind: 'reject',
    reason: `not an Organizations or StackSet event (source ${String(e.source ?? 'missing')}, detail-type ${String(e['detail-type'] ?? 'missing')})`,
  };
}
