import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/**
 * A role EventBridge assumes to put the management account's own events on the billing bus: held to
 * this account's rules (`aws:SourceAccount`, `aws:SourceArn`), so no other account's rule (no
 * confused deputy) can use it. The target grants it `events:PutEvents` on the bus.
 */
export function forwardRole(scope: Construct, id: string, description: string): iam.Role {
  const stack = Stack.of(scope);
  return new iam.Role(scope, id, {
    assumedBy: new iam.ServicePrincipal('events.amazonaws.com', {
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: {
          'aws:SourceArn': stack.formatArn({ service: 'events', resource: 'rule', resourceName: '*' }),
        },
      },
    }),
    description,
  });
}
