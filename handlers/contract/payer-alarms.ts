// Payer-side alarms: where AWS documents EstimatedCharges per member account (the management
// account's metric with `LinkedAccount`), an account's rungs can be watched from the management
// account. The governance code creates them, the edge accepts them, the tools read them back.
import { alarmedRungs, DAILY_RUNG, type Ladder, RUNG_SLUG_SOURCE, rungOfSlug, rungSlug } from './ladder.js';

/** Where an account's alarms live. */
export type Placement = 'member' | 'payer';

/** The payer alarm of one account's rung: `<prefix><rung>-<account id>`, e.g. `billing-alarm-120pct-210000000001`. */
export function payerAlarmName(prefix: string, rung: string, accountId: string): string {
  return `${prefix}${rungSlug(rung)}-${accountId}`;
}

/** The rung (or `daily`) and account a payer alarm name stands for, or undefined for any other name. */
export function parsePayerAlarmName(
  prefix: string,
  name: string,
): { readonly rung: string; readonly accountId: string } | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const m = new RegExp(`^(?<slug>${RUNG_SLUG_SOURCE}|${DAILY_RUNG})-(?<accountId>\\d{12})$`).exec(
    name.slice(prefix.length),
  );
  const slug = m?.groups?.slug;
  const rung = slug === undefined ? undefined : slug === DAILY_RUNG ? DAILY_RUNG : rungOfSlug(slug);
  const accountId = m?.groups?.accountId;
  return rung && accountId ? { rung, accountId } : undefined;
}

/** One payer alarm as it should be. */
export interface PayerAlarmSpec {
  readonly name: string;
  readonly accountId: string;
  readonly rung: string;
  readonly threshold: number;
}

/** An account's payer alarms for its ladder: one per used rung, and its daily-rate alarm (`<prefix>daily-<id>`). */
export function payerAlarmSpecs(prefix: string, accountId: string, ladder: Ladder): PayerAlarmSpec[] {
  return alarmedRungs(ladder).map((r) => ({
    name: payerAlarmName(prefix, r.name, accountId),
    accountId,
    rung: r.name,
    threshold: r.threshold,
  }));
}

/** The input of the scheduled governance run: reconcile drift and decide placements. */
export const GOVERNANCE_SWEEP_SOURCE = 'billing-alarm-forwarder.governance';
export const GOVERNANCE_SWEEP_DETAIL_TYPE = 'Scheduled Governance Sweep';
