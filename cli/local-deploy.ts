import { randomUUID } from 'node:crypto';
import { BILLING_REGION } from '../handlers/contract/billing.js';
import type { Config } from '../handlers/contract/config/schema.js';
import {
  STACK_SET_OPERATION_PREFERENCES,
  stackInstanceGroups,
} from '../handlers/contract/member-template.js';
import { MemoryAttemptLog } from '../handlers/lib/governance/attempt-log.js';
import { reconcileAll } from '../handlers/lib/governance/reconcile.js';
import { startGovernance } from '../local/governance-server.js';
import { type OrganisationFixture, sampleOrganisationFixture } from '../local/organization-fixture.js';
import { LOCAL_ACCESS_KEYS, localAccountOf, RequestLog } from '../local/request-log.js';
import {
  accountsByOu,
  checkStackSetResource,
  instancesCreatedBy,
  type StackSetResourceProperties,
} from '../local/stack-set-resource.js';
import { standInClients } from './stand-in-clients.js';

/** The reconciler signs as itself: on AWS it runs under its own role. */
const LOCAL_CREDENTIALS = { accessKeyId: LOCAL_ACCESS_KEYS.reconcile, secretAccessKey: 'local' };

/** The member StackSet's properties as the billing stack synthesizes them (groups from the same function). */
export function memberStackSetProperties(config: Config): StackSetResourceProperties {
  return {
    PermissionModel: 'SERVICE_MANAGED',
    CallAs: config.organization.callAs,
    OperationPreferences: {
      FailureTolerancePercentage: STACK_SET_OPERATION_PREFERENCES.failureTolerancePercentage,
      MaxConcurrentPercentage: STACK_SET_OPERATION_PREFERENCES.maxConcurrentPercentage,
    },
    StackInstancesGroup: stackInstanceGroups(
      config.organization.targetOrganizationalUnitIds,
      BILLING_REGION,
    ).map((g) => ({
      Regions: g.regions,
      DeploymentTargets: { OrganizationalUnitIds: g.organizationalUnitIds },
    })),
  };
}

/**
 * The sample organisation as `cdk deploy` leaves it: the StackSet resource creates an instance per
 * account of the target OUs on the defaults (its rules checked), then the reconciler after the
 * StackSet applies OU, account and tag thresholds with the same code as `thresholds apply`. So
 * `thresholds plan --local` right after shows no change.
 */
export async function deployLocalOrganisation(
  config: Config,
  log: RequestLog = new RequestLog(localAccountOf(config)),
): Promise<OrganisationFixture> {
  const sample = sampleOrganisationFixture(config);
  const props = memberStackSetProperties(config);
  const { managementAccountId } = config.organization;
  checkStackSetResource(props, { accountId: managementAccountId, managementAccountId });
  const created: OrganisationFixture = {
    ...sample,
    instances: instancesCreatedBy(props, accountsByOu(sample)),
  };
  const standIns = await startGovernance(created, log);
  const { orgs, cfn, cw } = standInClients(standIns, LOCAL_CREDENTIALS);
  try {
    await reconcileAll(
      {
        orgs,
        ref: { cfn, stackSetName: sample.stackSetName, callAs: config.organization.callAs },
        config,
        attempts: new MemoryAttemptLog(),
        cw,
        now: () => new Date(),
      },
      `local-deploy-${randomUUID()}`,
      50,
    );
    // The sample's member alarms have run for ten days (as its alarm history says).
    return { ...standIns.state(), deployedAt: new Date(Date.now() - 10 * 86_400_000).toISOString() };
  } finally {
    orgs.destroy();
    cfn.destroy();
    cw.destroy();
    await standIns.stop();
  }
}
