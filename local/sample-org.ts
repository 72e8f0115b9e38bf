import type { CostRow } from './focus-csv.js';
import { seededRandom } from './seeded-random.js';

/** An account of the bundled sample organisation. */
export interface SampleAccount {
  readonly id: string;
  readonly name: string;
  readonly ou: 'management' | 'workloads' | 'sandboxes';
  /** Typical daily spend. */
  readonly daily: number;
  /** Services it uses, the first ones most. */
  readonly services: readonly string[];
}

const S = {
  ec2: 'Amazon Elastic Compute Cloud - Compute',
  ebs: 'EC2 - Other',
  rds: 'Amazon Relational Database Service',
  s3: 'Amazon Simple Storage Service',
  lambda: 'AWS Lambda',
  ddb: 'Amazon DynamoDB',
  cw: 'AmazonCloudWatch',
  cf: 'Amazon CloudFront',
  eks: 'Amazon Elastic Container Service for Kubernetes',
  ecs: 'Amazon Elastic Container Service',
  elb: 'Elastic Load Balancing',
  vpc: 'Amazon Virtual Private Cloud',
  kms: 'AWS Key Management Service',
  sm: 'AWS Secrets Manager',
  sqs: 'Amazon Simple Queue Service',
  sns: 'Amazon Simple Notification Service',
  redshift: 'Amazon Redshift',
  glue: 'AWS Glue',
  athena: 'Amazon Athena',
  kinesis: 'Amazon Kinesis',
  es: 'Amazon OpenSearch Service',
  sagemaker: 'Amazon SageMaker',
  bedrock: 'Amazon Bedrock',
  route53: 'Amazon Route 53',
  waf: 'AWS WAF',
  guardduty: 'Amazon GuardDuty',
  config: 'AWS Config',
  cloudtrail: 'AWS CloudTrail',
  backup: 'AWS Backup',
  elasticache: 'Amazon ElastiCache',
  apigw: 'Amazon API Gateway',
  support: 'AWS Support (Business)',
} as const;

/** The sample organisation: 14 accounts in English, Korean and Japanese, 30+ services. */
export const SAMPLE_ACCOUNTS: readonly SampleAccount[] = [
  {
    id: '100000000001',
    name: 'Acme Holdings (management)',
    ou: 'management',
    daily: 22,
    services: [S.support, S.cloudtrail, S.config, S.guardduty, S.s3, S.kms],
  },
  {
    id: '210000000001',
    name: 'prod-payments',
    ou: 'workloads',
    daily: 185,
    services: [S.ec2, S.rds, S.ebs, S.elb, S.elasticache, S.cw, S.kms, S.sm, S.waf, S.vpc],
  },
  {
    id: '210000000002',
    name: '데이터 플랫폼 (운영)',
    ou: 'workloads',
    daily: 150,
    services: [S.redshift, S.glue, S.athena, S.s3, S.kinesis, S.ec2, S.cw],
  },
  {
    id: '210000000003',
    name: '本番-ECサイト',
    ou: 'workloads',
    daily: 120,
    services: [S.eks, S.ec2, S.cf, S.rds, S.elb, S.apigw, S.ddb, S.waf],
  },
  {
    id: '210000000004',
    name: 'shared-network',
    ou: 'workloads',
    daily: 60,
    services: [S.vpc, S.route53, S.elb, S.cw],
  },
  {
    id: '210000000005',
    name: 'ml-research',
    ou: 'workloads',
    daily: 95,
    // Amazon Bedrock starts this week, in us-west-2 (see NEW_SPEND): the report's "New this week".
    services: [S.sagemaker, S.glue, S.s3, S.ec2, S.ebs],
  },
  {
    id: '210000000006',
    name: '모바일 백엔드',
    ou: 'workloads',
    daily: 48,
    services: [S.lambda, S.ddb, S.apigw, S.sqs, S.sns, S.cw],
  },
  {
    id: '210000000007',
    name: 'ログ基盤',
    ou: 'workloads',
    daily: 40,
    services: [S.es, S.kinesis, S.s3, S.cw, S.lambda],
  },
  {
    id: '210000000008',
    name: 'security-tooling',
    ou: 'workloads',
    daily: 30,
    services: [S.guardduty, S.config, S.cloudtrail, S.kms, S.sm],
  },
  {
    id: '210000000009',
    name: 'staging-payments',
    ou: 'workloads',
    daily: 35,
    services: [S.ec2, S.rds, S.ebs, S.ecs, S.elb],
  },
  {
    id: '220000000001',
    name: 'R&D "Labs" <sandbox>',
    ou: 'sandboxes',
    daily: 9,
    services: [S.ec2, S.bedrock, S.s3, S.lambda],
  },
  {
    id: '220000000002',
    name: '개발자 샌드박스',
    ou: 'sandboxes',
    daily: 6,
    services: [S.lambda, S.ddb, S.s3, S.backup],
  },
  {
    id: '220000000003',
    name: '検証用サンドボックス',
    ou: 'sandboxes',
    daily: 5,
    services: [S.ec2, S.ecs, S.s3],
  },
  {
    id: '220000000004',
    name: 'intern-sandbox',
    ou: 'sandboxes',
    daily: 3,
    services: [S.lambda, S.s3, S.apigw],
  },
];

