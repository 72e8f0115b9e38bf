import type { CostRow } from '../../local/focus-csv.js';

/** An amount as the English emails print it, e.g. `$4,354.00` (a minus sign before the dollar). */
export function usd(amount: number): string {
  const text = Math.abs(amount).toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  return `${amount < 0 ? '-' : ''}$${text}`;
}

/** One account's usage over a period, computed from the rows (not by the handler). */
export interface ExpectedAccount {
  readonly id: string;
  readonly name: string;
  readonly amount: number;
  /** Usage by service, largest first. */
  readonly services: { service: string; amount: number }[];
}

/**
 * Usage (record type Usage only) per account from `from` (inclusive) to `to` (exclusive), summed in
 * millionths like the handler but independently of it, accounts and services largest first.
 */
export function expectedUsage(
  rows: Iterable<CostRow>,
  period: { from: string; to: string },
): { total: number; accounts: ExpectedAccount[] } {
  const by = new Map<string, { name: string; services: Map<string, number> }>();
  for (const r of rows) {
    if (r.recordType !== 'Usage' || r.date < period.from || r.date >= period.to) continue;
    const a = by.get(r.accountId) ?? { name: r.accountName, services: new Map<string, number>() };
    a.services.set(r.service, (a.services.get(r.service) ?? 0) + Math.round(r.cost * 1e6));
    by.set(r.accountId, a);
  }
  const accounts = [...by].map(([id, a]) => {
    const services = [...a.services]
      .map(([service, micros]) => ({ service, amount: micros / 1e6, micros }))
      .sort((x, y) => y.micros - x.micros);
    const micros = services.reduce((s, x) => s + x.micros, 0);
    return {
      id,
      name: a.name,
      micros,
      amount: micros / 1e6,
      services: services.map(({ service, amount }) => ({ service, amount })),
    };
  });
  accounts.sort((x, y) => y.micros - x.micros);
  const total = accounts.reduce((s, a) => s + a.micros, 0) / 1e6;
  return { total, accounts: accounts.map(({ micros: _m, ...a }) => a) };
}
