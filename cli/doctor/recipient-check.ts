import {
  RecipientFeedback,
  type RecipientFeedbackRecord,
} from '../../handlers/lib/state/recipient-feedback.js';
import { type Check, errorText, fail, ok, warn } from './check-result.js';
import { billingStackResource } from './stack-resource.js';

/** Recipients named in the check's line at most. */
const SHOWN = 5;

/**
 * Bounces, complaints and rejections SES reported for this tool's mail (its sending events, kept per
 * recipient by the alarm function): an address that bounces gets no alarm, and complaints put the
 * sender's reputation at risk.
 */
export const recipientFeedback: Check = async function recipientFeedback(c) {
  const name = 'recipients';
  const table = await billingStackResource(
    c,
    name,
    { type: 'AWS::DynamoDB::Table', noun: 'state table' },
    (err) =>
      fail(
        name,
        `cannot find the state table (${errorText(err)})`,
        'deploy the billing stack first (npx cdk deploy)',
      ),
  );
  if (typeof table !== 'string') return table;
  let records: RecipientFeedbackRecord[];
  try {
    records = await new RecipientFeedback(c.dynamo, table).all();
  } catch (err) {
    return fail(
      name,
      `cannot read the recipients' bounces and complaints in ${table} (${errorText(err)})`,
      'allow dynamodb:BatchGetItem on the state table',
    );
  }
  if (records.length === 0) return ok(name, 'SES reported no bounce, complaint or rejection');
  const line = records
    .slice(0, SHOWN)
    .map((r) => `${r.address} (${r.kind}: ${r.detail}; ${r.count}×, last ${r.at.slice(0, 10)})`)
    .join(', ');
  return warn(
    name,
    `${records.length} recipient(s) bounced, complained or were rejected: ${line}${records.length > SHOWN ? ', …' : ''}`,
    'fix or remove these addresses in the configuration (or the accounts’ recipients tags); SES suppresses addresses that keep bouncing',
  );
};
