import * as z from 'zod/mini';
import { CLOUDTRAIL_API_CALL, LAUNCH_CALLS } from '../../contract/launch-events.js';
import { fieldsOf } from '../unknown-values.js';
import { RDS_ENGINES } from './price-queries.js';

/** One kind of capacity a launch starts: an instance type (or class) and how many. */
export interface LaunchItem {
  /** The instance type or class as the call names it, e.g. `p5.48xlarge`, `db.r6g.large`. */
  readonly type: string;
  readonly count: number;
  /**
   * How the Price List prices it: EC2 instances (RunInstances, EKS node groups), RDS and Aurora DB
   * instances, NAT gateways; the rest are named, not priced yet.
   */
  readonly priceAs: 'ec2Instance' | 'rdsInstance' | 'natGateway' | 'unpriced';
  /** An RDS instance's engine as the Price List names it (`databaseEngine`, e.g. `Aurora PostgreSQL`). */
  readonly engine?: string;
  /** An RDS instance's deployment (`deploymentOption`). */
  readonly deployment?: 'Single-AZ' | 'Multi-AZ';
}

/** A launch as the alert names it: who, what, where, when. */
export interface Launch {
  readonly eventId: string;
  readonly accountId: string;
  /** The Region the call was made in (CloudTrail's `awsRegion`). */
  readonly region: string;
  readonly at: string;
  /** The call, e.g. `ec2:RunInstances`. */
  readonly call: string;
  /** Who made it: the caller's ARN (an assumed role's session), else its principal id and type. */
  readonly who: string;
  /** What it starts; empty when the call does not say (StartInstances names instances, not types). */
  readonly items: LaunchItem[];
  /** Why `items` is empty or incomplete, for the answer and the email. */
  readonly unnamed?: string;
}

/** Why an event is not a launch to price: answered `skipped` with this reason. */
export interface NotALaunch {
  readonly skipped: string;
}

const envelopeSchema = z.lazy(() =>
  z.object({
    id: z.string().check(z.minLength(1), z.maxLength(256)),
    'detail-type': z.literal(CLOUDTRAIL_API_CALL),
    source: z.string(),
    account: z.string().check(z.regex(/^\d{12}$/)),
    time: z.optional(z.string()),
    region: z.optional(z.string()),
    detail: z.object({
      eventSource: z.string(),
      eventName: z.string(),
      awsRegion: z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/)),
      eventTime: z.optional(z.string()),
      errorCode: z.optional(z.string()),
      userIdentity: z.optional(
        z.object({
          type: z.optional(z.string()),
          arn: z.optional(z.string()),
          principalId: z.optional(z.string()),
          invokedBy: z.optional(z.string()),
        }),
      ),
      requestParameters: z.optional(z.nullable(z.unknown())),
      responseElements: z.optional(z.nullable(z.unknown())),
    }),
  }),
);

/** A positive whole number, or undefined. */
function countOf(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= 100_000 ? n : undefined;
}

/** A short instance type or class (`p5.48xlarge`, `db.r6g.large`, `ml.g5.xlarge`), or undefined. */
function typeOf(value: unknown): string | undefined {
  return typeof value === 'string' && /^[a-z0-9][a-z0-9.-]{1,40}$/.test(value) ? value : undefined;
}

/** The items of an EC2 `instancesSet` (CloudTrail writes lists as `{ items: [...] }`). */
function setItems(value: unknown): Record<string, unknown>[] {
  const items = fieldsOf(fieldsOf(value).instancesSet).items;
  return Array.isArray(items) ? items.map(fieldsOf) : [];
}

/** Adds `count` of `type` to `items`, merging equal types. */
function add(items: LaunchItem[], type: string, count: number, priceAs: LaunchItem['priceAs']): void {
  const same = items.findIndex((i) => i.type === type && i.priceAs === priceAs);
  const existing = items[same];
  if (existing) items[same] = { ...existing, count: existing.count + count };
  else items.push({ type, count, priceAs });
}

/**
 * An RDS CreateDBInstance: its class, priced by engine and deployment (`multiAZ`, as CloudTrail
 * writes the request's `MultiAZ`; `multiAz` accepted too). Aurora instances are priced per
 * instance (their cluster spans zones, the instance is `Single-AZ` in the price list); Oracle,
 * SQL Server and Db2 are named, not priced (edition and licence decide their price).
 */
function dbInstanceOf(request: Record<string, unknown>): { items: LaunchItem[]; unnamed?: string } {
  const type = typeOf(request.dBInstanceClass);
  if (!type) return { items: [], unnamed: 'the call names no DB instance class' };
  const engineName = typeof request.engine === 'string' ? request.engine.toLowerCase() : '';
  const engine = RDS_ENGINES[engineName];
  if (!engine)
    return {
      items: [{ type, count: 1, priceAs: 'unpriced' }],
      unnamed: engineName
        ? `the ${engineName.slice(0, 40)} engine is not priced by this version (edition and licence decide its price)`
        : 'the call names no engine',
    };
  const multiAz = request.multiAZ === true || request.multiAz === true;
  const deployment = multiAz && !engineName.startsWith('aurora') ? 'Multi-AZ' : 'Single-AZ';
  return { items: [{ type, count: 1, priceAs: 'rdsInstance', engine, deployment }] };
}

