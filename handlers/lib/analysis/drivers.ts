import { cents, sum } from '../costs/money.js';
import type { ServiceCosts, UsageTypeCosts } from '../costs/usage-types.js';

/** The three kinds of cause a change is split into. */
export type DriverKind = 'usage' | 'rate' | 'credits';

/** One usage type's share of a change: its quantity change and what more or less of it cost. */
export interface UsageTypeDriver {
  readonly usageType: string;
  readonly unit: string;
  readonly quantityDelta: number;
  /** Δquantity × last period's unit cost. */
  readonly usage: number;
  /** This period's quantity × Δunit cost (or the cost change of a usage type without quantity). */
  readonly rate: number;
  readonly mixedUnits: boolean;
}

/**
 * A service's change split into usage, rate and credits/discounts/commitments, in cents. The
 * three parts sum to `change` exactly: each usage type's parts are computed unrounded, the usage
 * and credits parts are rounded to the cent, and the rounding residue is carried by the rate part
 * (`residue`, at most a few cents).
 */
export interface ServiceDrivers {
  readonly service: string;
  readonly before: number;
  readonly after: number;
  readonly change: number;
  readonly usage: number;
  readonly rate: number;
  readonly credits: number;
  /** What rounding put into `rate` so that the parts sum to `change` (cents). */
  readonly residue: number;
  /** The part with the largest magnitude: what the change mostly is. */
  readonly mostly: DriverKind;
  /** The usage types by the magnitude of their usage part, largest first. */
  readonly usageTypes: UsageTypeDriver[];
  /** Some usage type summed more than one unit: its split is a stated limit. */
  readonly mixedUnits: boolean;
}

/**
 * Splits one usage type's cost change c₁ − c₀ into usage (q₁ − q₀) × p₀ and rate q₁ × (p₁ − p₀),
 * where p = c ÷ q. Without last period's quantity there is no unit cost to price the change at:
 * new usage (q₁ > 0) is all usage, a cost without any quantity is all rate.
 */
export function splitUsageType(u: UsageTypeCosts): UsageTypeDriver {
  const change = sum([u.after.cost, -u.before.cost]);
  const quantityDelta = sum([u.after.quantity, -u.before.quantity]);
  let usage: number;
  if (u.before.quantity !== 0) usage = quantityDelta * (u.before.cost / u.before.quantity);
  else usage = u.after.quantity !== 0 ? change : 0;
  return {
    usageType: u.usageType,
    unit: u.unit,
    quantityDelta,
    usage,
    rate: change - usage,
    mixedUnits: u.mixedUnits,
  };
}

const toCents = (v: number) => Math.round(cents(v) * 100);

/** Splits a service's change (priced usage and its adjustments) into the three typed parts. */
export function serviceDrivers(costs: ServiceCosts): ServiceDrivers {
  const usageTypes = costs.usageTypes.map(splitUsageType);
  const before = sum([...costs.usageTypes.map((u) => u.before.cost), costs.adjustments.before]);
  const after = sum([...costs.usageTypes.map((u) => u.after.cost), costs.adjustments.after]);
  const changeCents = toCents(after) - toCents(before);
  const usageCents = toCents(usageTypes.reduce((t, u) => t + u.usage, 0));
  const creditsCents = toCents(sum([costs.adjustments.after, -costs.adjustments.before]));
  const rawRate = usageTypes.reduce((t, u) => t + u.rate, 0);
  const rateCents = changeCents - usageCents - creditsCents;
  const parts: [DriverKind, number][] = [
    ['usage', usageCents],
    ['rate', rateCents],
    ['credits', creditsCents],
  ];
  const mostly = parts.reduce((best, p) => (Math.abs(p[1]) > Math.abs(best[1]) ? p : best))[0];
  return {
    service: costs.service,
    before: cents(before),
    after: cents(after),
    change: changeCents / 100,
    usage: usageCents / 100,
    rate: rateCents / 100,
    credits: creditsCents / 100,
    residue: (rateCents - toCents(rawRate)) / 100,
    mostly,
    usageTypes: usageTypes
      .filter((u) => u.usage !== 0 || u.rate !== 0)
      .sort((x, y) => Math.abs(y.usage) - Math.abs(x.usage) || x.usageType.localeCompare(y.usageType)),
    mixedUnits: usageTypes.some((u) => u.mixedUnits),
  };
}

