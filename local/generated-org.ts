import {
  addTo,
  type Coordinates,
  type CostData,
  type CostQueryPlan,
  dimensionValue,
  KEY_SEPARATOR,
  type NamedAccount,
} from './cost-data.js';
import type { CostRow } from './focus-csv.js';

/** Real service names first; a larger organisation's services are numbered after them. */
const SERVICE_NAMES = [
  'Amazon Elastic Compute Cloud - Compute',
  'Amazon Simple Storage Service',
  'AWS Lambda',
  'Amazon Relational Database Service',
  'Amazon DynamoDB',
  'AmazonCloudWatch',
  'Amazon Virtual Private Cloud',
  'AWS Key Management Service',
  'Amazon Elastic Container Service',
  'Amazon Elastic Kubernetes Service',
  'Amazon CloudFront',
  'Amazon Simple Queue Service',
  'Amazon Simple Notification Service',
  'AWS Glue',
  'Amazon Athena',
  'Amazon Redshift',
  'Amazon OpenSearch Service',
  'Amazon ElastiCache',
  'AWS Step Functions',
  'Amazon API Gateway',
  'Amazon Kinesis',
  'AWS Secrets Manager',
  'Amazon Route 53',
  'Amazon Elastic File System',
  'AWS Backup',
  'Amazon SageMaker',
  'Amazon Bedrock',
  'AWS Config',
  'AWS CloudTrail',
  'Amazon GuardDuty',
];

/** The first account id of a generated organisation. */
const FIRST_ACCOUNT = 300_000_000_000;
/** Weight units of the k-th service of an account (Zipf: a few services carry most of the cost). */
const weightOf = (k: number) => Math.max(1, Math.round(10_000 / (k + 1)));

/** Options of {@link generatedOrganisation}. */
export interface GeneratedOrganisationOptions {
  readonly accounts: number;
  /** Services per account. @default 3 */
  readonly services?: number;
  /** Costs run from the first day of last month to the day before `now` (UTC). */
  readonly now: Date;
  readonly seed?: number;
}

/** A generated organisation: cost data the stand-in answers from, and its rows for small checks. */
export interface GeneratedOrganisation extends CostData {
  readonly servicesPerAccount: number;
  /** Every cost as a row (accounts × services × days of them: for small organisations only). */
  rows(): Generator<CostRow>;
}

/**
 * A large synthetic organisation for scale tests and the benchmark, held in O(accounts × days)
 * numbers, never as rows: account `a` spends `u[a][d] × w(k)` millionths on day `d` on its k-th
 * service, service `(a + k) mod T` of `T = services + 5` in the organisation, with Zipf weights
 * `w`. Every 41st account also has a monthly credit. Deterministic for a seed; every sum is an exact
 * integer, so totals agree to the cent however they are grouped.
 */
