import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import { ALERT_EVENT_TYPES, ALERT_STATES, type AlertState } from '../../contract/alert-lifecycle.js';
import {
  type AlertHistoryEntry,
  type AlertRecord,
  type AlertRequest,
  applyEntry,
  entryFor,
  type HeldTransition,
  quietAt,
} from './alert-rules.js';
import { expiresAt, isConditionFailure, LedgerUnavailableError, parseItem, StateTable } from './table.js';

/** Alerts and their history are kept 400 days after their last change (the report looks back 30). */
const KEEP_SECONDS = 400 * 24 * 3600;
/** History entries kept in an alert's item (DynamoDB items are at most 400 KB; an entry is under 1 KB). */
export const HISTORY_MAX = 200;
/** Held transitions kept per alert (the newest): the report names the last day's, counts the rest. */
export const HELD_MAX = 50;
/** The one item that lists every account and rung with an alert (the table has no sort key to query). */
const INDEX_KEY = 'alerts#index';

/** What a history entry and the record both say: the state, when and by whom, until when, why. */
const stateFields = () => ({
  state: z.enum(ALERT_STATES),
  at: z.string(),
  by: z.string(),
  until: z.optional(z.string()),
  note: z.optional(z.string()),
});

const entrySchema = z.lazy(() => z.object({ ...stateFields(), cause: z.optional(z.string()) }));

const recordSchema = z.lazy(() =>
  z.object({
    accountId: z.string(),
    rung: z.string(),
    ...stateFields(),
    openedAt: z.optional(z.string()),
    version: z.number(),
    history: z.array(entrySchema),
    held: z.optional(
      z.array(
        z.object({
          alarm: z.enum(['ALARM', 'OK']),
          at: z.string(),
          under: z.enum(['snoozed', 'planned']),
        }),
      ),
    ),
  }),
);

/** One change made: the alert before and after, and the entry its history gained. */
export interface AlertChange {
  readonly previous: AlertRecord | undefined;
  readonly record: AlertRecord;
  readonly entry: AlertHistoryEntry;
}

/** The `detail` of a lifecycle event on the billing bus. */
export interface AlertEventDetail {
  readonly accountId: string;
  readonly rung: string;
  readonly state: AlertState;
  readonly previous: AlertState | null;
  readonly by: string;
  readonly at: string;
  readonly until: string | null;
  readonly note: string | null;
  readonly cause: string | null;
  /** Unique per change (account, rung, version): consumers deduplicate on it. */
  readonly eventId: string;
}

/** The detail type and detail of the event a change puts on the bus. */
export function alertEventOf(change: AlertChange): { detailType: string; detail: AlertEventDetail } {
  const { entry, record, previous } = change;
  const detailType =
    entry.state === 'open'
      ? previous && previous.state !== 'resolved'
        ? ALERT_EVENT_TYPES.reopened
        : ALERT_EVENT_TYPES.opened
      : ALERT_EVENT_TYPES[entry.state];
  return {
    detailType,
    detail: {
      accountId: record.accountId,
      rung: record.rung,
      state: entry.state,
      previous: previous?.state ?? null,
      by: entry.by,
      at: entry.at,
      until: entry.until ?? null,
      note: entry.note ?? null,
      cause: entry.cause ?? null,
      eventId: `alert#${record.accountId}#${record.rung}#${record.version}`,
    },
  };
}

/**
 * Alerts per account and rung in the state table (`alert#<account>#<rung>`): the state, who changed
 * it and until when, and an append-only history. Every change is a conditional write on the item's
 * version, so two changes at once never lose one: the second reads again and decides again.
 */
