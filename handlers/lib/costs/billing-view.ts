import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { stringField } from '../unknown-values.js';

/** The Cost Explorer operations that read a billing view's data. */
const VIEW_OPERATIONS = new Set(['GetCostAndUsageCommand', 'GetCostForecastCommand']);

/**
 * Makes every cost read of `client` read the billing view `arn` (a delegated-admin or member
 * account sees the management account's costs through a shared view): `BillingViewArn` is added to
 * each GetCostAndUsage and GetCostForecast that does not name a view itself. Without `arn` the
 * client is returned as it was (the caller's own, primary view).
 */
export function withBillingView(client: CostExplorerClient, arn: string | undefined): CostExplorerClient {
  if (!arn) return client;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (VIEW_OPERATIONS.has(String(context.commandName)) && !stringField(args.input, 'BillingViewArn'))
        Object.assign(args.input, { BillingViewArn: arn });
      return next(args);
    },
    { step: 'initialize', name: 'billingView' },
  );
  return client;
}
