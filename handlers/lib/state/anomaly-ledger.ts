import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import { ANOMALY_FEEDBACK, type AnomalyFeedback } from '../../contract/anomaly-events.js';
import { expiresAt, keyPart, LedgerUnavailableError, parseItem, StateTable } from './table.js';

/** An anomaly's record is kept this long after its last change (CAD's anomalies last days, feedback weeks later). */
const KEEP_SECONDS = 90 * 24 * 3600;
/** The feedback history keeps its newest entries only (far under DynamoDB's 400 KB item). */
export const FEEDBACK_HISTORY_MAX = 50;

const feedbackEntry = z.lazy(() =>
  z.object({
    feedback: z.enum(ANOMALY_FEEDBACK),
    by: z.string(),
    at: z.string(),
    /** `sent`: Cost Explorer accepted it; else the failure code (the page said so). */
    result: z.string(),
  }),
);

const recordSchema = z.lazy(() =>
  z.object({
    /** The largest total impact (in cents) of an update that was taken (mailed or held back by a noise rule). */
    takenCents: z.optional(z.number()),
    /** The delivery key of that update: its retry is still the same update. */
    takenKey: z.optional(z.string()),
    feedback: z.optional(z.enum(ANOMALY_FEEDBACK)),
    history: z.optional(z.array(feedbackEntry)),
  }),
);

/** One feedback answer as recorded. */
export type FeedbackEntry = z.infer<typeof feedbackEntry>;
/** What the ledger keeps per anomaly. */
export type AnomalyRecord = z.infer<typeof recordSchema>;

/** The state-table id of an anomaly's record. */
export function anomalyRecordId(anomalyId: string): string {
  return `anomaly#${keyPart(anomalyId)}`;
}

/**
 * Cost Anomaly Detection's anomalies in the state table, one item per anomaly id: which update was
 * taken (an update is news only when its total impact is larger than every one taken before), and
 * the feedback given from the email's links. The delivery ledger keeps each update's email once;
 * this record keeps an update with a smaller or equal impact from mailing again.
 */
export class AnomalyLedger {
  private readonly table: StateTable;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new StateTable(
      client,
      tableName,
      (err) => new LedgerUnavailableError('the state table did not answer (anomalies)', { cause: err }),
    );
  }

  /**
   * Takes an update of an anomaly: true when its impact is larger than any taken before (or it is
   * the retry of the update taken), false when an update at least as large was taken already.
   */
  takeUpdate(
    anomalyId: string,
    cents: number,
    key: string,
    now: Date,
    signal?: AbortSignal,
  ): Promise<boolean> {
    return this.table.conditionally(
      this.table.update(
        {
          Key: { id: anomalyRecordId(anomalyId) },
          UpdateExpression: 'SET takenCents = :c, takenKey = :k, expiration = :e',
          ConditionExpression: 'attribute_not_exists(takenCents) OR takenCents < :c OR takenKey = :k',
          ExpressionAttributeValues: { ':c': cents, ':k': key, ':e': expiresAt(now.getTime(), KEEP_SECONDS) },
        },
        signal,
      ),
    );
  }

  /** The anomaly's record, schema-checked (undefined when absent or unreadable). */
  async get(anomalyId: string, signal?: AbortSignal): Promise<AnomalyRecord | undefined> {
    return parseItem(
      recordSchema,
      await this.table.get(anomalyRecordId(anomalyId), signal, { ConsistentRead: true }),
    );
  }

  /** Records a feedback answer (the latest one is the anomaly's feedback when Cost Explorer took it). */
  async recordFeedback(
    anomalyId: string,
    entry: FeedbackEntry,
    now: Date,
    signal?: AbortSignal,
  ): Promise<void> {
    const record = await this.get(anomalyId, signal);
    const history = [...(record?.history ?? []), entry].slice(-FEEDBACK_HISTORY_MAX);
    await this.table.update(
      {
        Key: { id: anomalyRecordId(anomalyId) },
        UpdateExpression: `SET history = :h, expiration = :e${entry.result === 'sent' ? ', feedback = :f' : ''}`,
        ExpressionAttributeValues: {
          ':h': history,
          ':e': expiresAt(now.getTime(), KEEP_SECONDS),
          ...(entry.result === 'sent' ? { ':f': entry.feedback } : {}),
        },
      },
      signal,
    );
  }
}

/** Whether a feedback value is one of the API's. */
export function isAnomalyFeedback(value: string): value is AnomalyFeedback {
  return (ANOMALY_FEEDBACK as readonly string[]).includes(value);
}
