import type { Config } from '../handlers/contract/config/schema.js';

/** Status of the billing stack as CloudFormation describes it, or absent. */
export type StackStatus =
  | 'CREATE_COMPLETE'
  | 'UPDATE_COMPLETE'
  | 'UPDATE_ROLLBACK_COMPLETE'
  | 'ROLLBACK_COMPLETE';

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
  readonly billingStack: StackStatus | undefined;
  /** The billing stack's state table (the DynamoDB stand-in's), where member alarm states are kept. */
  readonly stateTableName?: string;
}

/** A healthy setup for a configuration: the management account, everything on. */
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
    billingStack: 'CREATE_COMPLETE',
  };
}
