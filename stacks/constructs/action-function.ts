import { Duration } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ACTIONS_TIMEOUT_SECONDS } from '../../handlers/contract/lambda-limits.js';
import { RUNTIME_ENV } from '../../handlers/contract/runtime-env.js';
import { BundledFunction } from './bundled-function.js';
import type { StateTable } from './state-table.js';

/** Props of {@link ActionFunction}. */
export interface ActionFunctionProps {
  readonly entry: string;
  readonly runtimeConfigPath: string;
  /** Where answered alerts and the page's guards (nonces, request counts) are kept. */
  readonly table: StateTable;
  /** Where each answer's lifecycle event goes. */
  readonly bus: events.IEventBus;
  /**
   * The Slack app's signing secret (`chat.slackSigningSecretArn`): the function may read it to
   * verify Slack's interactivity requests at `<url>/slack/actions`.
   * @default - no Slack interactivity (that path answers 404)
   */
  readonly slackSigningSecretArn?: string;
  /** Let the anomaly emails' feedback links send `ce:ProvideAnomalyFeedback` (with `anomalies:`). @default - false */
  readonly providesAnomalyFeedback?: boolean;
}

/**
 * The action page behind a public function URL (auth type `NONE`): the signed links of the alert
 * emails open it. The public surface is narrow by design: a request does nothing without a token
 * signed with the key in {@link ActionFunction.signingKey}, scoped to one account, rung and action,
 * expiring within 7 days, used once (its nonce recorded in the state table), and each source
 * address is limited to 30 requests a minute. A Slack app's interactivity requests come to the
 * same URL (`/slack/actions`), verified with the app's signing secret before any token is read.
 */
export class ActionFunction extends Construct {
  readonly lambda: BundledFunction;
  /** The links' signing key (base64 text): the action page verifies with it, the alarm Lambda signs. */
  readonly signingKey: secretsmanager.Secret;
  /** The public function URL the links point at. */
  readonly url: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: ActionFunctionProps) {
    super(scope, id);
    // 64 letters and digits are valid base64 of 48 bytes (about 380 bits of randomness): the key
    // format action-keys.ts reads, without a custom resource to generate bytes.
    this.signingKey = new secretsmanager.Secret(this, 'SigningKey', {
      description: 'Signs the billing alert emails action links (base64, 48 bytes)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });
    this.lambda = new BundledFunction(this, 'Handler', {
      entry: props.entry,
      runtimeConfigPath: props.runtimeConfigPath,
      serviceName: 'billing-actions',
      environment: {
        [RUNTIME_ENV.busName]: props.bus.eventBusName,
        [RUNTIME_ENV.actionSecret]: this.signingKey.secretArn,
      },
      timeout: Duration.seconds(ACTIONS_TIMEOUT_SECONDS),
      memorySize: 256,
    });
    const fn = this.lambda.function;
    this.lambda.bindStateTable(props.table);
    this.signingKey.grantRead(fn);
    props.bus.grantPutEventsTo(fn);
    if (props.slackSigningSecretArn)
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'ReadSlackSigningSecret',
          actions: ['secretsmanager:GetSecretValue'],
          resources: [props.slackSigningSecretArn],
        }),
      );
    // The anomaly emails' feedback links (`/f/…`) tell Cost Anomaly Detection what an anomaly was:
    // ProvideAnomalyFeedback has no resource type (service authorization reference), hence `*`.
    if (props.providesAnomalyFeedback)
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'ProvideAnomalyFeedback',
          actions: ['ce:ProvideAnomalyFeedback'],
          resources: ['*'],
        }),
      );
    this.url = fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
  }
}
