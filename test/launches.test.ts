import { GetProductsCommand } from '@aws-sdk/client-pricing';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleLaunch } from '../cli/sample-launch.js';
import { pricingClient } from '../cli/stand-in-clients.js';
import { fastBurnFor } from '../handlers/contract/config/fast-burn-policy.js';
import { parseConfig } from '../handlers/contract/config/load.js';
import { twoTierLadder } from '../handlers/contract/ladder.js';
import { isLaunchEvent } from '../handlers/lib/alarm/event-kinds.js';
import { decideFastBurn } from '../handlers/lib/launches/fast-burn.js';
import { readLaunch } from '../handlers/lib/launches/launch-event.js';
import { hourlyPriceOf } from '../handlers/lib/launches/price-list.js';
import { ec2Filters } from '../handlers/lib/launches/price-queries.js';
import { found, missing } from '../handlers/lib/result.js';
import { getProducts, type PricingStandIn, readPriceFile, startPricing } from '../local/pricing-server.js';
import { MemberAccountStack } from '../stackset-templates/member-account-stack.js';
import { exampleConfigInput } from './helpers/config.js';
import { buildTestApp } from './helpers/synth.js';

const ACCOUNT = '210000000001';
const now = new Date('2026-11-20T09:00:00Z');
/** A launch event with its CloudTrail detail changed by `edit`. */
const launchWith = (edit: (detail: Record<string, any>) => void) => {
  const event = sampleLaunch({ account: ACCOUNT, instanceType: 'p5.48xlarge', count: 2, now }) as Record<
    string,
    any
  >;
  edit(event.detail);
  return event;
};

describe('reading a forwarded launch', () => {
  it('names who, what (type × count) and where of a RunInstances', () => {
    const event = sampleLaunch({ account: ACCOUNT, instanceType: 'p5.48xlarge', count: 2, now });

    const launch = readLaunch(event);

    expect(isLaunchEvent(event)).toBe(true);
    expect(launch).toMatchObject({
      accountId: ACCOUNT,
      region: 'us-east-1',
      call: 'ec2:RunInstances',
      who: `arn:aws:sts::${ACCOUNT}:assumed-role/ml-research-admin/alice@example.com`,
      items: [{ type: 'p5.48xlarge', count: 2, priceAs: 'ec2Instance' }],
    });
  });

  it('skips a refused call, another call and a shape CloudTrail does not write, each with its reason', () => {
    expect(
      readLaunch(launchWith((d) => Object.assign(d, { errorCode: 'InsufficientInstanceCapacity' }))),
    ).toEqual({
      skipped: 'the call failed (InsufficientInstanceCapacity): nothing was launched',
    });
    expect(readLaunch(launchWith((d) => Object.assign(d, { eventName: 'DescribeInstances' })))).toEqual({
      skipped: 'not a launch: ec2.amazonaws.com DescribeInstances',
    });
    expect(readLaunch(launchWith((d) => Object.assign(d, { awsRegion: 'nowhere' })))).toEqual({
      skipped: 'not a CloudTrail API call of the expected shape',
    });
    expect(isLaunchEvent({ source: 'aws.cloudwatch', 'detail-type': 'AWS API Call via CloudTrail' })).toBe(
      false,
    );
  });

  it('reads the request when the response has no instances, and an EKS node group as EC2 instances', () => {
    const fromRequest = readLaunch(
      launchWith((d) => {
        d.responseElements = null;
      }),
    );
    const nodegroupEvent = launchWith((d) => {
      Object.assign(d, { eventSource: 'eks.amazonaws.com', eventName: 'CreateNodegroup' });
      d.requestParameters = {
        instanceTypes: ['p4d.24xlarge'],
        scalingConfig: { desiredSize: 3, minSize: 1 },
      };
    });
    nodegroupEvent.source = 'aws.eks';

    expect(fromRequest).toMatchObject({ items: [{ type: 'p5.48xlarge', count: 2 }] });
    expect(readLaunch(nodegroupEvent)).toMatchObject({
      items: [{ type: 'p4d.24xlarge', count: 3 }],
    });
  });

  it('names what StartInstances and RDS start without pricing them, and says why', () => {
    const start = readLaunch(
      launchWith((d) => {
        d.eventName = 'StartInstances';
        d.requestParameters = { instancesSet: { items: [{ instanceId: 'i-1' }] } };
      }),
    );
    const rdsEvent = launchWith((d) => {
      Object.assign(d, { eventSource: 'rds.amazonaws.com', eventName: 'CreateDBInstance' });
      d.requestParameters = { dBInstanceClass: 'db.r6g.4xlarge', engine: 'oracle-ee', multiAZ: true };
    });
    rdsEvent.source = 'aws.rds';

    expect(start).toMatchObject({ items: [], unnamed: 'StartInstances names instances, not their types' });
    expect(readLaunch(rdsEvent)).toMatchObject({
      items: [{ type: 'db.r6g.4xlarge', count: 1, priceAs: 'unpriced' }],
      unnamed: 'the oracle-ee engine is not priced by this version (edition and licence decide its price)',
    });
  });
});

