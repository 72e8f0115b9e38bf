import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { mergeFacts, orgCopyRecord, refreshOrgCopy } from '../handlers/lib/governance/org-copy-record.js';
import { OrgCopy } from '../handlers/lib/state/org-copy.js';
import { MAX_STORED_EVENT, MAX_STORED_REASON, RejectionLog } from '../handlers/lib/state/rejection-log.js';
import { item, itemsStartingWith, useStateTable } from './helpers/alarm-deps.js';
import { exampleConfig } from './helpers/config.js';

const config = exampleConfig();
const table = useStateTable();
const at = new Date('2026-11-20T09:00:00Z');
const accountIds = (n: number) => Array.from({ length: n }, (_, i) => String(300000000000 + i));

describe('the state table stand-in refuses what DynamoDB refuses in batches', () => {
  it('refuses a BatchWriteItem of 26 items and a BatchGetItem of 101 keys', async () => {
    const { dynamo, tableName } = table();
    const doc = DynamoDBDocumentClient.from(dynamo);

    const write = () =>
      doc.send(
        new BatchWriteCommand({
          RequestItems: { [tableName]: accountIds(26).map((id) => ({ PutRequest: { Item: { id } } })) },
        }),
      );
    const read = () =>
      doc.send(
        new BatchGetCommand({
          RequestItems: { [tableName]: { Keys: accountIds(101).map((id) => ({ id })) } },
        }),
      );

    // One at a time: a refusal never waits unhandled while the other is awaited.
    await expect(write()).rejects.toThrow(/25|Too many items|ValidationException/i);
    await expect(read()).rejects.toThrow(/100|Too many items|ValidationException/i);
  });

  it('refuses an item over 400 KB and a partition key over 2,048 bytes', async () => {
    const { dynamo, tableName } = table();
    const doc = DynamoDBDocumentClient.from(dynamo);

    const put = (Item: Record<string, unknown>) => doc.send(new PutCommand({ TableName: tableName, Item }));

    await expect(put({ id: 'big', blob: 'x'.repeat(410_000) })).rejects.toThrow(/size/i);
    await expect(put({ id: 'k'.repeat(2_049) })).rejects.toThrow(/2048|key/i);
  });
});

