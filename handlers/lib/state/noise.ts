import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import { expiresAt, isConditionFailure, LedgerUnavailableError, parseItem, StateTable } from './table.js';

const KEEP_SECONDS = 40 * 24 * 3600;

/** Whether an ALARM may be mailed now, and how often the alarm changed state since the last email. */
export type RealertDecision =
  | { readonly mail: true; readonly changesBefore: number; readonly previousMailAt?: number }
  | { readonly mail: false; readonly lastMailedAt: number; readonly changes: number };

/** State changes that were not mailed, per account and rung, for the report. */
export interface QuietedAlarm {
  readonly accountId: string;
  readonly rung: string;
  readonly count: number;
}

/** A rung's re-alert record as read back (`changes` is a string set). */
const realertSchema = z.lazy(() =>
  z.object({
    lastMailedAt: z.optional(z.number()),
    lastMailedEvent: z.optional(z.string()),
    changes: z.optional(z.set(z.string())),
    changesAtMail: z.optional(z.number()),
    previousMailAt: z.optional(z.number()),
  }),
);

/**
 * Bounded noise, kept in the state table: each account's rung alarm mails at most once per
 * re-alert window (later transitions are counted, and the next email says how many), and the
 * organisation mails at most a set number of alarm emails per hour. Every update is keyed by the
 * event, so a retried or duplicated event never counts twice.
 */
