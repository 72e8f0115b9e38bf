import { paginateListSubscriptionsByTopic } from '@aws-sdk/client-sns';
import { BILLING_STACK_NAME } from '../../handlers/contract/billing.js';
import { toError } from '../../handlers/lib/result.js';
import { type Check, errorText, fail, ok, warn } from './check-result.js';
import { billingStackResource } from './stack-resource.js';

const NAME = 'operator subscriptions';
/** SNS's SubscriptionArn for an email subscription nobody confirmed yet. */
const PENDING = 'PendingConfirmation';

/**
 * Dead letters and failed reports reach operators through the operator topic's email
 * subscriptions, and SNS delivers to an email subscription only once its owner clicked the link
 * AWS mailed: each configured `email.operatorRecipients` address needs a confirmed subscription.
 */
export const operatorSubscriptions: Check = async function operatorSubscriptions(c, config) {
  const operators = config.email.operatorRecipients;
  const topic = await billingStackResource(
    c,
    NAME,
    { type: 'AWS::SNS::Topic', logicalPrefix: 'OperatorTopic', noun: 'operator topic' },
    (err) =>
      toError(err).name === 'ValidationError'
        ? warn(
            NAME,
            `${BILLING_STACK_NAME} is not deployed: no operator topic yet`,
            'deploy first (npx cdk deploy), then each operator confirms the email AWS sends',
          )
        : fail(
            NAME,
            `cannot list the resources of ${BILLING_STACK_NAME} (${errorText(err)})`,
            'allow cloudformation:ListStackResources',
          ),
  );
  if (typeof topic !== 'string') return topic;
  if (operators.length === 0)
    return warn(
      NAME,
      'email.operatorRecipients is empty: nobody hears about dead letters or failed reports',
      'list at least one operator in email.operatorRecipients, then npx cdk deploy',
    );
  const confirmed = new Set<string>();
  const pending = new Set<string>();
  try {
    for await (const page of paginateListSubscriptionsByTopic({ client: c.sns }, { TopicArn: topic }))
      for (const s of page.Subscriptions ?? []) {
        if (!s.Endpoint || !s.Protocol?.startsWith('email')) continue;
        (s.SubscriptionArn === PENDING ? pending : confirmed).add(s.Endpoint.toLowerCase());
      }
  } catch (err) {
    return fail(
      NAME,
      `cannot list the subscriptions of ${topic} (${errorText(err)})`,
      'allow sns:ListSubscriptionsByTopic',
    );
  }
  const unconfirmed = operators.filter((a) => !confirmed.has(a.toLowerCase()));
  if (unconfirmed.length === 0)
    return ok(NAME, `${operators.length} operator(s) confirmed on the operator topic`);
  const named = unconfirmed.map(
    (a) => `${a} (${pending.has(a.toLowerCase()) ? 'pending' : 'no subscription'})`,
  );
  return fail(
    NAME,
    `${unconfirmed.length} of ${operators.length} operator(s) not confirmed: ${named.join(', ')}; SNS mails nothing to them`,
    `each operator clicks the confirmation link AWS mailed (or re-send: aws sns subscribe --topic-arn ${topic} --protocol email --notification-endpoint ${unconfirmed[0]})`,
  );
};
