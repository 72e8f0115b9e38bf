import type { IncomingMessage } from 'node:http';
import { BILLING_REGION } from '../handlers/contract/billing.js';
import type { Config } from '../handlers/contract/config/schema.js';

/**
 * One AWS request a stand-in served, as IAM would authorize it: who (the SigV4 access key id),
 * which action (`service:Action`, IAM's names) and on which resources (ARNs, or `*` where the
 * action takes none).
 */
export interface RecordedRequest {
  /** The access key id of the request's SigV4 signature; `unsigned` when there is none. */
  readonly principal: string;
  /** IAM's service prefix, e.g. `dynamodb`. */
  readonly service: string;
  /** `service:Action`, e.g. `dynamodb:PutItem`. */
  readonly action: string;
  readonly resources: readonly string[];
  /** Request-specific condition keys (e.g. `events:source`). */
  readonly context?: Readonly<Record<string, string | string[]>>;
}

/** The account and organisation the stand-ins play. */
export interface LocalAccount {
  /** The account the stack and the callers live in (the management account of the configuration). */
  readonly accountId: string;
  /** The organisation's id, for Organizations and Account API ARNs. */
  readonly organizationId: string;
  readonly region: string;
}

/** The account of runs that model none: Lambda's local context uses the same id. */
export const DEFAULT_LOCAL_ACCOUNT: LocalAccount = {
  accountId: '000000000000',
  organizationId: 'o-local',
  region: BILLING_REGION,
};

/** The account a configuration deploys to: its management account and organisation, in the billing Region. */
export function localAccountOf(config: Config): LocalAccount {
  return {
    accountId: config.organization.managementAccountId,
    organizationId: config.organization.id,
    region: BILLING_REGION,
  };
}

/** Access key ids that tell the local callers apart: one per Lambda, one for the command line. */
export const LOCAL_ACCESS_KEYS = {
  alarm: 'local-alarm',
  report: 'local-report',
  governance: 'local-governance',
  /** The reconciler after deploy (the governance code in its own function and role). */
  reconcile: 'local-reconcile',
  publisher: 'local-publisher',
  cli: 'local-cli',
  /** The stand-ins' own setup (seeding the state table): not a caller the policies are for. */
  setup: 'local-setup',
} as const;

/** The access key id a local Lambda signs with, from its function name (`billing-alarm` → `local-alarm`). */
export function accessKeyForFunction(functionName: string): string {
  return `local-${functionName.replace(/^billing-/, '')}`;
}

/** The access key id of a request's SigV4 `Authorization` header (`Credential=<AKID>/…`). */
export function principalOf(req: IncomingMessage): string {
  const auth = String(req.headers.authorization ?? '');
  return /Credential=([^/,\s]+)\//.exec(auth)?.[1] ?? 'unsigned';
}

/** What a stand-in says about one request it served. */
export interface Call {
  /** `service:Action`. */
  readonly action: string;
  /** ARNs; empty means the action takes no resource (`*`). */
  readonly resources?: readonly string[];
  readonly context?: Readonly<Record<string, string | string[]>>;
}

/** The requests the stand-ins served, in order, shared by all of them; and the ARNs they authorize. */
export class RequestLog {
  private readonly served: RecordedRequest[] = [];

  constructor(readonly account: LocalAccount = DEFAULT_LOCAL_ACCOUNT) {}

  /** Records one request (several for a request that IAM authorizes as several actions). */
  record(req: IncomingMessage, ...calls: Call[]): void {
    const principal = principalOf(req);
    for (const call of calls) {
      this.served.push({
        principal,
        service: call.action.split(':')[0] ?? '',
        action: call.action,
        resources: call.resources?.length ? [...call.resources] : ['*'],
        ...(call.context ? { context: call.context } : {}),
      });
    }
  }

  /** Every request so far, oldest first. */
  entries(): RecordedRequest[] {
    return [...this.served];
  }

  /** `arn:aws:<service>:<region>:<account>:<resource>` in the local account and region. */
  arn(service: string, resource: string, options: { region?: string; account?: string } = {}): string {
    return `arn:aws:${service}:${options.region ?? this.account.region}:${options.account ?? this.account.accountId}:${resource}`;
  }

  /** An Organizations account or OU ARN (Organizations ARNs have no region). */
  orgArn(id: string): string {
    const { accountId, organizationId } = this.account;
    if (id.startsWith('ou-')) return `arn:aws:organizations::${accountId}:ou/${organizationId}/${id}`;
    if (id.startsWith('r-')) return `arn:aws:organizations::${accountId}:root/${organizationId}/${id}`;
    return `arn:aws:organizations::${accountId}:account/${organizationId}/${id}`;
  }
}
