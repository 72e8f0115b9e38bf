import { randomUUID } from 'node:crypto';
import { CLOUDTRAIL_API_CALL } from '../handlers/contract/launch-events.js';
import { UsageError } from './command.js';

/** Options of {@link sampleLaunch}. */
export interface SampleLaunchOptions {
  readonly account: string;
  readonly instanceType: string;
  readonly count: number;
  /** @default us-east-1 */
  readonly region?: string;
  readonly now?: Date;
}

/** One CloudTrail call: where, when, which service and call, and what it asked and answered. */
export interface SampleCall {
  readonly account: string;
  readonly region: string;
  readonly now: Date;
  /** The EventBridge source, e.g. `aws.ec2`. */
  readonly source: string;
  readonly eventSource: string;
  readonly eventName: string;
  readonly requestParameters: Record<string, unknown>;
  readonly responseElements: Record<string, unknown>;
}

/** A short random hex string, for ids. */
export const hex = (n: number) => randomUUID().replace(/-/g, '').slice(0, n);

/**
 * A successful API call as CloudTrail delivers it to EventBridge ("AWS API Call via CloudTrail")
 * and the member rule forwards it: an assumed-role caller, the call's request and response.
 */
export function cloudTrailCall(call: SampleCall) {
  const { account, region, now } = call;
  const time = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const session = 'alice@example.com';
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': CLOUDTRAIL_API_CALL,
    source: call.source,
    account,
    time,
    region,
    resources: [],
    detail: {
      eventVersion: '1.10',
      userIdentity: {
        type: 'AssumedRole',
        principalId: `AROA${hex(16).toUpperCase()}:${session}`,
        arn: `arn:aws:sts::${account}:assumed-role/ml-research-admin/${session}`,
        accountId: account,
        accessKeyId: `ASIA${hex(16).toUpperCase()}`,
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            principalId: `AROA${hex(16).toUpperCase()}`,
            arn: `arn:aws:iam::${account}:role/ml-research-admin`,
            accountId: account,
            userName: 'ml-research-admin',
          },
          attributes: { creationDate: time, mfaAuthenticated: 'false' },
        },
      },
      eventTime: time,
      eventSource: call.eventSource,
      eventName: call.eventName,
      awsRegion: region,
      sourceIPAddress: '203.0.113.10',
      userAgent: 'aws-cli/2.22.0 md/awscrt#0.23.4 ua/2.0 os/linux#6.8 md/arch#x86_64 lang/python#3.12.6',
      requestParameters: call.requestParameters,
      responseElements: call.responseElements,
      requestID: randomUUID(),
      eventID: randomUUID(),
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: account,
      eventCategory: 'Management',
      tlsDetails: {
        tlsVersion: 'TLSv1.3',
        cipherSuite: 'TLS_AES_128_GCM_SHA256',
        clientProvidedHostHeader: `${call.eventSource.replace('.amazonaws.com', '')}.${region}.amazonaws.com`,
      },
    },
  };
}

/**
 * A successful EC2 RunInstances as CloudTrail delivers it: the request's type and count
 * (`instancesSet.items[0]` with `minCount`/`maxCount`), and one response item per instance
 * launched, each with its type.
 */
export function sampleLaunch(options: SampleLaunchOptions) {
  const { account, instanceType, count } = options;
  if (!/^[a-z0-9][a-z0-9-]*\.[a-z0-9]+$/.test(instanceType))
    throw new UsageError(
      `--instance-type must be an EC2 instance type such as p5.48xlarge, got "${instanceType}"`,
    );
  if (!Number.isInteger(count) || count < 1 || count > 1000)
    throw new UsageError(`--count must be a whole number from 1 to 1000, got "${count}"`);
  const region = options.region ?? 'us-east-1';
  const now = options.now ?? new Date();
  return cloudTrailCall({
    account,
    region,
    now,
    source: 'aws.ec2',
    eventSource: 'ec2.amazonaws.com',
    eventName: 'RunInstances',
    requestParameters: {
      instancesSet: { items: [{ imageId: 'ami-0c1a7f89451184c8b', minCount: count, maxCount: count }] },
      instanceType,
      blockDeviceMapping: {},
      monitoring: { enabled: false },
      disableApiTermination: false,
      disableApiStop: false,
      clientToken: randomUUID(),
    },
    responseElements: {
      requestId: randomUUID(),
      reservationId: `r-${hex(17)}`,
      ownerId: account,
      groupSet: {},
      instancesSet: {
        items: Array.from({ length: count }, (_, i) => ({
          instanceId: `i-${hex(17)}`,
          imageId: 'ami-0c1a7f89451184c8b',
          instanceState: { code: 0, name: 'pending' },
          amiLaunchIndex: i,
          productCodes: {},
          instanceType,
          launchTime: now.getTime(),
          placement: { availabilityZone: `${region}a`, tenancy: 'default' },
          monitoring: { state: 'disabled' },
          stateReason: { code: 'pending', message: 'pending' },
          architecture: 'x86_64',
          rootDeviceType: 'ebs',
          rootDeviceName: '/dev/xvda',
          virtualizationType: 'hvm',
          hypervisor: 'xen',
          ebsOptimized: false,
          enaSupport: true,
          currentInstanceBootMode: 'uefi',
        })),
      },
    },
  });
}
