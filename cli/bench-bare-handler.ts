import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

// The benchmark's baseline: a handler that only imports and creates the SDK clients the alarm
// handler uses (Cost Explorer, SES v2, DynamoDB and its document client, Organizations), bundled the
// same way. Lambda's client too: the alarm handler hands a batch's answers to the publisher with it. Its init time is the floor the real handler is compared to.
const dynamo = new DynamoDBClient({});
const clients = [
  new CostExplorerClient({ region: 'us-east-1' }),
  new SESv2Client({}),
  dynamo,
  DynamoDBDocumentClient.from(dynamo),
  new OrganizationsClient({ region: 'us-east-1' }),
  new LambdaClient({}),
];

/** Does nothing but prove the clients exist. */
export const handler = async () => clients.length;
