import { Arn, ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';

/** Props of {@link OperatorNotifications}. */
export interface OperatorNotificationsProps {
  /** Who hears about dead letters and failed reports: one email subscription each. */
  readonly recipients: readonly string[];
}

/**
 * The operators' topic (dead-letter alarms, failed reports): encrypted with a key of its own, with
 * a topic policy that lets only this account's CloudWatch alarms publish, and one email
 * subscription per operator.
 *
 * The topic itself rather than a wrapper, and its key a sibling named `<id>Key`: the deployed key,
 * topic and subscriptions keep their construct paths and logical ids (a new key or topic would
 * make every operator confirm a new subscription).
 */
export class OperatorNotifications extends sns.Topic {
  /** The key the topic is encrypted with. */
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: OperatorNotificationsProps) {
    const key = operatorKey(scope, `${id}Key`);
    super(scope, id, {
      displayName: 'billing-alarm-forwarder operators',
      masterKey: key,
      enforceSSL: true,
    });
    this.key = key;
    // An explicit topic policy (enforceSSL writes one) replaces SNS's default policy, so CloudWatch's
    // alarm actions need their own Allow, limited to this account's alarms.
    this.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topicArn],
        conditions: alarmsOfThisAccount(Stack.of(this)),
      }),
    );
    for (const address of props.recipients) {
      this.addSubscription(new subscriptions.EmailSubscription(address));
    }
  }
}

/** The topic's key; CloudWatch may use it only for this account's alarms (no confused deputy). */
function operatorKey(scope: Construct, id: string): kms.Key {
  const key = new kms.Key(scope, id, {
    enableKeyRotation: true,
    description: 'Encrypts the operator topic; CloudWatch alarms may use it',
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsOfThisAccount',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: alarmsOfThisAccount(Stack.of(scope)),
    }),
  );
  return key;
}

/** Conditions naming this account's alarms: `aws:SourceAccount` and `arn:aws:cloudwatch:<region>:<account>:alarm:*`. */
function alarmsOfThisAccount(stack: Stack) {
  return {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: {
      'aws:SourceArn': Arn.format(
        {
          service: 'cloudwatch',
          resource: 'alarm',
          resourceName: '*',
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        },
        stack,
      ),
    },
  };
}
