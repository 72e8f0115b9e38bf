import type { CfnResource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { anomaliesConfig } from './helpers/anomalies.js';
import { exampleConfig } from './helpers/config.js';
import { buildTestApp } from './helpers/synth.js';

describe('security gate (cdk-nag AwsSolutions over the whole app)', () => {
  it('finds nothing unacknowledged, and no schema error, in the app as built', () => {
    const { app } = buildTestApp(exampleConfig(), true);

    expect(() => app.synth()).not.toThrow();
  });

  it('finds nothing unacknowledged with billing contacts on (account:GetAlternateContact for the organisation)', () => {
    const config = exampleConfig();
    const { app } = buildTestApp(
      { ...config, email: { ...config.email, billingAlternateContact: true } },
      true,
    );

    expect(() => app.synth()).not.toThrow();
  });

  it('finds nothing unacknowledged with anomalies on (a monitor, a subscription, ce:ProvideAnomalyFeedback)', () => {
    const { app } = buildTestApp(
      anomaliesConfig({ create: { topicArn: 'arn:aws:sns:us-east-1:100000000001:cost-anomalies' } }),
      true,
    );

    expect(() => app.synth()).not.toThrow();
  });

  it('fails synth when a wildcard action slips in', () => {
    const { app, stack } = buildTestApp(exampleConfig(), true);
    stack.alarmFunction.function.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:*'], resources: ['arn:aws:s3:::some-bucket'] }),
    );

    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Action::s3:\*\]/);
  });
});

describe('template validation against the CloudFormation resource schemas', () => {
  it('fails synth on a property the resource schema does not have', () => {
    const { app, stack } = buildTestApp(exampleConfig(), true);
    (stack.table.node.defaultChild as CfnResource).addPropertyOverride('NoSuchProperty', true);

    expect(() => app.synth()).toThrow(/NoSuchProperty/);
  });
});
