import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type { Config } from '../handlers/contract/config/schema.js';
import { MEMBER_STACK_SET_NAME } from '../handlers/contract/member-template.js';
import type { BillingAccountStack } from './billing-account-stack.js';

const ack = (id: string) => `AwsSolutions::${id}`;

/** Acknowledges the cdk-nag findings that are deliberate, each on the narrowest scope with its reason. */
export function acknowledgeFindings(stack: BillingAccountStack, config: Config): void {
  if (config.email.billingAlternateContact) {
    Validations.of(stack.alarmFunction).acknowledge({
      id: ack(
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:account::${Stack.of(stack).account}:account/${config.organization.id}/*]`,
      ),
      reason:
        'account:GetAlternateContact for the member accounts of this one organisation: their ARNs are account/<org id>/<account id>, and accounts join at any time.',
    });
  }
  // The governance Lambda and the reconciler after deploy run the same code with the same grants.
  for (const fn of [stack.governanceFunction, stack.memberOverrides.reconciler.lambda]) {
    Validations.of(fn).acknowledge({
      id: ack('AwsSolutions-IAM5[Resource::*]'),
      reason:
        'organizations:ListAccounts and ListParents have no resource type, and ListTagsForResource on accounts needs account ARNs that embed ids the stack does not know.',
    });
    for (const kind of ['stackset', 'stackset-target']) {
      Validations.of(fn).acknowledge({
        id: ack(
          `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudformation:us-east-1:${Stack.of(stack).account}:${kind}/${MEMBER_STACK_SET_NAME}:*]`,
        ),
        reason:
          'A StackSet ARN ends in a generated id (name:uuid); the wildcard covers only that id of this one StackSet.',
      });
    }
    Validations.of(fn).acknowledge({
      id: ack(
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudwatch:us-east-1:${Stack.of(stack).account}:alarm:${config.alarmNamePrefix}*]`,
      ),
      reason:
        'Payer alarms are created per member account as accounts join (<prefix><tier>-<account id>); the wildcard covers only alarms named with the configured prefix.',
    });
    for (const type of ['AWS-CloudWatch-Alarm', 'AWS-Events-Rule', 'AWS-IAM-Role']) {
      Validations.of(fn).acknowledge({
        id: ack(`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudformation:*:*:type/resource/${type}]`),
        reason:
          'StackSet operations authorize each resource type of the member template as type/resource/<Type> in every Region and account the operation reaches.',
      });
    }
  }
  // CDK's provider framework (its own Lambdas and waiter state machine) for the reconciler.
  const framework = stack.memberOverrides.node.findChild('Provider');
  Validations.of(framework).acknowledge({
    id: ack(
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    ),
    reason: "CDK's custom resource provider framework gives its own Lambdas the basic execution role.",
  });
  const invoked = [
    stack.memberOverrides.reconciler.lambda.function.node.defaultChild,
    ...framework.node
      .findAll()
      .filter((c) => CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::Lambda::Function'),
  ].map((c) => `AwsSolutions-IAM5[Resource::<${Stack.of(stack).getLogicalId(c as CfnResource)}.Arn>:*]`);
  for (const id of [...invoked, 'AwsSolutions-SF1', 'AwsSolutions-SF2', 'AwsSolutions-L1']) {
    Validations.of(framework).acknowledge({
      id: ack(id),
      reason:
        "CDK's custom resource provider framework: it invokes the reconciler (and its own isComplete and onTimeout functions) and versions of them, and its waiter state machine's logging and tracing are the framework's.",
    });
  }
  if (config.anomalies)
    Validations.of(stack.actionFunction).acknowledge({
      id: ack('AwsSolutions-IAM5[Resource::*]'),
      reason:
        "ce:ProvideAnomalyFeedback (the anomaly emails' feedback links) has no resource type in the service authorization reference; every other statement names its resource.",
    });
  for (const fn of [stack.alarmFunction, stack.reportFunction]) {
    Validations.of(fn).acknowledge({
      id: ack('AwsSolutions-IAM5[Resource::*]'),
      reason:
        'ce:GetCostAndUsage, ce:GetCostForecast and ce:GetCostComparisonDrivers support no resource-level permissions (no billing view is used), pricing:GetProducts (fast burn) has no resource type, organizations:ListRoots and ListParents have no resource type, and the parents the report lists accounts and OUs of are roots and OUs at any depth, whose ids the stack does not know; every other statement names its resource.',
    });
  }
  Validations.of(stack.reportFunction).acknowledge({
    id: ack(
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudformation:us-east-1:${Stack.of(stack).account}:stackset/${MEMBER_STACK_SET_NAME}:*]`,
    ),
    reason:
      'A StackSet ARN ends in a generated id (name:uuid); the wildcard covers only that id of this one StackSet.',
  });
  Validations.of(stack).acknowledge({
    id: ack('AwsSolutions-SQS3'),
    reason:
      'These queues are the dead-letter queues themselves (EventBridge target DLQ, Lambda on-failure destination, Scheduler DLQ); cdk-nag only recognises queue-to-queue redrive.',
  });
  Validations.of(stack).acknowledge({
    id: ack('AwsSolutions-IAM5[Resource::<ReportHandlerFunctionDB2802D2.Arn>:*]'),
    reason:
      'EventBridge Scheduler’s Lambda target role is generated by CDK and allows invoking the report function and its versions only.',
  });
  // The action page's function URL (auth type NONE) is the one public surface. AwsSolutions has
  // no rule on function URLs (cdk-nag's LambdaFunctionUrlAuth is in its Serverless pack only), so
  // there is nothing to acknowledge for it; its reasons are written here and in DESIGN.md: a request
  // does nothing without an HMAC-SHA256 token signed with the key below, scoped to one account, rung
  // and action, expiring within 7 days, used once (nonce in the state table), and each source
  // address gets at most 30 requests a minute.
  Validations.of(stack.actionFunction.signingKey).acknowledge({
    id: ack('AwsSolutions-SMG4'),
    reason:
      'The action links’ signing key is rotated by the operator (put-secret-value): a rotation Lambda would add a second function for a 48-byte random value, and links signed before a rotation keep verifying with AWSPREVIOUS until they expire (at most 7 days).',
  });
}
