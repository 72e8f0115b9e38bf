import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { afterEach } from 'vitest';
import { type CostExplorerStandIn, startCostExplorer } from '../../local/cost-explorer-server.js';

/** A real Cost Explorer client talking to a stand-in's endpoint (the stand-in ignores the credentials). */
export function standInCostExplorer(endpoint: string): CostExplorerClient {
  return new CostExplorerClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
  });
}

/**
 * A Cost Explorer stand-in for each test that asks for one, with a real client pointed at it; the
 * last one started is stopped (and its client destroyed) after the test.
 */
export function useCostExplorerStandIn(): (
  options: Parameters<typeof startCostExplorer>[0],
) => Promise<{ ce: CostExplorerStandIn; client: CostExplorerClient }> {
  let started: { ce: CostExplorerStandIn; client: CostExplorerClient } | undefined;
  afterEach(async () => {
    started?.client.destroy();
    await started?.ce.stop();
    started = undefined;
  });
  return async (options) => {
    const ce = await startCostExplorer(options);
    started = { ce, client: standInCostExplorer(ce.endpoint) };
    return started;
  };
}