export class NoiseControl {
  private readonly table: StateTable;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new StateTable(
      client,
      tableName,
      (err) => new LedgerUnavailableError('the state table did not answer (noise control)', { cause: err }),
    );
  }

  /** Records a state change (ALARM, OK or INSUFFICIENT_DATA) of an account's rung alarm. */
  async recordChange(
    accountId: string,
    rung: string,
    eventKey: string,
    now: number,
    signal?: AbortSignal,
  ): Promise<void> {
    await this.table.update(
      {
        Key: { id: realertKey(accountId, rung) },
        UpdateExpression: 'ADD changes :event SET expiration = :expiration',
        ExpressionAttributeValues: { ':event': new Set([eventKey]), ':expiration': ttl(now) },
      },
      signal,
    );
  }

  /**
   * Decides whether an ALARM may be mailed: yes if the rung's last email is older than `windowMs`
   * (or this very event was the one mailed: a retry), and then the email starts a new window.
   */
  async decide(
    accountId: string,
    rung: string,
    eventKey: string,
    windowMs: number,
    now: number,
    signal?: AbortSignal,
  ): Promise<RealertDecision> {
    for (let round = 0; ; round++) {
      const item = await this.table.get(realertKey(accountId, rung), signal, { ConsistentRead: true });
      const record = parseItem(realertSchema, item);
      if (record?.lastMailedEvent === eventKey) {
        return {
          mail: true,
          changesBefore: record.changesAtMail ?? 0,
          ...(record.previousMailAt ? { previousMailAt: record.previousMailAt } : {}),
        };
      }
      const changes = record?.changes?.size ?? 0;
      if (record?.lastMailedAt !== undefined && now - record.lastMailedAt < windowMs) {
        return { mail: false, lastMailedAt: record.lastMailedAt, changes };
      }
      // Changes since the last email, this event excluded.
      const changesBefore = Math.max(0, changes - (record?.changes?.has(eventKey) ? 1 : 0));
      try {
        await this.table.update(
          {
            Key: { id: realertKey(accountId, rung) },
            UpdateExpression:
              'SET lastMailedAt = :now, lastMailedEvent = :event, changesAtMail = :changes, expiration = :expiration' +
              (record?.lastMailedAt !== undefined ? ', previousMailAt = :previous' : '') +
              ' REMOVE changes',
            ConditionExpression:
              record?.lastMailedAt !== undefined
                ? 'lastMailedAt = :previous'
                : 'attribute_not_exists(lastMailedAt)',
            ExpressionAttributeValues: {
              ':now': now,
              ':event': eventKey,
              ':changes': changesBefore,
              ':expiration': ttl(now),
              ...(record?.lastMailedAt !== undefined ? { ':previous': record.lastMailedAt } : {}),
            },
          },
          signal,
        );
        return {
          mail: true,
          changesBefore,
          ...(record?.lastMailedAt !== undefined ? { previousMailAt: record.lastMailedAt } : {}),
        };
      } catch (err) {
        // Another event of the same alarm decided first: read again and decide against it.
        if (!isConditionFailure(err) || round >= 2) throw err;
      }
    }
  }

  /** Whether this event still fits under the organisation's hourly cap (counted once per event). */
  withinHourlyCap(eventKey: string, cap: number, now: number, signal?: AbortSignal): Promise<boolean> {
    return this.withinCap(`alarm-emails#${hourOf(now)}`, eventKey, cap, now, signal);
  }

  /**
   * Whether this alarm's post still fits under a chat channel's hourly cap (counted once per alarm,
   * so a retried or duplicated publisher invocation keeps its decision); `hour` is when the alarm
   * was mailed.
   */
  withinChannelCap(
    channel: string,
    eventKey: string,
    cap: number,
    hour: number,
    now: number,
    signal?: AbortSignal,
  ): Promise<boolean> {
    return this.withinCap(`chat-posts#${channel}#${hourOf(hour)}`, eventKey, cap, now, signal);
  }

  /** Adds the event to an hour's set unless the set already holds `cap` others. */
  private withinCap(
    id: string,
    eventKey: string,
    cap: number,
    now: number,
    signal?: AbortSignal,
  ): Promise<boolean> {
    return this.table.conditionally(
      this.table.update(
        {
          Key: { id },
          UpdateExpression: 'ADD mailed :event SET expiration = :expiration',
          ConditionExpression:
            'attribute_not_exists(mailed) OR size(mailed) < :cap OR contains(mailed, :one)',
          ExpressionAttributeValues: {
            ':event': new Set([eventKey]),
            ':one': eventKey,
            ':cap': cap,
            ':expiration': ttl(now),
          },
        },
        signal,
      ),
    );
  }

  /** Counts a transition that was not mailed, for the day's summary in the report. */
  async countQuieted(accountId: string, rung: string, now: number, signal?: AbortSignal): Promise<void> {
    await this.table.update(
      {
        Key: { id: `quieted#${new Date(now).toISOString().slice(0, 10)}` },
        UpdateExpression: 'ADD #alarm :one SET expiration = :expiration',
        ExpressionAttributeNames: { '#alarm': `${accountId}#${rung}` },
        ExpressionAttributeValues: { ':one': 1, ':expiration': ttl(now) },
      },
      signal,
    );
  }

  /** Transitions not mailed today and yesterday (UTC), per account and rung, most first. */
  async quieted(now: number, signal?: AbortSignal): Promise<QuietedAlarm[]> {
    const days = [0, 1].map((d) => new Date(now - d * 86_400_000).toISOString().slice(0, 10));
    const counts = new Map<string, number>();
    for (const day of days) {
      const item = await this.table.get(`quieted#${day}`, signal);
      for (const [key, value] of Object.entries(item ?? {})) {
        if (/^\d{12}#/.test(key) && typeof value === 'number')
          counts.set(key, (counts.get(key) ?? 0) + value);
      }
    }
    return [...counts]
      .map(([key, count]) => {
        const [accountId = '', rung = ''] = key.split('#');
        return { accountId, rung, count };
      })
      .sort((a, b) => b.count - a.count || a.accountId.localeCompare(b.accountId));
  }
}

function realertKey(accountId: string, rung: string): string {
  return `realert#${accountId}#${rung}`;
}

function ttl(now: number): number {
  return expiresAt(now, KEEP_SECONDS);
}

/** The UTC hour of a time, as `YYYY-MM-DDTHH`: the caps count per clock hour. */
export function hourOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 13);
}