/**
 * What a launch call starts, from its request and response as CloudTrail records them.
 * RunInstances: the instances in the response (each with its type), else the request's type ×
 * maxCount (at most that many start: the estimate errs high). EKS CreateNodegroup: the first
 * instance type × desired size (EC2 prices). RDS CreateDBInstance: one instance of its class
 * (RDS prices); CreateNatGateway: one gateway (its hourly charge). Every other call is named with
 * its class or type and size when the request has them, and left unpriced.
 */
function itemsOf(
  name: string,
  request: Record<string, unknown>,
  response: Record<string, unknown>,
): { items: LaunchItem[]; unnamed?: string } {
  const items: LaunchItem[] = [];
  if (name === 'RunInstances') {
    const launched = setItems(response);
    for (const i of launched) {
      const type = typeOf(i.instanceType) ?? typeOf(request.instanceType);
      if (type) add(items, type, 1, 'ec2Instance');
    }
    if (launched.length === 0) {
      const type = typeOf(request.instanceType);
      const asked = setItems(request)[0];
      const count = countOf(asked?.maxCount) ?? countOf(asked?.minCount) ?? 1;
      if (type) add(items, type, count, 'ec2Instance');
    }
    return {
      items,
      ...(items.length === 0 ? { unnamed: 'the call names no instance type (a launch template?)' } : {}),
    };
  }
  if (name === 'CreateDBInstance') return dbInstanceOf(request);
  if (name === 'CreateNatGateway')
    return { items: [{ type: 'NAT gateway', count: 1, priceAs: 'natGateway' }] };
  if (name === 'CreateNodegroup') {
    const types = request.instanceTypes;
    const type = Array.isArray(types) ? typeOf(types[0]) : undefined;
    const scaling = fieldsOf(request.scalingConfig);
    const count = countOf(scaling.desiredSize) ?? countOf(scaling.minSize) ?? 1;
    if (type) add(items, type, count, 'ec2Instance');
    return { items, ...(items.length === 0 ? { unnamed: 'the node group names no instance type' } : {}) };
  }
  const type =
    typeOf(request.dBInstanceClass) ??
    typeOf(request.instanceType) ??
    typeOf(request.nodeType) ??
    typeOf(request.cacheNodeType) ??
    typeOf(fieldsOf(request.clusterConfig).instanceType);
  const count =
    countOf(request.numberOfNodes) ??
    countOf(request.numCacheNodes) ??
    countOf(request.desiredCount) ??
    countOf(request.desiredCapacity) ??
    countOf(fieldsOf(request.clusterConfig).instanceCount) ??
    countOf(fieldsOf(request.resourceConfig).instanceCount) ??
    countOf(request.modelUnits) ??
    1;
  if (type) add(items, type, count, 'unpriced');
  return {
    items,
    unnamed:
      name === 'StartInstances'
        ? 'StartInstances names instances, not their types'
        : name === 'CreateDBCluster'
          ? 'CreateDBCluster: an Aurora cluster’s instances are priced by their own CreateDBInstance calls; a Multi-AZ DB cluster is not priced by this version'
          : `${name} is recognised but not priced by this version`,
  };
}

/**
 * Reads a forwarded CloudTrail launch (EventBridge "AWS API Call via CloudTrail"): who made which
 * call, where, and what it starts. Anything else — another call, a refused call, a shape CloudTrail
 * does not write — is a {@link NotALaunch} with the reason.
 */
export function readLaunch(event: unknown): Launch | NotALaunch {
  const parsed = envelopeSchema.safeParse(event);
  if (!parsed.success) return { skipped: 'not a CloudTrail API call of the expected shape' };
  const { id, source, account, detail } = parsed.data;
  const calls = LAUNCH_CALLS.find((c) => c.source === source && c.eventSource === detail.eventSource);
  if (!calls?.eventNames.includes(detail.eventName))
    return { skipped: `not a launch: ${detail.eventSource} ${detail.eventName.slice(0, 80)}` };
  if (detail.errorCode)
    return { skipped: `the call failed (${detail.errorCode.slice(0, 80)}): nothing was launched` };
  const identity = detail.userIdentity ?? {};
  const who =
    identity.arn ??
    (identity.principalId ? `${identity.type ?? 'principal'} ${identity.principalId}` : undefined) ??
    identity.invokedBy ??
    'unknown caller';
  const { items, unnamed } = itemsOf(
    detail.eventName,
    fieldsOf(detail.requestParameters),
    fieldsOf(detail.responseElements),
  );
  return {
    eventId: id,
    accountId: account,
    region: detail.awsRegion,
    at: detail.eventTime ?? parsed.data.time ?? new Date(0).toISOString(),
    call: `${detail.eventSource.replace('.amazonaws.com', '')}:${detail.eventName}`,
    who: who.slice(0, 256),
    items,
    ...(unnamed ? { unnamed } : {}),
  };
}
