import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';

// The benchmark's baseline: a handler that only imports and creates the SDK clients the alarm
// handler uses, bundled the same way. Its init time is the floor the real handler is compared to.
const clients = [
  new CostExplorerClient({ region: 'us-east-1' }),
  new SESv2Client({}),
  new DynamoDBClient({}),
];

/** Does nothing but prove the clients exist. */
export const handler = async () => clients.length;
