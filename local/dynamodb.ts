import { createServer, type Server } from 'node:http';
import {
  type AttributeValue,
  CreateTableCommand,
  DynamoDBClient,
  PutItemCommand,
  paginateScan,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { parseFaultList } from './faults.js';
import { close, forwardedHeaders, listen, readBody } from './http.js';
import { type Call, RequestLog } from './request-log.js';
import { standInControls } from './stand-in-controls.js';

/**
 * Faults in front of the DynamoDB stand-in: `down` answers every request with a 500;
 * `failAfterSend` answers 500 from the moment SES accepts a message until the next attempt starts;
 * `alertsDown` answers 500 to every request about the alerts (their items and their index).
 */
export type DynamoFaults = { down?: boolean; failAfterSend?: boolean; alertsDown?: boolean };

/** Parses `--dynamodb-faults`: `down`, `fail-after-send`, `alerts-down`, comma-separated. */
export function parseDynamoFaults(text: string | undefined): DynamoFaults {
  const f = parseFaultList('--dynamodb-faults', text, {
    down: 'flag',
    'fail-after-send': 'flag',
    'alerts-down': 'flag',
  });
  return {
    ...(f.down ? { down: true } : {}),
    ...(f['fail-after-send'] ? { failAfterSend: true } : {}),
    ...(f['alerts-down'] ? { alertsDown: true } : {}),
  };
}

/** A request naming an alert's item or the alerts' index (`alert#…`, `alerts#index`). */
const ALERT_KEY = /"S":"alerts?#/;

/** A running dynalite (DynamoDB API, in memory) behind a fault-injecting front, with the state table. */
export interface DynamoStandIn {
  /** The endpoint the SDK sends to (the front). */
  readonly endpoint: string;
  readonly tableName: string;
  readonly stats: { requests: number; failed: number };
  /** The requests it served, as IAM authorizes them. */
  readonly requests: RequestLog;
  setFaults(faults: DynamoFaults): void;
  /** SES accepted a message (fail-after-send starts failing). */
  sesAccepted(): void;
  /** A new Lambda attempt starts (fail-after-send stops failing). */
  newAttempt(): void;
  /** Every item of the state table, as DynamoDB's JSON (what `--local` keeps between commands). */
  items(): Promise<StoredItem[]>;
  /** Writes items kept by an earlier command back into the state table. */
  restore(items: readonly StoredItem[]): Promise<void>;
  stop(): Promise<void>;
}

/** One state-table item in DynamoDB's own JSON (attribute name → typed value). */
export type StoredItem = Record<string, AttributeValue>;

/** Starts dynalite and its front on free loopback ports and creates the state table (`id` key, TTL `expiration`). */
export async function startDynamo(
  tableName = 'billing-alarms-state',
  initial: DynamoFaults = {},
  /** Where every request is recorded for the IAM check. */
  log: RequestLog = new RequestLog(),
): Promise<DynamoStandIn> {
  const backend = (dynalite as unknown as (o: object) => Server)({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  const backendUrl = await listen(backend);
  let faults: DynamoFaults = { ...initial };
  let failing = false;
  const stats = { requests: 0, failed: 0 };
  const front = createServer(async (req, res) => {
    const body = await readBody(req);
    log.record(req, ...dynamoCalls(log, String(req.headers['x-amz-target'] ?? ''), body));
    stats.requests++;
    if (faults.down || failing || (faults.alertsDown && ALERT_KEY.test(body.toString('utf8')))) {
      stats.failed++;
      res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
      return res.end(
        JSON.stringify({
          __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
          message: 'injected',
        }),
      );
    }
    const headers = forwardedHeaders(req);
    const upstream = await fetch(`${backendUrl}${req.url ?? '/'}`, {
      method: req.method ?? 'POST',
      headers,
      body,
    });
    res.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
    });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  const endpoint = await listen(front);

  const client = new DynamoDBClient({
    endpoint: backendUrl,
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
  // Kept items go straight to dynalite (not through the front): they are the stand-in's own state,
  // not a request of the function or the command line.
  const backendClient = () =>
    new DynamoDBClient({
      endpoint: backendUrl,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  return {
    endpoint,
    tableName,
    items: async () => {
      const c = backendClient();
      try {
        const items: StoredItem[] = [];
        for await (const page of paginateScan({ client: c }, { TableName: tableName }))
          items.push(...(page.Items ?? []));
        return items;
      } finally {
        c.destroy();
      }
    },
    restore: async (items) => {
      const c = backendClient();
      try {
        for (const Item of items) await c.send(new PutItemCommand({ TableName: tableName, Item }));
      } finally {
        c.destroy();
      }
    },
    ...standInControls(stats, log, (f: DynamoFaults) => {
      faults = f;
      failing = false;
    }),
    sesAccepted: () => {
      if (faults.failAfterSend) failing = true;
    },
    newAttempt: () => {
      failing = false;
    },
    stop: async () => {
      await close(front);
      await close(backend);
    },
  };
}

/** Transactions are authorized item by item, as the item's own action. */
const TRANSACT_ACTIONS: Readonly<Record<string, string>> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
  Get: 'GetItem',
};

/** The IAM actions of one DynamoDB request and the tables they act on (from `TableName`, `RequestItems` or `TransactItems`). */
function dynamoCalls(log: RequestLog, target: string, body: Buffer): Call[] {
  const operation = target.replace(/^DynamoDB_\d+\./, '');
  const table = (name: string) => log.arn('dynamodb', `table/${name}`);
  let input: {
    TableName?: string;
    RequestItems?: Record<string, unknown>;
    TransactItems?: Record<string, { TableName?: string }>[];
  };
  try {
    input = JSON.parse(body.toString('utf8') || '{}') as typeof input;
  } catch {
    return [{ action: `dynamodb:${operation}` }];
  }
  if (input.TransactItems) {
    return input.TransactItems.flatMap((item) =>
      Object.entries(item).map(([kind, op]) => ({
        action: `dynamodb:${TRANSACT_ACTIONS[kind] ?? kind}`,
        resources: op.TableName ? [table(op.TableName)] : [],
      })),
    );
  }
  const tables = input.TableName ? [input.TableName] : Object.keys(input.RequestItems ?? {});
  return [{ action: `dynamodb:${operation}`, resources: tables.map(table) }];
}