/** The services that moved most between two periods (by the magnitude of the change), at most `n`. */
export function topChanges<T extends { name: string; current: number; comparison: number }>(
  rows: readonly T[],
  n: number,
): string[] {
  return rows
    .map((r) => ({ name: r.name, delta: r.current - r.comparison }))
    .filter((r) => Math.abs(r.delta) >= 0.005)
    .sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || x.name.localeCompare(y.name))
    .slice(0, n)
    .map((r) => r.name);
}

/** Each service's drivers, in the order given (services with no change left out). */
export function driversOf(costs: readonly ServiceCosts[]): ServiceDrivers[] {
  return costs.map(serviceDrivers).filter((d) => d.change !== 0 || d.usage !== 0 || d.credits !== 0);
}

/** AWS's driver types that are usage: the rest that it names are credits, discounts or commitments. */
const AWS_USAGE_TYPES = new Set(['USAGE_CHANGE']);
/** AWS's driver types that are neither usage nor a credit, discount or commitment: counted with rate. */
const AWS_OTHER_TYPES = new Set(['TAX', 'SUPPORT_FEE', 'OUT_OF_CYCLE_CHARGE']);

/**
 * Cost Explorer's own comparison drivers in the typed shape: per service, `USAGE_CHANGE` is usage,
 * credits, refunds, discounts, reservations and Savings Plans are credits, and what AWS's drivers do
 * not explain of the selector's difference (price changes, tax, support) is rate, so the parts sum
 * to the change. Services in order of the size of their change.
 */
export function comparisonDriversOf(
  comparisons: readonly {
    service: string;
    usageType: string;
    baseline: number;
    comparison: number;
    drivers: readonly { type: string; name: string; difference: number }[];
  }[],
  limit: number,
): ServiceDrivers[] {
  const per = new Map<
    string,
    { before: number[]; after: number[]; usage: number[]; credits: number[]; types: Map<string, number> }
  >();
  for (const c of comparisons) {
    const e = per.get(c.service) ?? {
      before: [],
      after: [],
      usage: [],
      credits: [],
      types: new Map<string, number>(),
    };
    per.set(c.service, e);
    e.before.push(c.baseline);
    e.after.push(c.comparison);
    for (const d of c.drivers) {
      if (AWS_USAGE_TYPES.has(d.type)) {
        e.usage.push(d.difference);
        e.types.set(c.usageType || d.name, sum([e.types.get(c.usageType || d.name) ?? 0, d.difference]));
      } else if (!AWS_OTHER_TYPES.has(d.type)) e.credits.push(d.difference);
    }
  }
  const rows = [...per].map(([service, e]): ServiceDrivers => {
    const before = cents(sum(e.before));
    const after = cents(sum(e.after));
    const changeCents = Math.round(after * 100) - Math.round(before * 100);
    const usageCents = toCents(sum(e.usage));
    const creditsCents = toCents(sum(e.credits));
    const rateCents = changeCents - usageCents - creditsCents;
    const parts: [DriverKind, number][] = [
      ['usage', usageCents],
      ['rate', rateCents],
      ['credits', creditsCents],
    ];
    return {
      service,
      before,
      after,
      change: changeCents / 100,
      usage: usageCents / 100,
      rate: rateCents / 100,
      credits: creditsCents / 100,
      residue: 0,
      mostly: parts.reduce((best, p) => (Math.abs(p[1]) > Math.abs(best[1]) ? p : best))[0],
      // AWS gives no quantities: the usage types are named with their cost, not hours.
      usageTypes: [...e.types]
        .map(([usageType, usage]) => ({
          usageType,
          unit: '',
          quantityDelta: 0,
          usage,
          rate: 0,
          mixedUnits: false,
        }))
        .sort((x, y) => Math.abs(y.usage) - Math.abs(x.usage)),
      mixedUnits: false,
    };
  });
  return rows
    .filter((d) => d.change !== 0)
    .sort((x, y) => Math.abs(y.change) - Math.abs(x.change) || x.service.localeCompare(y.service))
    .slice(0, limit);
}