/**
 * Each sample service's one usage type, its unit and unit price, so the Cost Explorer stand-in
 * answers `UsageQuantity` by `USAGE_TYPE` for the drivers: quantity = cost ÷ price. EC2's spike
 * is one GPU instance (its own usage type, the price file's p5.48xlarge), so it reads as usage and
 * the demo's fast-burn estimate of its launch is reconciled with it.
 */
const USAGE_TYPES: Record<string, { usageType: string; unit: string; price: number }> = {
  [S.ec2]: { usageType: 'BoxUsage:m7i.xlarge', unit: 'Hrs', price: 0.2016 },
  [S.ebs]: { usageType: 'EBS:VolumeUsage.gp3', unit: 'GB-Mo', price: 0.08 },
  [S.rds]: { usageType: 'InstanceUsage:db.r6g.large', unit: 'Hrs', price: 0.225 },
  [S.s3]: { usageType: 'TimedStorage-ByteHrs', unit: 'GB-Mo', price: 0.023 },
  [S.lambda]: { usageType: 'Lambda-GB-Second', unit: 'Lambda-GB-Second', price: 0.0000166667 },
};
/** The spike's instance: one p5.48xlarge launched in prod-payments three days before the demo's moment. */
export const SPIKE_LAUNCH = { instanceType: 'p5.48xlarge', count: 1, daysBefore: 3 } as const;
const SPIKE_USAGE = { usageType: `BoxUsage:${SPIKE_LAUNCH.instanceType}`, unit: 'Hrs', price: 55.04 };

/** A usage row's usage type and quantity at its service's unit price (a generic one for the rest). */
function usageOf(service: string, cost: number, usage = USAGE_TYPES[service]) {
  const u = usage ?? {
    usageType: `${service.replace(/[^A-Za-z0-9]/g, '')}-Usage`,
    unit: 'Units',
    price: 0.01,
  };
  return { usageType: u.usageType, unit: u.unit, quantity: Math.round((cost / u.price) * 1000) / 1000 };
}

/** The account with a visible spike in the last three days. */
export const SPIKE_ACCOUNT = '210000000001';

/**
 * A service and a Region the account never used before, from four days before the demo's moment:
 * the report's "New this week" and the alarm's "First spend" ($412.00 in all).
 */
export const NEW_SPEND = {
  accountId: '210000000005',
  service: S.bedrock,
  region: 'us-west-2',
  daily: [98, 101, 104, 109],
} as const;

/** Services Cost Explorer puts in no Region. */
const GLOBAL_SERVICES: ReadonlySet<string> = new Set([S.support, S.route53, S.cf]);

