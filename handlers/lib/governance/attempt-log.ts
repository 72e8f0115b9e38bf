import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

/** How long a run's list of attempted accounts is kept. */
const KEEP_SECONDS = 3 * 24 * 3600;

/** The accounts a reconcile run has already tried, so a failing one is tried once per run. */
export interface AttemptLog {
  tried(runId: string): Promise<Set<string>>;
  add(runId: string, accounts: readonly string[]): Promise<void>;
  /** When the run started (its first step): kept the first time it is asked. */
  startedAt(runId: string, now: Date): Promise<Date>;
}

/** The attempts in the state table (`reconcile#<run>`, kept three days). */
export class TableAttemptLog implements AttemptLog {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    dynamo: DynamoDBClient,
    private readonly tableName: string,
    private readonly now: () => Date,
  ) {
    this.doc = DynamoDBDocumentClient.from(dynamo);
  }

  async tried(runId: string): Promise<Set<string>> {
    const kept = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { id: `reconcile#${runId}` }, ConsistentRead: true }),
    );
    const list: unknown = kept.Item?.attempted;
    return new Set(Array.isArray(list) ? list.map(String) : []);
  }

  async add(runId: string, accounts: readonly string[]): Promise<void> {
    const before = await this.tried(runId);
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { id: `reconcile#${runId}` },
        UpdateExpression: 'SET attempted = :a, expiration = :e',
        ExpressionAttributeValues: {
          ':a': [...before, ...accounts],
          ':e': Math.floor(this.now().getTime() / 1000) + KEEP_SECONDS,
        },
      }),
    );
  }

  async startedAt(runId: string, now: Date): Promise<Date> {
    const out = await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { id: `reconcile#${runId}` },
        UpdateExpression: 'SET startedAt = if_not_exists(startedAt, :now), expiration = :e',
        ExpressionAttributeValues: {
          ':now': now.toISOString(),
          ':e': Math.floor(now.getTime() / 1000) + KEEP_SECONDS,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const kept = out.Attributes?.startedAt;
    return typeof kept === 'string' ? new Date(kept) : now;
  }
}

/** Attempts in memory: for one process that runs a whole reconcile (the local organisation). */
export class MemoryAttemptLog implements AttemptLog {
  private readonly runs = new Map<string, Set<string>>();
  private readonly started = new Map<string, Date>();

  async startedAt(runId: string, now: Date): Promise<Date> {
    const kept = this.started.get(runId) ?? now;
    this.started.set(runId, kept);
    return kept;
  }

  async tried(runId: string): Promise<Set<string>> {
    return new Set(this.runs.get(runId));
  }

  async add(runId: string, accounts: readonly string[]): Promise<void> {
    this.runs.set(runId, new Set([...(this.runs.get(runId) ?? []), ...accounts]));
  }
}
