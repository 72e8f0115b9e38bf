import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import { parseItem, StateTable } from './table.js';

/** Who read the organisation for a copy: the governance Lambda (an event), its reconciler, or the report's coverage. */
export type OrgCopyReader = 'governance' | 'reconcile' | 'report';

/** A tag that could not be used as a threshold, and why (kept so the report can name it). */
export interface IgnoredTag {
  readonly tag: string;
  readonly value: string;
  readonly why: string;
}

/**
 * The organisation's last known word on one account, kept in the state table so that an alarm can
 * still be routed and judged when Organizations cannot be read: the name, the configured OU that
 * holds it (with the parents walked to find it), its `billing-alarms:*` tags when they were read,
 * the thresholds and recipients they resolved to, and when and by whom it was read.
 */
export interface OrgCopyRecord {
  readonly accountId: string;
  readonly name?: string;
  /** The configured OU (one with an override) that holds the account; absent when it is in none. */
  readonly ouId?: string;
  /** The parents walked up from the account (nearest first) when the OU was looked for. */
  readonly ouPath: readonly string[];
  /** The account's `billing-alarms:*` tags; absent when this copy's reader did not read tags. */
  readonly tags?: Readonly<Record<string, string>>;
  /** The thresholds the account resolved to, and where they came from. */
  readonly policy: {
    /** The used rungs as `{ rung: amount }` (`{ warning: 150, critical: 300 }` for two tiers). */
    readonly thresholds: Readonly<Record<string, number>>;
    readonly budget?: number;
    readonly source: string;
    readonly description?: string;
  };
  /** The alarm email's recipients as they resolved (central list first). */
  readonly recipients: readonly string[];
  /** Threshold tags that were ignored, each with why. */
  readonly ignoredTags: readonly IgnoredTag[];
  /** When the organisation was read (ISO 8601), and by whom. */
  readonly readAt: string;
  readonly readBy: OrgCopyReader;
}

const PREFIX = 'org#';

/**
 * How old a copy may be and still stand in for Organizations on the alarm path: the report rewrites
 * every active account's copy once it is a day old, twice a day, so an active account's copy is
 * never much older than a day; an account that left stops being rewritten and goes stale.
 */
export const ORG_COPY_MAX_AGE_MS = 48 * 3_600_000;

/**
 * Whether a copy is current enough to answer membership, the OU and the tags instead of
 * Organizations: read within {@link ORG_COPY_MAX_AGE_MS} and naming no OU the configuration no
 * longer has (a deploy that changes the OUs runs the reconciler, which rewrites the copies).
 */
export function isCurrentCopy(copy: OrgCopyRecord, now: Date, configuredOus: ReadonlySet<string>): boolean {
  const age = now.getTime() - Date.parse(copy.readAt);
  if (!(age >= -60_000 && age <= ORG_COPY_MAX_AGE_MS)) return false;
  return copy.ouId === undefined || configuredOus.has(copy.ouId);
}
/**
 * The account's copy when it is current (it answers membership, the OU and the tags); undefined when
 * there is no store, or the copy is missing, stale or unreadable — the caller asks Organizations.
 */
export async function currentCopyOf(
  store: Pick<OrgCopy, 'get'> | undefined,
  accountId: string,
  now: Date,
  configuredOus: ReadonlySet<string>,
  log: {
    warn: (message: string, detail: Record<string, unknown>) => void;
    info: (message: string, detail: Record<string, unknown>) => void;
  },
  signal: AbortSignal,
): Promise<OrgCopyRecord | undefined> {
  if (!store) return undefined;
  const copy = await store.get(accountId, signal).catch((err: unknown) => {
    log.warn('organisation copy unreadable; asking Organizations', {
      error: err instanceof Error ? err.message : String(err),
    });
    return undefined;
  });
  if (copy && isCurrentCopy(copy, now, configuredOus)) return copy;
  if (copy) log.info('organisation copy stale; asking Organizations', { readAt: copy.readAt });
  return undefined;
}

