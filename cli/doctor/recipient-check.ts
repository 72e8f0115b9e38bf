import {
  RecipientFeedback,
  type RecipientFeedbackRecord,
} from '../../handlers/lib/state/recipient-feedback.js';
import { type Check, ok, warn } from './check-result.js';
import { fromStateTable } from './stack-resource.js';

/** Recipients named in the check's line at most. */
const SHOWN = 5;

/**
 * Bounces, complaints and rejections SES reported for this tool's mail (its sending events, kept per
 * recipient by the alarm function): an address that bounces gets no alarm, and complaints put the
 * sender's reputation at risk.
 */
export const recipientFeedback: Check = async function recipientFeedback(c) {
  const name = 'recipients';
  const read = await fromStateTable(c, name, 'the recipients’ bounces and complaints', (table) =>
    new RecipientFeedback(c.dynamo, table).all(),
  );
  if (!('value' in read)) return read;
  const records: RecipientFeedbackRecord[] = read.value;
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
