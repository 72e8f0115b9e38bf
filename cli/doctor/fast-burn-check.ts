import { DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { BILLING_REGION } from '../../handlers/contract/billing.js';
import { fastBurnAnywhere } from '../../handlers/contract/config/fast-burn-policy.js';
import { type Check, errorText, fail, ok, warn } from './check-result.js';

const NAME = 'fast-burn launches';

/**
 * With `fastBurn` on, member accounts' launches reach their default bus (and the member rule) only
 * while a trail logs their management events. From the management account the one trail that can
 * cover every member is an organisation trail: multi-Region and logging. Without one, each member
 * needs its own trail, which doctor cannot see from here: a warning, not a failure. The member rule
 * runs where the StackSet deploys it (us-east-1): launches in other Regions are not seen.
 */
export const fastBurnTrail: Check = async function fastBurnTrail(c, config) {
  if (!fastBurnAnywhere(config)) return ok(NAME, 'off (no scope sets fastBurn.enabled): nothing to check');
  const regions = `launches are seen in ${BILLING_REGION} only (where the StackSet deploys the member rule)`;
  try {
    const trails =
      (await c.cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: true }))).trailList ?? [];
    for (const t of trails.filter((t) => t.IsOrganizationTrail && t.IsMultiRegionTrail)) {
      const status = await c.cloudtrail.send(new GetTrailStatusCommand({ Name: t.TrailARN ?? t.Name }));
      if (status.IsLogging === true)
        return ok(NAME, `organisation trail ${t.Name} logs every member's management events; ${regions}`);
    }
  } catch (err) {
    return fail(
      NAME,
      `cannot read trails (${errorText(err)})`,
      'allow cloudtrail:DescribeTrails and cloudtrail:GetTrailStatus',
    );
  }
  return warn(
    NAME,
    `fastBurn is on but no organisation trail is logging: a member's launches reach EventBridge only if that member logs a trail of its own; ${regions}`,
    'create an organisation trail (CloudTrail console > Create trail > Enable for all accounts in my organization), multi-Region, logging management events',
  );
};
