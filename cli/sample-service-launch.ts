import { randomUUID } from 'node:crypto';
import { UsageError } from './command.js';
import { cloudTrailCall, hex } from './sample-launch.js';

/** Options of {@link sampleDbLaunch}. */
export interface SampleDbLaunchOptions {
  readonly account: string;
  /** The DB instance class, e.g. `db.r6g.xlarge`. */
  readonly dbClass: string;
  /** The RDS engine as CreateDBInstance takes it, e.g. `postgres`, `aurora-postgresql`. */
  readonly engine: string;
  readonly multiAz: boolean;
  /** @default us-east-1 */
  readonly region?: string;
  readonly now?: Date;
}

/**
 * A successful RDS CreateDBInstance as CloudTrail records it: the request's class, engine and
 * `multiAZ` (the password hidden, as CloudTrail hides it), the new instance in the response.
 */
export function sampleDbLaunch(options: SampleDbLaunchOptions) {
  const { account, dbClass, engine, multiAz } = options;
  if (!/^db\.[a-z0-9-]+\.[a-z0-9]+$/.test(dbClass))
    throw new UsageError(`--db-class must be a DB instance class such as db.r6g.xlarge, got "${dbClass}"`);
  if (!/^[a-z][a-z0-9-]{1,30}$/.test(engine))
    throw new UsageError(`--engine must be an RDS engine such as postgres or aurora-mysql, got "${engine}"`);
  const id = `db-${hex(8)}`;
  const aurora = engine.startsWith('aurora');
  return cloudTrailCall({
    account,
    region: options.region ?? 'us-east-1',
    now: options.now ?? new Date(),
    source: 'aws.rds',
    eventSource: 'rds.amazonaws.com',
    eventName: 'CreateDBInstance',
    requestParameters: {
      dBInstanceIdentifier: id,
      dBInstanceClass: dbClass,
      engine,
      ...(aurora
        ? { dBClusterIdentifier: `cluster-${hex(8)}` }
        : { allocatedStorage: 100, multiAZ: multiAz }),
      masterUsername: 'admin',
      masterUserPassword: 'HIDDEN_DUE_TO_SECURITY_REASONS',
    },
    responseElements: {
      dBInstanceIdentifier: id,
      dBInstanceClass: dbClass,
      engine,
      dBInstanceStatus: 'creating',
      multiAZ: aurora ? false : multiAz,
      dbiResourceId: `db-${hex(26).toUpperCase()}`,
    },
  });
}

/** A successful EC2 CreateNatGateway as CloudTrail records it (EC2's newer calls wrap request and response). */
export function sampleNatLaunch(options: { account: string; region?: string; now?: Date }) {
  const region = options.region ?? 'us-east-1';
  const subnet = `subnet-${hex(17)}`;
  return cloudTrailCall({
    account: options.account,
    region,
    now: options.now ?? new Date(),
    source: 'aws.ec2',
    eventSource: 'ec2.amazonaws.com',
    eventName: 'CreateNatGateway',
    requestParameters: {
      CreateNatGatewayRequest: {
        SubnetId: subnet,
        AllocationId: `eipalloc-${hex(17)}`,
        ClientToken: randomUUID(),
      },
    },
    responseElements: {
      CreateNatGatewayResponse: {
        natGateway: {
          natGatewayId: `nat-${hex(17)}`,
          subnetId: subnet,
          state: 'pending',
          connectivityType: 'public',
        },
      },
    },
  });
}
