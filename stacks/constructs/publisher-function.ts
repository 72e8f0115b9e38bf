import { Duration } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { Config } from '../../handlers/contract/config/schema.js';
import { PUBLISHER_CONCURRENCY } from '../../handlers/contract/lambda-limits.js';
import { RUNTIME_ENV } from '../../handlers/contract/runtime-env.js';
import { BundledFunction } from './bundled-function.js';
import type { StateTable } from './state-table.js';

/** Props of {@link PublisherFunction}. */
export interface PublisherFunctionProps {
  /** Reserve a few concurrent executions (config `reservedConcurrency`). */
  readonly reserveConcurrency: boolean;
  readonly entry: string;
  readonly runtimeConfigPath: string;
  readonly bus: events.IEventBus;
  readonly table: StateTable;
  /** The configured chat channels: their secrets and topics, and nothing else, may be used. */
  readonly channels: Config['chat']['channels'];
}

/**
 * The publisher Lambda: turns the alarm and report Lambdas' answers into automation events on the
 * bus and chat messages, recording each in the state table so that it goes out once.
 */
export class PublisherFunction extends Construct {
  readonly lambda: BundledFunction;

  constructor(scope: Construct, id: string, props: PublisherFunctionProps) {
    super(scope, id);
    this.lambda = new BundledFunction(this, 'Handler', {
      entry: props.entry,
      runtimeConfigPath: props.runtimeConfigPath,
      serviceName: 'billing-publisher',
      environment: { [RUNTIME_ENV.busName]: props.bus.eventBusName },
      timeout: Duration.seconds(30),
      // A storm of answers queues (asynchronous invokes wait and retry) instead of posting at once.
      ...(props.reserveConcurrency ? { reservedConcurrentExecutions: PUBLISHER_CONCURRENCY } : {}),
    });
    const fn = this.lambda.function;
    props.bus.grantPutEventsTo(fn);
    this.lambda.bindStateTable(props.table);
    const secrets = [
      ...new Set(props.channels.flatMap((c) => (c.webhookSecretArn ? [c.webhookSecretArn] : []))),
    ];
    const topics = [...new Set(props.channels.flatMap((c) => (c.topicArn ? [c.topicArn] : [])))];
    if (secrets.length > 0)
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'ReadChatWebhooks',
          actions: ['secretsmanager:GetSecretValue'],
          resources: secrets,
        }),
      );
    if (topics.length > 0)
      fn.addToRolePolicy(
        new iam.PolicyStatement({ sid: 'PublishToAmazonQ', actions: ['sns:Publish'], resources: topics }),
      );
    // Customer-managed keys of chat secrets and topics: reading a secret decrypts with its key;
    // publishing to an encrypted topic generates a data key with the topic's key.
    const keys = [...new Set(props.channels.flatMap((c) => (c.kmsKeyArn ? [c.kmsKeyArn] : [])))];
    if (keys.length > 0)
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'UseChatKeys',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: keys,
        }),
      );
  }
}
