import {
  type AdvancedEventSelector,
  DescribeTrailsCommand,
  type EventSelector,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import { BILLING_REGION } from '../../handlers/contract/billing.js';
import { type Check, type CheckResult, errorText, fail, ok } from './check-result.js';

const NAME = 'CloudTrail trail';

/** What keeps one trail from feeding the governance rule, in the order an operator fixes them. */
type Problem = 'region' | 'logging' | 'management';

/** Classic selectors: management events, with writes (All or WriteOnly). */
const classicLogsWrites = (selectors: readonly EventSelector[]) =>
  selectors.some((s) => s.IncludeManagementEvents !== false && (s.ReadWriteType ?? 'All') !== 'ReadOnly');

/** Advanced selectors: one selecting eventCategory = Management without narrowing it to reads. */
const advancedLogsWrites = (selectors: readonly AdvancedEventSelector[]) =>
  selectors.some((s) => {
    const fields = s.FieldSelectors ?? [];
    const management = fields.some((f) => f.Field === 'eventCategory' && f.Equals?.includes('Management'));
    const readsOnly = fields.some(
      (f) => f.Field === 'readOnly' && (f.Equals?.includes('true') || f.NotEquals?.includes('false')),
    );
    return management && !readsOnly;
  });

/**
 * The governance Lambda's rule matches Organizations' "AWS API Call via CloudTrail" events
 * (MoveAccount, CreateAccountResult…), which EventBridge receives only while a trail logs management
 * events; Organizations records them in us-east-1. So: a trail covering us-east-1 (multi-Region, or
 * homed there) that is logging and whose selectors keep write management events.
 */
export const cloudTrailTrail: Check = async function cloudTrailTrail(c) {
  let trails: Trail[];
  try {
    trails =
      (await c.cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: true }))).trailList ?? [];
  } catch (err) {
    return fail(
      NAME,
      `cannot list trails (${errorText(err)})`,
      'allow cloudtrail:DescribeTrails, cloudtrail:GetTrailStatus and cloudtrail:GetEventSelectors',
    );
  }
  if (trails.length === 0)
    return fail(
      NAME,
      'no trail: EventBridge gets no "AWS API Call via CloudTrail" events, so accounts that move or join keep stale thresholds',
      'create a multi-Region trail logging management events (CloudTrail console > Create trail; it needs an S3 bucket), then start logging',
    );
  const verdicts: { trail: Trail; problems: Problem[] }[] = [];
  for (const trail of trails) {
    const id = trail.TrailARN ?? trail.Name ?? '';
    const problems: Problem[] = [];
    if (!trail.IsMultiRegionTrail && trail.HomeRegion !== BILLING_REGION) problems.push('region');
    try {
      const status = await c.cloudtrail.send(new GetTrailStatusCommand({ Name: id }));
      if (status.IsLogging !== true) problems.push('logging');
      const selectors = await c.cloudtrail.send(new GetEventSelectorsCommand({ TrailName: id }));
      const writes = selectors.AdvancedEventSelectors?.length
        ? advancedLogsWrites(selectors.AdvancedEventSelectors)
        : classicLogsWrites(selectors.EventSelectors ?? []);
      if (!writes) problems.push('management');
    } catch (err) {
      return fail(
        NAME,
        `cannot read trail ${trail.Name} (${errorText(err)})`,
        'allow cloudtrail:GetTrailStatus and cloudtrail:GetEventSelectors',
      );
    }
    if (problems.length === 0) return ok(NAME, describe(trail));
    verdicts.push({ trail, problems });
  }
  const [closest] = verdicts.sort((a, b) => a.problems.length - b.problems.length);
  // Every trail had a problem (one that had none returned ok above).
  return explain(closest?.trail ?? {}, closest?.problems ?? [], trails.length);
};

const describe = (t: Trail) =>
  `${t.Name}: ${t.IsMultiRegionTrail ? 'multi-Region' : `in ${t.HomeRegion}`}, logging, write management events (Organizations events reach EventBridge)`;

function explain(trail: Trail, problems: readonly Problem[], count: number): CheckResult {
  const name = trail.Name ?? 'the trail';
  const others = count > 1 ? ` (closest of ${count} trails)` : '';
  const said = problems.map(
    (p) =>
      ({
        region: `covers ${trail.HomeRegion} only, not ${BILLING_REGION}`,
        logging: 'is not logging',
        management: 'logs no write management events',
      })[p],
  );
  const fixes: Record<Problem, string> = {
    region: `make it multi-Region: aws cloudtrail update-trail --name ${name} --is-multi-region-trail --region ${trail.HomeRegion}`,
    logging: `aws cloudtrail start-logging --name ${trail.TrailARN ?? name}`,
    management: `log management events (All or Write) on ${name}: CloudTrail console > Trails > ${name} > Management events`,
  };
  const first = problems[0] ?? 'logging';
  return fail(
    NAME,
    `trail ${name}${others} ${said.join(' and ')}: Organizations' API calls never reach the governance rule`,
    fixes[first],
  );
}
