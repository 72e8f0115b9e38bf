import type { CostRow } from './focus-csv.js';

const SERVICES = [
  'Amazon Elastic Compute Cloud - Compute',
  'Amazon Simple Storage Service',
  'AWS Lambda',
  'Amazon Relational Database Service',
  'Amazon DynamoDB',
  'AmazonCloudWatch',
  'Amazon Virtual Private Cloud',
  'AWS Key Management Service',
];

/**
 * A large synthetic organisation for scale tests and the benchmark: `accounts` accounts with three
 * services each, daily costs from the first day of last month to yesterday, deterministic.
 */
export function generatedOrganisationCosts(accounts: number, now: Date, seed = 42): CostRow[] {
  let state = seed >>> 0;
  const rand = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1);
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const days: string[] = [];
  for (let t = start; t < end; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  const rows: CostRow[] = [];
  for (let i = 0; i < accounts; i++) {
    const accountId = String(300_000_000_000 + i);
    // Every 97th name carries markup and quotes, as real account names sometimes do.
    const accountName = i % 97 === 0 ? `team-${i} <R&D "lab">` : `team-${i}`;
    const scale = 2 + rand() * 60 * (i % 50 === 0 ? 20 : 1);
    const services = [0, 1, 2].map((k) => SERVICES[(i + k * 3) % SERVICES.length] as string);
    for (const date of days) {
      services.forEach((service, k) => {
        rows.push({
          date,
          accountId,
          accountName,
          service,
          recordType: 'Usage',
          cost: Math.round(scale * 0.6 ** k * (0.8 + rand() * 0.4) * 1e4) / 1e4,
          currency: 'USD',
        });
      });
    }
  }
  return rows;
}
