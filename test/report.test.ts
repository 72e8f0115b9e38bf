import {
  CloudFormationClient,
  DescribeStackInstanceCommand,
  DescribeStackSetCommand,
  ListStackInstancesCommand,
} from '@aws-sdk/client-cloudformation';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { sum } from '../handlers/lib/costs/money.js';
import { readCoverage } from '../handlers/lib/org/coverage.js';
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

function snapshot() {
  return testSnapshot(
    Array.from({ length: 9 }, (_, i) => ({
      id: `21000000000${i}`,
      name: i === 3 ? '<b>R&D</b> "lab"' : `acct-${i}`,
      byService: { EC2: 1000 - i * 100, S3: 50 },
      daily: days(10 + i),
      sameDaysLastMonth: 400,
      credits: i === 0 ? -30 : 0,
    })),
  );
}

const noCoverage = missing('AccessDeniedException: not allowed');

describe('report view-model', () => {
  it('ranks the top N accounts by cost with shares that add up to 100 and an others row', () => {
    const vm = reportViewModel({ snapshot: snapshot(), coverage: noCoverage, config });

    expect(vm.accounts.rows.map((r) => r.name)).toEqual([
      'acct-0 (210000000000)',
      'acct-1 (210000000001)',
      'acct-2 (210000000002)',
      '<b>R&D</b> "lab" (210000000003)',
      'acct-4 (210000000004)',
      '4 other accounts',
    ]);
    expect(vm.accounts.rows[0]?.amount).toBe('$1,050.00');
    expect(sum(vm.accounts.rows.map((r) => Number(r.share.replace('%', ''))))).toBe(100);
    expect(vm.services.rows.map((r) => r.name)).toEqual(['EC2', 'S3']);
  });

  it('shows credits apart and the net, the change against last month and the org forecast', () => {
    const vm = reportViewModel({ snapshot: snapshot(), coverage: noCoverage, config });

    expect(vm.facts).toEqual(
      expect.arrayContaining([
        { label: 'Month to date (usage)', value: '$5,850.00' },
        { label: 'Same days last month', value: '$3,600.00' },
        { label: 'Change', value: '+62.5%' },
        { label: 'Forecast to month end', value: '$6,850.00' },
        { label: 'Credits', value: '-$30.00' },
        { label: 'Net after credits and refunds', value: '$5,820.00' },
      ]),
    );
  });

  it('stacks each day exactly to its scaled height: top accounts in colour, the rest as others', () => {
    const vm = reportViewModel({ snapshot: snapshot(), coverage: noCoverage, config });

    expect(vm.chart.days).toHaveLength(14);
    for (const d of vm.chart.days) {
      expect(d.gap + sum(d.segments.map((s) => s.height))).toBe(96);
      expect(d.segments).toHaveLength(7);
    }
    expect(vm.chart.legend.at(-1)?.name).toBe('Others');
  });

  it('highlights accounts above their warning tier in the threshold table', () => {
    const s = snapshot();
    const big = s.accounts[0] as { monthToDate: number };
    big.monthToDate = 3500;
    const vm = reportViewModel({ snapshot: s, coverage: noCoverage, config });

    expect(vm.thresholds.rows[0]).toMatchObject({
      name: 'acct-0 (210000000000)',
      use: '116.7%',
      background: '#fee2e2',
    });
    expect(vm.thresholds.summary).toBe('1 over critical, 0 over warning, 8 below warning.');
  });

  it('marks an unavailable coverage section instead of failing', () => {
    const vm = reportViewModel({ snapshot: snapshot(), coverage: noCoverage, config });

    expect(vm.coverage).toBeNull();
    expect(vm.unavailable?.items).toEqual(['Coverage: AccessDeniedException: not allowed.']);
  });
});

describe('coverage', () => {
  beforeEach(() => {
    orgs.reset();
    cfn.reset();
    orgs
      .on(ListAccountsCommand)
      .resolvesOnce({
        Accounts: [
          { Id: '100000000001', Name: 'management', State: 'ACTIVE' },
          { Id: '210000000001', Name: 'payments', State: 'ACTIVE' },
        ],
        NextToken: 'next',
      })
      .resolvesOnce({
        Accounts: [
          { Id: '220000000009', Name: 'new sandbox', State: 'ACTIVE' },
          { Id: '230000000001', Name: 'acquired', State: 'ACTIVE' },
          { Id: '240000000001', Name: 'broken', State: 'ACTIVE' },
          { Id: '250000000001', Name: 'closed', State: 'SUSPENDED' },
        ],
      });
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
        ParameterOverrides: [
          { ParameterKey: 'CriticalThreshold', ParameterValue: '6000' },
          { ParameterKey: 'WarningThreshold', ParameterValue: '4000' },
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
        expected: { warning: 150, critical: 300 },
        deployed: { warning: 2000, critical: 3000 },
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
      expected: { critical: 3000 },
      deployed: { critical: 1000 },
    });
  });

  it('fails with a named error that keeps the cause when access is denied', async () => {
    const cause = Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' });
    orgs.on(ListAccountsCommand).rejects(cause);

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
