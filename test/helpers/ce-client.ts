import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';

/** A real Cost Explorer client talking to a stand-in's endpoint (the stand-in ignores the credentials). */
export function standInCostExplorer(endpoint: string): CostExplorerClient {
  return new CostExplorerClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
  });
}