/** Where an account runs: Seoul for Korean names, Tokyo for Japanese ones, else N. Virginia. */
function homeRegion(account: SampleAccount): string {
  if (/[\uac00-\ud7af]/.test(account.name)) return 'ap-northeast-2';
  if (/[\u3040-\u30ff\u4e00-\u9faf]/.test(account.name)) return 'ap-northeast-1';
  return 'us-east-1';
}

/** Days of history the sample holds. */
export const SAMPLE_DAYS = 60;

const day = (now: Date, offset: number) =>
  new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * Generates the sample organisation's costs for the {@link SAMPLE_DAYS} days before `now` (data
 * through yesterday, as Cost Explorer has it): weekday rhythm, a spike of EC2 in prod-payments in
 * the last three days, promotional credits in the sandboxes, one refund, and a service and a Region
 * new to ml-research in the last four days.
 */
export function sampleOrganisationCosts(now: Date): CostRow[] {
  const rand = seededRandom(20_261_122);
  const rows: CostRow[] = [];
  for (let offset = -SAMPLE_DAYS; offset <= -1; offset++) {
    const date = day(now, offset);
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    const rhythm = weekday === 0 || weekday === 6 ? 0.82 : 1.04;
    for (const account of SAMPLE_ACCOUNTS) {
      const growth = 1 + (offset + SAMPLE_DAYS) * 0.002;
      account.services.forEach((service, i) => {
        const weight = 0.55 ** i;
        const norm = account.services.reduce((s, _, j) => s + 0.55 ** j, 0);
        const cost = ((account.daily * weight) / norm) * rhythm * growth * (0.9 + rand() * 0.2);
        const usage = (amount: number, type = USAGE_TYPES[service]) => ({
          date,
          accountId: account.id,
          accountName: account.name,
          service,
          recordType: 'Usage',
          cost: Math.round(amount * 1e6) / 1e6,
          currency: 'USD',
          ...usageOf(service, Math.round(amount * 1e6) / 1e6, type),
          region: GLOBAL_SERVICES.has(service) ? 'global' : homeRegion(account),
        });
        rows.push(usage(cost));
        if (account.id === SPIKE_ACCOUNT && service === S.ec2 && offset >= -SPIKE_LAUNCH.daysBefore)
          rows.push(usage(1_150 + rand() * 100, SPIKE_USAGE));
      });
      if (account.ou === 'sandboxes' && offset % 7 === -1) {
        rows.push({
          date,
          accountId: account.id,
          accountName: account.name,
          service: account.services[0] ?? S.ec2,
          recordType: 'Credit',
          cost: -Math.round(account.daily * 5 * 100) / 100,
          currency: 'USD',
        });
      }
    }
    const fresh = NEW_SPEND.daily[offset + NEW_SPEND.daily.length];
    if (offset >= -NEW_SPEND.daily.length && fresh !== undefined) {
      const account = SAMPLE_ACCOUNTS.find((a) => a.id === NEW_SPEND.accountId);
      rows.push({
        date,
        accountId: NEW_SPEND.accountId,
        accountName: account?.name ?? NEW_SPEND.accountId,
        service: NEW_SPEND.service,
        recordType: 'Usage',
        cost: fresh,
        currency: 'USD',
        ...usageOf(NEW_SPEND.service, fresh),
        region: NEW_SPEND.region,
      });
    }
    if (offset === -9) {
      rows.push({
        date,
        accountId: '210000000003',
        accountName: '本番-ECサイト',
        service: S.cf,
        recordType: 'Refund',
        cost: -42.5,
        currency: 'USD',
      });
    }
  }
  return rows;
}

/**
 * The demo's moment: the 20th of the latest month that has reached it, at 09:00 UTC, so the demo
 * always shows a month with enough days to explain.
 */
export function demoNow(today = new Date()): Date {
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth();
  return today.getUTCDate() >= 20 ? new Date(Date.UTC(y, m, 20, 9)) : new Date(Date.UTC(y, m - 1, 20, 9));
}