describe('deciding on the last hour of launches', () => {
  const policy = { enabled: true, hourlyLimit: 50, horizonDays: 7 };
  const ladder = twoTierLadder(2000, 3000);

  it('alerts above the hourly limit, and when the rate crosses the next rung within the horizon', () => {
    const over = decideFastBurn({ windowHourly: 110.08, policy, ladder, monthToDate: found(100), now });
    const crossing = decideFastBurn({ windowHourly: 10, policy, ladder, monthToDate: found(1000), now });

    expect(over).toMatchObject({ alert: true, overLimit: true });
    // (2000 − 1000) / (10 × 24) = 4.17 days, within 7.
    expect(crossing).toMatchObject({
      alert: true,
      overLimit: false,
      crossing: { rung: { name: 'warning' }, on: '2026-11-24' },
    });
  });

  it('does not alert for an immaterial rate or a crossing past the horizon, and says what it could not check', () => {
    // 0.0104 × 24 × 7 = $1.75, under 1 % of the $2,000 rung even though month to date is $1 short of it.
    const tiny = decideFastBurn({ windowHourly: 0.0104, policy, ladder, monthToDate: found(1999), now });
    const late = decideFastBurn({ windowHourly: 5, policy, ladder, monthToDate: found(100), now });
    const unknown = decideFastBurn({
      windowHourly: 5,
      policy,
      ladder,
      monthToDate: missing('Cost Explorer timeout'),
      now,
    });

    expect(tiny).toMatchObject({ alert: false });
    expect(late).toMatchObject({
      alert: false,
      reason: expect.stringContaining('cross no rung within 7 days'),
    });
    expect(unknown).toMatchObject({
      alert: false,
      reason: expect.stringContaining('month to date unknown: Cost Explorer timeout'),
    });
  });

  it('takes fastBurn field by field from the account, its OU, then the default', () => {
    const input = exampleConfigInput() as Record<string, any>;
    input.thresholds.default.fastBurn = { enabled: true, hourlyLimit: 80 };
    input.thresholds.organizationalUnits[0].fastBurn = { horizonDays: 3 };
    input.thresholds.accounts[0].fastBurn = { enabled: false };
    const config = parseConfig(input);
    const ou = input.thresholds.organizationalUnits[0].id;

    expect(fastBurnFor(config, '999999999999', ou)).toEqual({
      enabled: true,
      hourlyLimit: 80,
      horizonDays: 3,
    });
    expect(fastBurnFor(config, input.thresholds.accounts[0].id)).toEqual({
      enabled: false,
      hourlyLimit: 80,
      horizonDays: 7,
    });
    expect(() =>
      parseConfig({
        ...input,
        thresholds: { ...input.thresholds, default: { critical: 1, fastBurn: { horizonDays: 0 } } },
      }),
    ).toThrow(/horizonDays/);
    expect(() =>
      parseConfig({
        ...input,
        thresholds: { ...input.thresholds, default: { critical: 1, fastBurn: { limit: 5 } } },
      }),
    ).toThrow(/allowed keys: enabled, hourlyLimit, horizonDays/);
  });
});

