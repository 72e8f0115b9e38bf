import {
  CloudFormationClient,
  DescribeStackInstanceCommand,
  DescribeStackSetCommand,
  ListStackInstancesCommand,
} from '@aws-sdk/client-cloudformation';
import {
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { twoTierLadder } from '../handlers/contract/ladder.js';
import { sum } from '../handlers/lib/costs/money.js';
import { readCoverage } from '../handlers/lib/governance/coverage.js';
import { reportText } from '../handlers/lib/report/report-text.js';
import { reportViewModel } from '../handlers/lib/report/report-view-model.js';
import { missing } from '../handlers/lib/result.js';
import { exampleConfig } from './helpers/config.js';
import { testSnapshot } from './helpers/snapshot.js';

const config = exampleConfig();
const orgs = mockClient(OrganizationsClient);
const cfn = mockClient(CloudFormationClient);
const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}`;
const days = (amount: number) =>
  Object.fromEntries(Array.from({ length: 14 }, (_, i) => [day(6 + i), amount]));

/** Nine accounts: EC2 falling by $100 per account, S3 at $50, daily usage rising by account. */
function snapshot() {
  const accounts = Array.from({ length: 9 }, (_, i) => ({
    id: `21000000000${i}`,
    name: i === 3 ? '<b>R&D</b> "lab"' : `acct-${i}`,
    current: 1050 - i * 100,
    comparison: 400,
    credits: i === 0 ? -30 : 0,
  }));
  const daily = Object.fromEntries(
    Array.from({ length: 14 }, (_, d) => [day(6 + d), accounts.reduce((s, _a, i) => s + 10 + i, 0)]),
  );
  return testSnapshot(accounts, {
    services: [
      { name: 'EC2', current: 5400, comparison: 3000, last: 900, before: 300 },
      { name: 'S3', current: 450, comparison: 600, last: 60, before: 90 },
    ],
    daily,
    topAccountsDaily: accounts.map((a, i) => ({
      id: a.id,
      // acct-2 jumps over the last three days.
      daily: i === 2 ? { ...days(10 + i), [day(17)]: 100, [day(18)]: 100, [day(19)]: 100 } : days(10 + i),
    })),
  });
}

const noCoverage = missing('denied');

describe('report view-model', () => {
  it('ranks the top N accounts by cost with shares that add up to 100, their change and an others row', () => {
    const vm = reportViewModel({ snapshot: snapshot(), coverage: noCoverage, config });

    expect(vm.accounts.rows.map((r) => r.name)).toEqual([
      'acct-0 (210000000000)',
      'acct-1 (210000000001)',
      'acct-2 (210000000002)',
      '<b>R&D</b> "lab" (210000000003)',
      'acct-4 (210000000004)',
      '4 other accounts',
    ]);
    expect(vm.accounts.rows[0]).toMatchObject({ amount: '$1,050.00', change: '+162.5%' });
    // Accounts 5–8: $1,600 now against 4 × $400 then.
    expect(vm.accounts.rows[5]).toMatchObject({ amount: '$1,600.00', change: '0.0%' });
    expect(vm.accounts.columns.change).toBe('vs last month');
    expect(sum(vm.accounts.rows.map((r) => Number(r.share.replace('%', ''))))).toBe(100);
    expect(vm.services.rows.map((r) => [r.name, r.change])).toEqual([
      ['EC2', '+80.0%'],
      ['S3', '-25.0%'],
    ]);
  });

  it('shows credits apart and the net, the change against last month and Cost Explorer’s forecast, each labelled', () => {
    const vm = reportViewModel({ snapshot: snapshot(), coverage: noCoverage, config });

    expect(vm.facts).toEqual(
      expect.arrayContaining([
        { label: 'Month to date (Cost Explorer, usage)', value: '$5,850.00' },
        { label: 'Same days last month', value: '$3,600.00' },
        { label: 'Change', value: '+62.5%' },
        { label: 'Forecast to month end (Cost Explorer’s forecast)', value: '$6,850.00' },
        { label: 'Credits', value: '-$30.00' },
        { label: 'Net after credits and refunds', value: '$5,820.00' },
      ]),
    );
    expect(vm.basis[0]).toMatch(/^Amounts in USD as billed: Cost Explorer’s UnblendedCost/);
  });

  it('says what changed: the accounts and the services that moved most over the last 3 days', () => {
    const vm = reportViewModel({ snapshot: snapshot(), coverage: noCoverage, config });

    expect(vm.changes?.heading).toBe('What changed: last 3 days vs the 3 before (since Nov 17, 2026)');
    expect(vm.changes?.groups[0]).toMatchObject({
      heading: 'Accounts (among the 9 largest)',
      rows: [{ name: 'acct-2 (210000000002)', detail: '$36.00 → $300.00', delta: '+$264.00' }],
    });
    expect(vm.changes?.groups[1]?.rows.map((r) => [r.name, r.delta])).toEqual([
      ['EC2', '+$600.00'],
      ['S3', '-$30.00'],
    ]);
  });

  it('stacks each day exactly to its scaled height: top accounts in colour, the rest as others, with the scale', () => {
    const vm = reportViewModel({ snapshot: snapshot(), coverage: noCoverage, config });

    expect(vm.chart.days).toHaveLength(14);
    for (const d of vm.chart.days) expect(d.gap + sum(d.segments.map((s) => s.height))).toBe(96);
    expect(vm.chart.days[0]?.segments).toHaveLength(7);
    expect(vm.chart.legend.at(-1)?.name).toBe('Others');
    // The scale is the tallest drawn stack: from Nov 17 the drawn accounts add up to more than the
    // day's total (others below zero, not drawn).
    expect(vm.chart.scale).toMatch(/^Tallest day: \$163\.00 on Nov 17, 2026\./);
  });

  it('says "no cost data yet" in the subject and the body when Cost Explorer answers with nothing', () => {
    const empty = { ...testSnapshot([]), dataThrough: null };
    const vm = reportViewModel({ snapshot: empty, coverage: noCoverage, config });

    expect(vm.subject).toMatch(/^Organisation costs .+: no cost data yet$/);
    expect(vm.subject).not.toContain('—');
    expect(vm.unavailable?.items).toContain('Cost Explorer has no costs for this period yet.');
  });

  it('never draws a negative height: a refund that nets a day below its drawn accounts is left out of the stack', () => {
    const s = snapshot();
    const day = s.periods.trend.start;
    // The largest account is refunded more than the day's total: the day nets to less than the
    // other drawn accounts, and "others" to below zero.
    (s.topAccountsDaily[0] as { daily: Record<string, number> }).daily[day] = 500;
    s.daily[day] = 20;
    const vm = reportViewModel({ snapshot: s, coverage: noCoverage, config });

    for (const d of vm.chart.days) {
      expect(d.gap).toBeGreaterThanOrEqual(0);
      for (const seg of d.segments) expect(seg.height).toBeGreaterThan(0);
      expect(d.gap + sum(d.segments.map((x) => x.height))).toBe(96);
    }
  });

  it('shades the threshold table by the tier each account is over, with a legend and each account’s warning tier', () => {
    const s = snapshot();
    (s.accounts[0] as { current: number }).current = 3500;
    (s.accounts[4] as { current: number }).current = 2100;
    const vm = reportViewModel({ snapshot: s, coverage: noCoverage, config });

    expect(vm.thresholds.rows[0]).toMatchObject({
      name: 'acct-0 (210000000000)',
      warning: '$2,000.00',
      critical: '$3,000.00',
      use: '116.7%',
      background: '#fee2e2',
    });
    expect(vm.thresholds.rows[1]).toMatchObject({
      name: 'acct-4 (210000000004)',
      use: '70.0%',
      background: '#fef3c7',
    });
    expect(vm.thresholds.legend).toEqual([
      expect.objectContaining({ name: 'over its critical threshold', background: '#fee2e2' }),
      expect.objectContaining({ name: 'over its warning threshold', background: '#fef3c7' }),
      expect.objectContaining({ name: 'below its warning threshold', background: '#ffffff' }),
    ]);
    expect(vm.thresholds.summary).toBe('1 over critical, 1 over warning, 7 below warning.');
  });

  it('marks an unavailable coverage section, in words, instead of failing', () => {
    const vm = reportViewModel({ snapshot: snapshot(), coverage: noCoverage, config });

    expect(vm.coverage).toBeNull();
    expect(vm.unavailable?.items).toEqual(['Coverage: access denied.']);
  });

  it('keeps every figure but the forecast when the forecast failed, and says why in words', () => {
    const s = { ...snapshot(), forecast: missing('insufficientHistory') };

    const vm = reportViewModel({ snapshot: s, coverage: noCoverage, config });

    expect(vm.subject).toBe('Organisation costs Nov 19, 2026: $5,850.00 month to date');
    expect(vm.facts).toContainEqual({
      label: 'Forecast to month end (Cost Explorer’s forecast)',
      value: 'unavailable: not enough cost history yet',
    });
    expect(vm.facts).toContainEqual({ label: 'Month to date (Cost Explorer, usage)', value: '$5,850.00' });
    expect(vm.accounts.rows).toHaveLength(6);
  });
});

describe('coverage', () => {
  beforeEach(() => {
    orgs.reset();
    cfn.reset();
    // The root holds the management account, an acquired account and two OUs; the workloads OU
    // lists its accounts over two pages and holds a closed one.
    orgs.on(ListRootsCommand).resolves({ Roots: [{ Id: 'r-ab12' }] });
    orgs.on(ListOrganizationalUnitsForParentCommand).resolves({ OrganizationalUnits: [] });
    orgs
      .on(ListOrganizationalUnitsForParentCommand, { ParentId: 'r-ab12' })
      .resolves({ OrganizationalUnits: [{ Id: 'ou-a1b2-workloads' }, { Id: 'ou-a1b2-sandboxes' }] });
    orgs.on(ListAccountsForParentCommand, { ParentId: 'r-ab12' }).resolves({
      Accounts: [
        { Id: '100000000001', Name: 'management', State: 'ACTIVE' },
        { Id: '230000000001', Name: 'acquired', State: 'ACTIVE' },
      ],
    });
    orgs
      .on(ListAccountsForParentCommand, { ParentId: 'ou-a1b2-workloads' })
      .resolves({ Accounts: [{ Id: '210000000001', Name: 'payments', State: 'ACTIVE' }], NextToken: 'next' });
    orgs.on(ListAccountsForParentCommand, { ParentId: 'ou-a1b2-workloads', NextToken: 'next' }).resolves({
      Accounts: [
        { Id: '240000000001', Name: 'broken', State: 'ACTIVE' },
        { Id: '250000000001', Name: 'closed', State: 'SUSPENDED' },
      ],
    });
    orgs
      .on(ListAccountsForParentCommand, { ParentId: 'ou-a1b2-sandboxes' })
      .resolves({ Accounts: [{ Id: '220000000009', Name: 'new sandbox', State: 'ACTIVE' }] });
    cfn.on(ListStackInstancesCommand).resolves({
      Summaries: [
        { Account: '210000000001', Status: 'CURRENT', OrganizationalUnitId: 'ou-a1b2-workloads' },
        { Account: '220000000009', Status: 'CURRENT', OrganizationalUnitId: 'ou-a1b2-sandboxes' },
        {
          Account: '240000000001',
          Status: 'INOPERABLE',
          StackInstanceStatus: { DetailedStatus: 'FAILED' },
          OrganizationalUnitId: 'ou-a1b2-workloads',
        },
      ],
    });
    cfn.on(DescribeStackSetCommand).resolves({
      StackSet: {
        Parameters: [
          { ParameterKey: 'CriticalThreshold', ParameterValue: '3000' },
          { ParameterKey: 'WarningThreshold', ParameterValue: '2000' },
        ],
      },
    });
    cfn.on(DescribeStackInstanceCommand, { StackInstanceAccount: '210000000001' }).resolves({
      StackInstance: {
        // The example's account override, daily limit included.
        ParameterOverrides: [
          { ParameterKey: 'CriticalThreshold', ParameterValue: '6000' },
          { ParameterKey: 'WarningThreshold', ParameterValue: '4000' },
          { ParameterKey: 'DailyLimit', ParameterValue: '500' },
        ],
      },
    });
    cfn
      .on(DescribeStackInstanceCommand, { StackInstanceAccount: '220000000009' })
      .resolves({ StackInstance: { ParameterOverrides: [] } });
  });

  it('finds accounts without a current instance and an auto-enrolled account on the defaults', async () => {
    const coverage = await readCoverage(new OrganizationsClient({}), new CloudFormationClient({}), {
      config,
      stackSetName: 'member',
    });

    expect(coverage).toMatchObject({ activeAccounts: 5, covered: 3 });
    expect(coverage.uncovered).toEqual([
      { id: '230000000001', name: 'acquired' },
      { id: '240000000001', name: 'broken', status: 'INOPERABLE (FAILED)' },
    ]);
    expect(coverage.drifted).toEqual([
      {
        id: '220000000009',
        name: 'new sandbox',
        expected: twoTierLadder(150, 300),
        deployed: twoTierLadder(2000, 3000),
        kind: 'defaults',
      },
    ]);
    expect(cfn).toReceiveCommandWith(ListStackInstancesCommand, {
      StackSetName: 'member',
      CallAs: 'SELF',
      StackInstanceRegion: 'us-east-1',
    });
  });

  it('reports StackSet defaults older than the configuration as drift', async () => {
    cfn.on(DescribeStackSetCommand).resolves({
      StackSet: { Parameters: [{ ParameterKey: 'CriticalThreshold', ParameterValue: '1000' }] },
    });

    const coverage = await readCoverage(new OrganizationsClient({}), new CloudFormationClient({}), {
      config,
      stackSetName: 'member',
    });

    expect(coverage.drifted[0]).toMatchObject({
      id: '*',
      expected: twoTierLadder(2000, 3000),
      deployed: twoTierLadder(2000, 1000),
    });
  });

  it('fails with a named error that keeps the cause when access is denied', async () => {
    const cause = Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' });
    orgs.on(ListAccountsForParentCommand, { ParentId: 'ou-a1b2-sandboxes' }).rejects(cause);

    await expect(
      readCoverage(new OrganizationsClient({}), new CloudFormationClient({}), {
        config,
        stackSetName: 'member',
      }),
    ).rejects.toMatchObject({
      name: 'CoverageError',
      message: 'AccessDeniedException: not allowed',
      cause,
    });
  });
});

describe('what the coverage section tells operators', () => {
  it('names ignored threshold tags with the account, tag and why, and event ids seen with another payload', () => {
    const coverage = {
      activeAccounts: 2,
      covered: 2,
      uncovered: [],
      drifted: [],
      ouOf: { '220000000001': 'ou-a1b2-sandboxes' },
      names: { '220000000001': 'sandbox-one', '210000000001': 'prod-payments' },
      driftChecked: 1,
      driftCheckLimited: false,
    };

    const text = reportText(
      reportViewModel({
        snapshot: snapshot(),
        coverage: { ok: true, value: coverage },
        config,
        ignoredTags: [
          {
            accountId: '220000000001',
            tag: 'billing-alarms:critical',
            value: '0',
            why: 'must be more than zero',
          },
        ],
        conflicts: [
          {
            month: '2026-11',
            count: 2,
            last: {
              eventId: 'same-id',
              at: '2026-11-19T08:00:00Z',
              key: 'conflict#same-id#0123456789abcdef',
            },
          },
        ],
      }),
    );

    expect(text).toContain('Threshold tags ignored:');
    expect(text).toMatch(/\(220000000001\): billing-alarms:critical="0" ignored: must be more than zero/);
    expect(text).toMatch(
      /2 event id\(s\) arrived again with another payload \(2026-11; last same-id at .*\): each was handled on its own, not as a duplicate, and is kept in the state table under conflict#same-id#0123456789abcdef\./,
    );
  });
});

describe('the report in Korean and Japanese', () => {
  it.each(['ko', 'ja'] as const)(
    'leaves no English in the %s report but names, AWS terms and codes',
    (locale) => {
      const s = snapshot();
      const vm = reportViewModel({
        snapshot: { ...s, accounts: s.accounts.map((a, i) => ({ ...a, name: `계정${i}` })) },
        coverage: noCoverage,
        config: { ...config, locale },
      });

      const text = reportText(vm)
        .replace(/https?:\/\/\S+/g, '')
        .replace(/billing-alarm-forwarder|o-a1b2c3d4e5/g, '');
      const words = new Set(text.match(/[A-Za-z]{2,}/g) ?? []);
      const allowed = new Set(['Cost', 'Explorer', 'UnblendedCost', 'USD', 'US', 'GMT', 'EC', 'S3']);
      expect([...words].filter((w) => !allowed.has(w))).toEqual([]);
    },
  );

  it('says "1 other account" in the singular in English', () => {
    const s = snapshot();
    const vm = reportViewModel({
      snapshot: { ...s, accounts: s.accounts.slice(0, 6) },
      coverage: noCoverage,
      config,
    });

    expect(vm.accounts.rows.at(-1)?.name).toBe('1 other account');
  });
});
