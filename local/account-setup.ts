import type { Config } from '../handlers/contract/config/schema.js';

/** Status of the billing stack as CloudFormation describes it, or absent. */
export type StackStatus =
  | 'CREATE_COMPLETE'
  | 'UPDATE_COMPLETE'
  | 'UPDATE_ROLLBACK_COMPLETE'
  | 'ROLLBACK_COMPLETE';

/** A CloudTrail trail as the us-east-1 endpoint describes it (shadow copies of multi-Region trails included). */
export interface LocalTrail {
  readonly name: string;
  readonly homeRegion: string;
  readonly multiRegion: boolean;
  /** GetTrailStatus IsLogging. */
  readonly logging: boolean;
  /** Which management events its selectors log; `none`: management events excluded. */
  readonly managementEvents: 'All' | 'WriteOnly' | 'ReadOnly' | 'none';
  /** Served as AdvancedEventSelectors (eventCategory, readOnly) instead of classic EventSelectors. */
  readonly advanced?: boolean;
  /** An organisation trail (it logs every member account too). */
  readonly organization?: boolean;
}

/** An SNS subscription of the billing stack's operator topic. */
export interface LocalSubscription {
  readonly endpoint: string;
  /** false: its SubscriptionArn is `PendingConfirmation`. */
  readonly confirmed: boolean;
}

/**
 * How the local AWS account is set up, for `doctor --local`: the healthy setup by default, and
 * each field a way to break it (tests start the stand-ins with one broken to prove a check fails).
 */
export interface AccountSetup {
  /** The account the credentials belong to; undefined: no credentials. */
  readonly callerAccount: string | undefined;
  readonly organizationId: string;
  readonly managementAccountId: string;
  /** Dimension sets of `AWS/Billing` `EstimatedCharges` in us-east-1; empty: billing alerts are off. */
  readonly billingMetricDimensions: readonly (readonly string[])[];
  readonly costExplorerEnabled: boolean;
  readonly stackSetsTrustedAccess: boolean;
  /** Accounts registered as delegated administrators of StackSets. */
  readonly stackSetsDelegatedAdmins: readonly string[];
  /** The sender's SES identity; undefined: not created. */
  readonly sesIdentity:
    | { readonly verified: boolean; readonly dkim: 'SUCCESS' | 'PENDING' | 'FAILED' | 'NOT_STARTED' }
    | undefined;
  readonly sesProductionAccess: boolean;
  /** SES GetAccount SendingEnabled: false when AWS (or someone) paused sending for the account. */
  readonly sesSendingEnabled: boolean;
  /** Identities (addresses or domains) ListEmailIdentities returns as verified. */
  readonly sesVerifiedIdentities: readonly string[];
  /** The account's trails; empty: no trail. */
  readonly trails: readonly LocalTrail[];
  /** Lambda's `Concurrent executions` quota in us-east-1. */
  readonly lambdaConcurrencyLimit: number;
  /** Concurrency other functions of the account already reserve. */
  readonly lambdaReservedElsewhere: number;
  /** Accounts with a payer-side `EstimatedCharges` metric carrying `LinkedAccount`. @default - every account of the organisation */
  readonly linkedAccountMetrics?: readonly string[];
  /** The operator topic's subscriptions. */
  readonly operatorSubscriptions: readonly LocalSubscription[];
  readonly billingStack: StackStatus | undefined;
  /** The billing stack's state table (the DynamoDB stand-in's), where member alarm states are kept. */
  readonly stateTableName?: string;
}

/** A healthy setup for a configuration: the management account, everything on, every operator confirmed. */
export function healthyAccountSetup(config: Config): AccountSetup {
  return {
    callerAccount: config.organization.managementAccountId,
    organizationId: config.organization.id,
    managementAccountId: config.organization.managementAccountId,
    billingMetricDimensions: [['Currency'], ['Currency', 'LinkedAccount']],
    costExplorerEnabled: true,
    stackSetsTrustedAccess: true,
    stackSetsDelegatedAdmins: [],
    sesIdentity: { verified: true, dkim: 'SUCCESS' },
    sesProductionAccess: true,
    sesSendingEnabled: true,
    sesVerifiedIdentities: [config.email.sender],
    trails: [
      {
        name: 'management-events',
        homeRegion: 'us-east-1',
        multiRegion: true,
        logging: true,
        managementEvents: 'All',
      },
    ],
    lambdaConcurrencyLimit: 1000,
    lambdaReservedElsewhere: 0,
    operatorSubscriptions: config.email.operatorRecipients.map((endpoint) => ({ endpoint, confirmed: true })),
    billingStack: 'CREATE_COMPLETE',
  };
}