describe('the Price List stand-in (GetProducts as the API reference documents it)', () => {
  let standIn: PricingStandIn;
  beforeAll(async () => {
    standIn = await startPricing();
  });
  afterAll(() => standIn.stop());
  const products = readPriceFile();

  it('answers the Linux products of a type with their SKU, price and effective date', async () => {
    const client = pricingClient(standIn, { accessKeyId: 'local-alarm', secretAccessKey: 'x' });

    const out = await client.send(
      new GetProductsCommand({
        ServiceCode: 'AmazonEC2',
        Filters: ec2Filters('p5.48xlarge', 'us-east-1'),
        FormatVersion: 'aws_v1',
        MaxResults: 10,
      }),
    );

    expect(out.FormatVersion).toBe('aws_v1');
    // The on-demand row and the Capacity Block row ($0.00) both match the seven filters.
    expect(out.PriceList?.map((e: string) => hourlyPriceOf(e, 'USD')?.perHour)).toEqual([55.04, 0]);
    expect(hourlyPriceOf(out.PriceList?.[0], 'USD')).toEqual({
      perHour: 55.04,
      currency: 'USD',
      sku: '3D4V8UAYEMB38GU2',
      effectiveDate: '2026-09-01T00:00:00Z',
      description: '$55.04 per On Demand Linux p5.48xlarge Instance Hour',
      source: 'AWS Price List API (AmazonEC2)',
      // What the bill names its hours by: the report reconciles the estimate on it.
      usageType: 'BoxUsage:p5.48xlarge',
    });
  });

  it('pages with NextToken and refuses what AWS refuses: MaxResults over 100, another format, another request’s token', () => {
    const rds = products.filter((p) => p.serviceCode === 'AmazonRDS').length;
    const first = getProducts(products, { ServiceCode: 'AmazonRDS', MaxResults: 4 });
    const second = getProducts(products, {
      ServiceCode: 'AmazonRDS',
      MaxResults: 4,
      NextToken: first.NextToken,
    });

    expect(rds).toBeGreaterThan(4);
    expect(first.PriceList).toHaveLength(4);
    expect(second.PriceList).toHaveLength(rds - 4);
    expect(second.NextToken).toBeUndefined();
    expect(() => getProducts(products, { ServiceCode: 'AmazonEC2', MaxResults: 101 })).toThrow(
      /MaxResults must be 1 to 100/,
    );
    expect(() => getProducts(products, { ServiceCode: 'AmazonEC2', FormatVersion: 'aws_v2' })).toThrow(
      /aws_v1/,
    );
    expect(() => getProducts(products, { ServiceCode: 'AmazonEC2', NextToken: first.NextToken })).toThrow(
      /NextToken/,
    );
    expect(() => getProducts(products, {})).toThrow(/ServiceCode is required/);
  });

  it('refuses a client signed for a Region without a Price List endpoint', async () => {
    const client = pricingClient(standIn, { accessKeyId: 'local-alarm', secretAccessKey: 'x' });
    client.config.region = async () => 'eu-west-1';

    await expect(client.send(new GetProductsCommand({ ServiceCode: 'AmazonEC2' }))).rejects.toThrow(
      /no endpoint in eu-west-1/,
    );
  });
});

describe('fast burn in the templates', () => {
  it('the member template forwards the launch calls only when FastBurnAlerts is enabled', () => {
    const template = Template.fromStack(new MemberAccountStack(new App(), 'Member'));

    template.hasParameter('FastBurnAlerts', { Default: 'disabled', AllowedValues: ['enabled', 'disabled'] });
    template.hasCondition('ForwardsLaunches', { 'Fn::Equals': [{ Ref: 'FastBurnAlerts' }, 'enabled'] });
    template.hasResource('AWS::Events::Rule', {
      Condition: 'ForwardsLaunches',
      Properties: Match.objectLike({
        EventPattern: Match.objectLike({
          'detail-type': ['AWS API Call via CloudTrail'],
          source: Match.arrayWith(['aws.ec2', 'aws.sagemaker', 'aws.bedrock']),
          detail: Match.objectLike({
            eventName: Match.arrayWith(['RunInstances', 'CreateProvisionedModelThroughput']),
            errorCode: [{ exists: false }],
          }),
        }),
      }),
    });
  });

  it('with fastBurn on, the bus accepts the launch sources, a rule routes them to the alarm function, which may price them', () => {
    const input = exampleConfigInput() as Record<string, any>;
    input.thresholds.default.fastBurn = { enabled: true };
    const on = Template.fromStack(buildTestApp(parseConfig(input)).stack);
    const off = Template.fromStack(buildTestApp(parseConfig(exampleConfigInput())).stack);

    on.hasResourceProperties('AWS::Events::EventBus', {
      Policy: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'OrganizationAccountsMayForwardLaunches',
            Condition: Match.objectLike({
              'ForAllValues:StringEquals': Match.objectLike({
                'events:detail-type': 'AWS API Call via CloudTrail',
              }),
            }),
          }),
        ]),
      }),
    });
    on.hasResourceProperties('AWS::Events::Rule', {
      Description: 'Forwarded launches (fast-burn estimates) to the alarm Lambda',
    });
    on.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'PriceLaunches', Action: 'pricing:GetProducts' }),
        ]),
      },
    });
    on.hasResourceProperties('AWS::CloudFormation::StackSet', {
      Parameters: Match.arrayWith([{ ParameterKey: 'FastBurnAlerts', ParameterValue: 'enabled' }]),
    });
    off.hasResourceProperties('AWS::CloudFormation::StackSet', {
      Parameters: Match.arrayWith([{ ParameterKey: 'FastBurnAlerts', ParameterValue: 'disabled' }]),
    });
    expect(JSON.stringify(off.toJSON())).not.toMatch(
      /pricing:GetProducts|OrganizationAccountsMayForwardLaunches/,
    );
  });
});
