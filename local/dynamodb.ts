import type { Server } from 'node:http';
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { close, listen } from './http.js';

/** A running dynalite (DynamoDB API, in memory) with the state table created as the stack creates it. */
export interface DynamoStandIn {
  readonly endpoint: string;
  readonly tableName: string;
  stop(): Promise<void>;
}

/** Starts dynalite on a free loopback port and creates the state table (`id` key, TTL `expiration`). */
export async function startDynamo(tableName = 'billing-alarms-state'): Promise<DynamoStandIn> {
  const server = (dynalite as unknown as (o: object) => Server)({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  const endpoint = await listen(server);
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await client
    .send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      }),
    )
    .catch(() => undefined); // dynalite may not implement TTL; expiry is also checked by the readers.
  client.destroy();
  return { endpoint, tableName, stop: () => close(server) };
}
