import type { PagedCosts } from '../../handlers/lib/costs/cost-queries.js';

/** One account's answer: one day of EC2 usage whose amount is the account id's first three digits. */
export const accountAnswer = (account: string): PagedCosts => ({
  groups: [{ start: '2026-11-01', keys: ['Amazon EC2', 'Usage'], amount: Number(account.slice(0, 3)) }],
  accountNames: new Map(),
  units: new Set(['USD']),
  estimated: false,
});

/** A window's queries that answer every account ({@link accountAnswer}) and record each call's accounts. */
export function recordingQuery() {
  const calls: string[][] = [];
  return {
    calls,
    query: async (accounts: readonly string[]) => {
      calls.push([...accounts]);
      return new Map(accounts.map((a) => [a, accountAnswer(a)]));
    },
  };
}
