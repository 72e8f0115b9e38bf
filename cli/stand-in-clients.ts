import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { PricingClient } from '@aws-sdk/client-pricing';
import { BILLING_REGION } from '../handlers/contract/billing.js';
import type { GovernanceStandIns } from '../local/governance-server.js';
import type { PricingStandIn } from '../local/pricing-server.js';

/** A Price List client of the Price List stand-in (us-east-1, as the alarm Lambda's), signing with `credentials`. */
export function pricingClient(
  standIn: PricingStandIn,
  credentials: { accessKeyId: string; secretAccessKey: string },
): PricingClient {
  return new PricingClient({ region: BILLING_REGION, endpoint: standIn.endpoint, credentials });
}

/** The Organizations, CloudFormation and CloudWatch clients of the governance stand-ins, signing with `credentials`. */
export function standInClients(
  standIns: GovernanceStandIns,
  credentials: { accessKeyId: string; secretAccessKey: string },
) {
  const at = (endpoint: string) => ({ region: BILLING_REGION, endpoint, credentials });
  return {
    orgs: new OrganizationsClient(at(standIns.organizationsEndpoint)),
    cfn: new CloudFormationClient(at(standIns.cloudFormationEndpoint)),
    cw: new CloudWatchClient(at(standIns.cloudWatch.endpoint)),
  };
}
