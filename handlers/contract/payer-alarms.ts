// Payer-side alarms: where AWS documents EstimatedCharges per member account (the management
// account's metric with `LinkedAccount`), an account's tiers can be watched from the management
// account. The governance code creates them, the edge accepts them, the tools read them back.
import { type ThresholdPair, TIERS, type Tier } from './member-template.js';

/** Where an account's alarms live. */
export type Placement = 'member' | 'payer';

/** The payer alarm of one account's tier: `<prefix><tier>-<account id>`, e.g. `billing-alarm-critical-210000000001`. */
export function payerAlarmName(prefix: string, tier: Tier, accountId: string): string {
  return `${prefix}${tier}-${accountId}`;
}

/** The tier and account a payer alarm name stands for, or undefined for any other name. */
export function parsePayerAlarmName(
  prefix: string,
  name: string,
): { readonly tier: Tier; readonly accountId: string } | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const m = /^(?<tier>warning|critical)-(?<accountId>\d{12})$/.exec(name.slice(prefix.length));
  const tier = TIERS.find((t) => t === m?.groups?.tier);
  const accountId = m?.groups?.accountId;
  return tier && accountId ? { tier, accountId } : undefined;
}

/** One payer alarm as it should be. */
export interface PayerAlarmSpec {
  readonly name: string;
  readonly accountId: string;
  readonly tier: Tier;
  readonly threshold: number;
}

/** An account's payer alarms for its thresholds: one per tier above zero. */
export function payerAlarmSpecs(
  prefix: string,
  accountId: string,
  thresholds: ThresholdPair,
): PayerAlarmSpec[] {
  return TIERS.filter((t) => thresholds[t] > 0).map((tier) => ({
    name: payerAlarmName(prefix, tier, accountId),
    accountId,
    tier,
    threshold: thresholds[tier],
  }));
}

/** The input of the scheduled governance run: reconcile drift and decide placements. */
export const GOVERNANCE_SWEEP_SOURCE = 'billing-alarm-forwarder.governance';
export const GOVERNANCE_SWEEP_DETAIL_TYPE = 'Scheduled Governance Sweep';