describe('the organisation copy', () => {
  it('writes and reads back 260 accounts in batches within DynamoDB’s limits, and one account alone', async () => {
    const { dynamo, tableName } = table();
    const copy = new OrgCopy(dynamo, tableName);
    const records = accountIds(260).map((accountId) =>
      orgCopyRecord(config, { accountId, name: `acct-${accountId}`, ouPath: [] }, at, 'report'),
    );

    await copy.putMany(records);
    const many = await copy.getMany([...accountIds(260), '399999999999']);
    const one = await copy.get('300000000007');

    expect(many.size).toBe(260);
    expect(many.has('399999999999')).toBe(false);
    expect(one).toMatchObject({
      accountId: '300000000007',
      name: 'acct-300000000007',
      policy: { thresholds: { warning: 2000, critical: 3000 }, source: 'default' },
      recipients: ['finops@example.com', 'cloud-coe@example.com'],
      readAt: at.toISOString(),
      readBy: 'report',
    });
    expect(await copy.get('399999999999')).toBeUndefined();
  });

  it('resolves an OU account’s policy and recipients, keeps only the tool’s tags, names ignored threshold tags', () => {
    const record = orgCopyRecord(
      config,
      {
        accountId: '220000000001',
        ouId: 'ou-a1b2-sandboxes',
        ouPath: ['ou-a1b2-sandboxes'],
        tags: {
          'billing-alarms:critical': '0',
          'billing-alarms:recipients': 'team@example.com',
          'cost-center': 'x'.repeat(300),
        },
      },
      at,
      'governance',
    );

    expect(record.policy).toEqual({
      thresholds: { warning: 150, critical: 300 },
      source: 'organizationalUnit',
      description: 'Sandboxes are small by design',
    });
    expect(record.recipients).toEqual([
      'finops@example.com',
      'cloud-coe@example.com',
      'sandbox-owners@example.com',
      'team@example.com',
    ]);
    expect(Object.keys(record.tags ?? {})).toEqual(['billing-alarms:critical', 'billing-alarms:recipients']);
    expect(record.ignoredTags).toEqual([
      { tag: 'billing-alarms:critical', value: '0', why: expect.stringMatching(/more than zero/) },
    ]);
  });

  it('cuts what the organisation says to a bounded item', async () => {
    const { dynamo, tableName } = table();
    const copy = new OrgCopy(dynamo, tableName);
    const tags = { 'billing-alarms:recipients': 'a'.repeat(5_000) };

    await copy.put({
      ...orgCopyRecord(config, { accountId: '300000000001', ouPath: [], tags }, at, 'governance'),
      name: 'n'.repeat(5000),
    });
    const stored = await item(table(), 'org#300000000001');

    expect(JSON.stringify(stored).length).toBeLessThan(4_000);
    expect(String(stored?.name)).toHaveLength(256);
    expect(stored?.tags).toEqual({ 'billing-alarms:recipients': 'a'.repeat(256) });
  });

  it('lets the report’s coverage keep a nested OU the governance Lambda found, and the tags it read', () => {
    const earlier = orgCopyRecord(
      config,
      {
        accountId: '220000000002',
        name: 'old',
        ouId: 'ou-a1b2-sbxnested',
        ouPath: ['ou-a1b2-sbxnested', 'ou-a1b2-sandboxes'],
        tags: { 'billing-alarms:recipients': 'me@example.com' },
      },
      at,
      'governance',
    );

    const merged = mergeFacts(earlier, {
      accountId: '220000000002',
      name: 'new',
      ouId: 'ou-a1b2-sandboxes',
      ouPath: ['ou-a1b2-sandboxes'],
    });
    const moved = mergeFacts(earlier, {
      accountId: '220000000002',
      ouId: 'ou-a1b2-workloads',
      ouPath: ['ou-a1b2-workloads'],
    });

    expect(merged).toEqual({
      accountId: '220000000002',
      name: 'new',
      ouId: 'ou-a1b2-sbxnested',
      ouPath: ['ou-a1b2-sbxnested', 'ou-a1b2-sandboxes'],
      tags: { 'billing-alarms:recipients': 'me@example.com' },
    });
    expect(moved).toMatchObject({ name: 'old', ouId: 'ou-a1b2-workloads', ouPath: ['ou-a1b2-workloads'] });
  });

  it('rewrites from the report only what changed or is a day old', async () => {
    const { dynamo, tableName } = table();
    const copy = new OrgCopy(dynamo, tableName);
    const accounts = accountIds(30).map((accountId) => ({ accountId, name: accountId }));

    const first = await refreshOrgCopy(copy, config, accounts, at, undefined);
    const again = await refreshOrgCopy(copy, config, accounts, new Date(at.getTime() + 3_600_000));
    const renamed = await refreshOrgCopy(
      copy,
      config,
      accounts.map((a, i) => (i === 0 ? { ...a, name: 'renamed' } : a)),
      new Date(at.getTime() + 7_200_000),
    );
    const nextDay = await refreshOrgCopy(copy, config, accounts, new Date(at.getTime() + 25 * 3_600_000));

    expect([first.written, again.written, renamed.written, nextDay.written]).toEqual([30, 0, 1, 30]);
    expect(await itemsStartingWith(table(), 'org#')).toHaveLength(30);
  });
});

describe('the rejection log', () => {
  it('cuts a long event and a long reason, and says so', async () => {
    const { dynamo, tableName } = table();
    const log = new RejectionLog(dynamo, tableName);

    const id = await log.record('e-1', 'r'.repeat(5_000), { detail: 'x'.repeat(100_000) }, at);
    const stored = await item(table(), id);

    expect(String(stored?.event)).toHaveLength(MAX_STORED_EVENT + 1);
    expect(String(stored?.reason)).toHaveLength(MAX_STORED_REASON + 1);
    expect(stored?.truncated).toEqual([
      expect.stringMatching(/^event \(100\d+ characters, 16384 kept\)$/),
      'reason (5000 characters, 1024 kept)',
    ]);
  });
});