/** A copy is bounded whatever the organisation says: tags, recipients and names are cut. */
export const ORG_COPY_LIMITS = { tags: 20, tagValue: 256, recipients: 100, name: 256, path: 6 } as const;

const recordSchema = z.lazy(() =>
  z.object({
    accountId: z.string(),
    name: z.optional(z.string()),
    ouId: z.optional(z.string()),
    ouPath: z.array(z.string()),
    tags: z.optional(z.record(z.string(), z.string())),
    policy: z.object({
      thresholds: z.record(z.string(), z.number()),
      budget: z.optional(z.number()),
      source: z.string(),
      description: z.optional(z.string()),
    }),
    recipients: z.array(z.string()),
    ignoredTags: z.array(z.object({ tag: z.string(), value: z.string(), why: z.string() })),
    readAt: z.string(),
    readBy: z.enum(['governance', 'reconcile', 'report']),
  }),
);

/**
 * The organisation copy: one small item per account (`org#<account id>`), read one at a time (the
 * alarm, when Organizations fails it) or many at a time (BatchGetItem, 100 keys a call), written
 * one at a time (a governance event) or in batches (BatchWriteItem, 25 items a call: the
 * reconciler, the report's coverage pass). Each write replaces the account's item whole.
 */
export class OrgCopy {
  private readonly table: StateTable;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new StateTable(client, tableName);
  }

  /** One account's copy, or undefined when it was never written (or no longer parses). */
  async get(accountId: string, signal?: AbortSignal): Promise<OrgCopyRecord | undefined> {
    return parseItem(recordSchema, await this.table.get(`${PREFIX}${accountId}`, signal));
  }

  /** The copies of `accountIds` that exist, by account id. */
  async getMany(accountIds: readonly string[], signal?: AbortSignal): Promise<Map<string, OrgCopyRecord>> {
    const copies = new Map<string, OrgCopyRecord>();
    for (const item of await this.table.getMany(
      accountIds.map((id) => `${PREFIX}${id}`),
      signal,
    )) {
      const record = parseItem(recordSchema, item);
      if (record) copies.set(record.accountId, record);
    }
    return copies;
  }

  /** Writes one account's copy. */
  async put(record: OrgCopyRecord, signal?: AbortSignal): Promise<void> {
    await this.table.put({ Item: itemOf(record) }, signal);
  }

  /** Writes many copies, 25 to a BatchWriteItem call. */
  async putMany(records: readonly OrgCopyRecord[], signal?: AbortSignal): Promise<void> {
    await this.table.putMany(records.map(itemOf), signal);
  }
}

/** The item of a record, every part cut to {@link ORG_COPY_LIMITS} (an item stays a few KB, far under 400 KB). */
function itemOf(record: OrgCopyRecord): Record<string, unknown> {
  const cut = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);
  const tags = record.tags
    ? Object.fromEntries(
        Object.entries(record.tags)
          .slice(0, ORG_COPY_LIMITS.tags)
          .map(([k, v]) => [cut(k, 128), cut(v, ORG_COPY_LIMITS.tagValue)]),
      )
    : undefined;
  return {
    id: `${PREFIX}${record.accountId}`,
    accountId: record.accountId,
    ...(record.name ? { name: cut(record.name, ORG_COPY_LIMITS.name) } : {}),
    ...(record.ouId ? { ouId: record.ouId } : {}),
    ouPath: record.ouPath.slice(0, ORG_COPY_LIMITS.path),
    ...(tags ? { tags } : {}),
    policy: {
      ...record.policy,
      ...(record.policy.description ? { description: cut(record.policy.description, 512) } : {}),
    },
    recipients: record.recipients.slice(0, ORG_COPY_LIMITS.recipients).map((r) => cut(r, 254)),
    ignoredTags: record.ignoredTags.slice(0, ORG_COPY_LIMITS.tags).map((t) => ({
      tag: cut(t.tag, 128),
      value: cut(t.value, ORG_COPY_LIMITS.tagValue),
      why: cut(t.why, 256),
    })),
    readAt: record.readAt,
    readBy: record.readBy,
  };
}