export function generatedOrganisation(options: GeneratedOrganisationOptions): GeneratedOrganisation {
  const { accounts, now } = options;
  const S = Math.max(1, Math.floor(options.services ?? 3));
  const T = S + 5;
  const serviceName = (j: number) =>
    SERVICE_NAMES[j] ?? `Generated Service ${String(j + 1).padStart(3, '0')}`;
  const weights = Array.from({ length: S }, (_, k) => weightOf(k));
  const weightSum = weights.reduce((a, b) => a + b, 0);

  let state = (options.seed ?? 42) >>> 0;
  const rand = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
  const dates: string[] = [];
  const first = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1);
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (let t = first; t < end; t += 86_400_000) dates.push(new Date(t).toISOString().slice(0, 10));
  const D = dates.length;

  // u[a × D + d]: the account's day in weight units; the account spends u × weightSum that day.
  const units = new Float64Array(accounts * D);
  const credits: { account: number; day: number; micros: number }[] = [];
  for (let a = 0; a < accounts; a++) {
    const dollarsPerDay = 2 + rand() * 60 * (a % 50 === 0 ? 20 : 1);
    for (let d = 0; d < D; d++) {
      const micros = dollarsPerDay * (0.8 + rand() * 0.4) * 1e6;
      units[a * D + d] = Math.max(1, Math.round(micros / weightSum));
    }
    if (a % 41 === 7) {
      dates.forEach((date, d) => {
        if (date.endsWith('-01'))
          credits.push({ account: a, day: d, micros: -Math.round(dollarsPerDay * 2e6) });
      });
    }
  }

  const idOf = (a: number) => String(FIRST_ACCOUNT + a);
  const indexOf = (id: string) => {
    const a = Number(id) - FIRST_ACCOUNT;
    return /^\d{12}$/.test(id) && a >= 0 && a < accounts ? a : -1;
  };
  // Every 97th name carries markup and quotes, as real account names sometimes do.
  const nameOf = (a: number) => (a % 97 === 0 ? `team-${a} <R&D "lab">` : `team-${a}`);
  const serviceOf = (a: number, k: number) => (a + k) % T;

  /** The accounts a query can touch: the filter's own list when it has one, else all. */
  const candidates = (plan: CostQueryPlan): number[] => {
    if (!plan.accounts) return Array.from({ length: accounts }, (_, a) => a);
    return [...plan.accounts].map(indexOf).filter((a) => a >= 0);
  };

  const sum = (plan: CostQueryPlan): Map<string, number>[] => {
    const sums = Array.from({ length: plan.buckets }, () => new Map<string, number>());
    const bucketOfDay = Int32Array.from(dates, (d) =>
      d >= plan.start && d < plan.end ? plan.bucketOf(d) : -1,
    );
    const keyOf = (c: Coordinates) => plan.groupBy.map((dim) => dimensionValue(c, dim)).join(KEY_SEPARATOR);
    const perService = plan.filterUses.has('SERVICE');
    const list = candidates(plan);
    const usage = (a: number) => plan.where({ account: idOf(a), service: '', recordType: 'Usage' });

    if (!perService && !plan.groupBy.includes('SERVICE')) {
      // Grouped by account and/or record type: one sum per account and bucket.
      const perBucket = new Float64Array(plan.buckets);
      for (const a of list) {
        if (!usage(a)) continue;
        perBucket.fill(0);
        const present = new Uint8Array(plan.buckets);
        for (let d = 0; d < D; d++) {
          const b = bucketOfDay[d] as number;
          if (b < 0) continue;
          perBucket[b] = (perBucket[b] as number) + (units[a * D + d] as number);
          present[b] = 1;
        }
        const key = keyOf({ account: idOf(a), service: '', recordType: 'Usage' });
        for (let b = 0; b < plan.buckets; b++) {
          if (present[b]) addTo(sums[b] as Map<string, number>, key, (perBucket[b] as number) * weightSum);
        }
      }
    } else if (!perService && plan.groupBy.length === 1) {
      // Grouped by service: sum accounts by residue (a mod T), then spread the residues over services.
      const residues = new Float64Array(plan.buckets * T);
      const seen = new Uint8Array(plan.buckets * T);
      for (const a of list) {
        if (!usage(a)) continue;
        const r = a % T;
        for (let d = 0; d < D; d++) {
          const b = bucketOfDay[d] as number;
          if (b < 0) continue;
          residues[b * T + r] = (residues[b * T + r] as number) + (units[a * D + d] as number);
          seen[b * T + r] = 1;
        }
      }
      for (let b = 0; b < plan.buckets; b++) {
        for (let j = 0; j < T; j++) {
          let total = 0;
          let any = false;
          for (let k = 0; k < S; k++) {
            const r = (((j - k) % T) + T) % T;
            if (!seen[b * T + r]) continue;
            any = true;
            total += (residues[b * T + r] as number) * (weights[k] as number);
          }
          if (any) addTo(sums[b] as Map<string, number>, serviceName(j), total);
        }
      }
    } else {
      // Anything else, cell by cell: meant for filtered queries (one account's services).
      for (const a of list) {
        if (!perService && !usage(a)) continue;
        for (let k = 0; k < S; k++) {
          const c = { account: idOf(a), service: serviceName(serviceOf(a, k)), recordType: 'Usage' };
          if (perService && !plan.where(c)) continue;
          const key = keyOf(c);
          for (let d = 0; d < D; d++) {
            const b = bucketOfDay[d] as number;
            if (b >= 0)
              addTo(
                sums[b] as Map<string, number>,
                key,
                (units[a * D + d] as number) * (weights[k] as number),
              );
          }
        }
      }
    }

    for (const credit of credits) {
      const b = bucketOfDay[credit.day] as number;
      if (b < 0) continue;
      const c = {
        account: idOf(credit.account),
        service: serviceName(serviceOf(credit.account, 0)),
        recordType: 'Credit',
      };
      if (plan.accounts && !plan.accounts.has(c.account)) continue;
      if (plan.where(c)) addTo(sums[b] as Map<string, number>, keyOf(c), credit.micros);
    }
    return sums;
  };

  return {
    currency: 'USD',
    latestDate: dates[D - 1] ?? '',
    servicesPerAccount: S,
    accounts: (): NamedAccount[] =>
      Array.from({ length: accounts }, (_, a) => ({ id: idOf(a), name: nameOf(a) })),
    accountName: (id) => {
      const a = indexOf(id);
      return a < 0 ? undefined : nameOf(a);
    },
    sum,
    *rows() {
      for (let a = 0; a < accounts; a++) {
        for (let k = 0; k < S; k++) {
          for (let d = 0; d < D; d++) {
            yield {
              date: dates[d] as string,
              accountId: idOf(a),
              accountName: nameOf(a),
              service: serviceName(serviceOf(a, k)),
              recordType: 'Usage',
              cost: ((units[a * D + d] as number) * (weights[k] as number)) / 1e6,
              currency: 'USD',
            };
          }
        }
      }
      for (const credit of credits) {
        yield {
          date: dates[credit.day] as string,
          accountId: idOf(credit.account),
          accountName: nameOf(credit.account),
          service: serviceName(serviceOf(credit.account, 0)),
          recordType: 'Credit',
          cost: credit.micros / 1e6,
          currency: 'USD',
        };
      }
    },
  };
}
