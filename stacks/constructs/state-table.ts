import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';

/**
 * The state table every Lambda keeps its records in: idempotency and delivery records, rejected
 * events, alarm states, placements and the cached cost snapshot (on demand, expiring through TTL,
 * point-in-time recovery). Functions use it through {@link BundledFunction.bindStateTable}.
 *
 * A table itself, not a wrapper: the deployed table keeps its construct path and logical id.
 */
export class StateTable extends dynamodb.Table {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiration',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // The delivery ledger and rejection records outlive the stack: deleting the stack keeps the
      // table (README: how to remove it).
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
