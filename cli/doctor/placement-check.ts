import { paginateListMetrics } from '@aws-sdk/client-cloudwatch';
import { paginateListAccounts } from '@aws-sdk/client-organizations';
import { BILLING_NAMESPACE, ESTIMATED_CHARGES } from '../../handlers/contract/billing.js';
import { type Check, errorText, fail, ok, warn } from './check-result.js';

const NAME = 'billing metric';
const LINKED_ACCOUNT = 'LinkedAccount';

/** Active member accounts (the management account is alarmed by the billing stack itself). */
async function memberAccounts(c: Parameters<Check>[0], management: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of paginateListAccounts({ client: c.orgs }, {}))
    for (const a of page.Accounts ?? [])
      if (a.Id && a.Id !== management && (a.State ?? a.Status) === 'ACTIVE') ids.push(a.Id);
  return ids;
}

/** Accounts the payer's `EstimatedCharges` carries a `LinkedAccount` dimension for. */
async function payerMetricAccounts(c: Parameters<Check>[0]): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const page of paginateListMetrics(
    { client: c.cloudwatch },
    { Namespace: BILLING_NAMESPACE, MetricName: ESTIMATED_CHARGES, Dimensions: [{ Name: LINKED_ACCOUNT }] },
  ))
    for (const m of page.Metrics ?? [])
      for (const d of m.Dimensions ?? []) if (d.Name === LINKED_ACCOUNT && d.Value) ids.add(d.Value);
  return ids;
}

/**
 * Where each account's billing metric exists, and what `alarms.placement` makes of it: the payer
 * side (ListMetrics with `LinkedAccount`, documented per linked account) against the member side (the
 * alarm states the "member alarms" check read; an account whose alarms never left INSUFFICIENT_DATA
 * is silent).
 */
export const billingMetric: Check = async function billingMetric(c, config, ctx) {
  let members: string[];
  let payer: Set<string>;
  try {
    members = await memberAccounts(c, config.organization.managementAccountId);
  } catch (err) {
    return fail(NAME, `cannot list the accounts (${errorText(err)})`, 'allow organizations:ListAccounts');
  }
  try {
    payer = await payerMetricAccounts(c);
  } catch (err) {
    return fail(
      NAME,
      `cannot list billing metrics (${errorText(err)})`,
      'allow cloudwatch:ListMetrics in us-east-1',
    );
  }
  const states = ctx.alarmStates ?? [];
  const reporting = new Set(states.filter((s) => s.state !== 'INSUFFICIENT_DATA').map((s) => s.accountId));
  const withPayer = members.filter((id) => payer.has(id));
  const silent = members.filter((id) => !reporting.has(id));
  const reported = members.length - silent.length;
  const memberSide = ctx.alarmStates
    ? `member alarms reported for ${reported} account(s), silent for ${silent.length}`
    : 'member alarm states unread (see "member alarms")';
  const facts = `payer metric for ${withPayer.length} of ${members.length} accounts; ${memberSide}`;
  const placement = config.alarms.placement;
  const list = (ids: readonly string[]) => `${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}`;

  if (placement === 'member') {
    if (silent.length === 0) return ok(NAME, `${facts} → placement member: every member alarm has data`);
    return warn(
      NAME,
      `${facts} → placement member: ${silent.length} account(s) without an alarm that has data (${list(silent)})`,
      'set alarms.placement: auto (or payer): AWS documents EstimatedCharges per linked account only in the management account',
    );
  }
  const covered = placement === 'payer' ? members : silent;
  const blind = covered.filter((id) => !payer.has(id));
  const outcome =
    placement === 'payer'
      ? `placement payer: ${members.length} account(s) alarmed from the management account`
      : `placement auto: ${silent.length} account(s) will get payer alarms`;
  if (blind.length > 0)
    return warn(
      NAME,
      `${facts} → ${outcome}, but ${blind.length} of them have no payer metric yet (${list(blind)})`,
      'AWS publishes an account’s metric after its first charges (a new account within a day); if it stays missing, check billing alerts in Billing preferences',
    );
  return ok(NAME, `${facts} → ${outcome}`);
};