export class AlertLifecycle {
  private readonly table: StateTable;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new StateTable(
      client,
      tableName,
      (err) => new LedgerUnavailableError('the state table did not answer (alerts)', { cause: err }),
    );
  }

  /** The alert of an account's rung, if it ever had one. */
  async get(accountId: string, rung: string, signal?: AbortSignal): Promise<AlertRecord | undefined> {
    const item = await this.table.get(alertItemKey(accountId, rung), signal, { ConsistentRead: true });
    return parseItem(recordSchema, item);
  }

  /** Every alert kept, by account and rung. */
  async list(signal?: AbortSignal): Promise<AlertRecord[]> {
    const index = await this.table.get(INDEX_KEY, signal, { ConsistentRead: true });
    const keys = parseItem(z.object({ alerts: z.set(z.string()) }), index)?.alerts ?? new Set<string>();
    const items = await this.table.getMany(
      [...keys].map((k) => `alert#${k}`),
      signal,
    );
    return items
      .flatMap((item) => {
        const record = parseItem(recordSchema, item);
        return record ? [record] : [];
      })
      .sort((a, b) => a.accountId.localeCompare(b.accountId) || a.rung.localeCompare(b.rung));
  }

  /** Lists `account#rung` keys in the index (idempotent). */
  async index(keys: readonly string[], signal?: AbortSignal): Promise<void> {
    if (keys.length === 0) return;
    await this.table.update(
      {
        Key: { id: INDEX_KEY },
        UpdateExpression: 'ADD alerts :keys',
        ExpressionAttributeValues: { ':keys': new Set(keys) },
      },
      signal,
    );
  }

  /** Every alert's item as the table holds it (for `--local`, which keeps them in a file between commands). */
  async items(signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    const alerts = await this.list(signal);
    return this.table.getMany(
      alerts.map((a) => alertItemKey(a.accountId, a.rung)),
      signal,
    );
  }

  /** Puts items {@link items} returned back into a table, listed in the index. */
  async restore(items: readonly Record<string, unknown>[], signal?: AbortSignal): Promise<void> {
    const alerts = items.flatMap((i) => {
      const record = parseItem(recordSchema, i);
      return record ? [{ record, item: { ...i, id: alertItemKey(record.accountId, record.rung) } }] : [];
    });
    if (alerts.length === 0) return;
    await this.index(
      alerts.map(({ record }) => `${record.accountId}#${record.rung}`),
      signal,
    );
    await this.table.putMany(
      alerts.map((a) => a.item),
      signal,
    );
  }

  /** An operator's answer (acknowledge, snooze, plan, resolve), checked against the alert as it stands. */
  answer(
    accountId: string,
    rung: string,
    request: AlertRequest,
    now: Date,
    maxSnoozeDays: number,
    signal?: AbortSignal,
  ): Promise<AlertChange> {
    return this.change(
      accountId,
      rung,
      (record) => entryFor(record, request, now, maxSnoozeDays),
      now,
      signal,
    ).then((change) => change as AlertChange);
  }

  /**
   * Changes the alert as `decide` says, given the alert as it stands (undefined: no change). The
   * write is conditional on the version read; a concurrent change makes it read and decide again.
   */
  async change(
    accountId: string,
    rung: string,
    decide: (record: AlertRecord | undefined) => AlertHistoryEntry | undefined,
    now: Date,
    signal?: AbortSignal,
  ): Promise<AlertChange | undefined> {
    for (let round = 0; ; round++) {
      const previous = await this.get(accountId, rung, signal);
      const entry = decide(previous);
      if (!entry) return undefined;
      const next = applyEntry(previous, accountId, rung, entry);
      const record = { ...next, history: next.history.slice(-HISTORY_MAX) };
      // Listed first (ADD is idempotent): an alert never exists unlisted, an entry without an alert is skipped.
      if (!previous) await this.index([`${accountId}#${rung}`], signal);
      if (!(await this.write(previous, record, now, signal))) {
        if (round >= 4) throw new LedgerUnavailableError('the alert kept changing while it was answered');
        continue;
      }
      return { previous, record, entry };
    }
  }

  /**
   * Keeps a transition of the rung's alarm that its snooze or plan holds (an `ALARM` not mailed, an
   * `OK` not resolving it), for the report to count and name; nothing when no snooze or plan holds
   * at `now`. The version is bumped, so a concurrent answer reads again and keeps it.
   */
  async hold(
    accountId: string,
    rung: string,
    alarm: HeldTransition['alarm'],
    now: Date,
    signal?: AbortSignal,
  ): Promise<boolean> {
    for (let round = 0; round < 5; round++) {
      const previous = await this.get(accountId, rung, signal);
      const under = quietAt(previous, now);
      if (!previous || !under) return false;
      const held = [...(previous.held ?? []), { alarm, at: now.toISOString(), under }].slice(-HELD_MAX);
      if (await this.write(previous, { ...previous, version: previous.version + 1, held }, now, signal))
        return true;
    }
    throw new LedgerUnavailableError('the alert kept changing while a transition was held');
  }

  /** Puts the alert's item if it is still at `previous`'s version (or still absent): false when it moved. */
  private async write(
    previous: AlertRecord | undefined,
    record: AlertRecord,
    now: Date,
    signal?: AbortSignal,
  ): Promise<boolean> {
    try {
      await this.table.put(
        {
          Item: {
            id: alertItemKey(record.accountId, record.rung),
            ...record,
            expiration: expiresAt(now.getTime(), KEEP_SECONDS),
          },
          ...(previous
            ? {
                ConditionExpression: 'version = :version',
                ExpressionAttributeValues: { ':version': previous.version },
              }
            : { ConditionExpression: 'attribute_not_exists(id)' }),
        },
        signal,
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }
}

/** The state-table key of an account's rung alert. */
export function alertItemKey(accountId: string, rung: string): string {
  return `alert#${accountId}#${rung}`;
}
