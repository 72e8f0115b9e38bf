import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../handlers/contract/config/load.js';
import {
  accountsByOu,
  checkStackSetResource,
  instancesCreatedBy,
  type StackSetResourceProperties,
} from '../local/stack-set-resource.js';
import { exampleConfigInput } from './helpers/config.js';
import { buildTestApp } from './helpers/synth.js';

const MANAGEMENT = { accountId: '100000000001', managementAccountId: '100000000001' };

function stackSetOf(input: Record<string, any>): StackSetResourceProperties {
  const template = Template.fromStack(buildTestApp(parseConfig(input)).stack);
  const [stackSet] = Object.values(template.findResources('AWS::CloudFormation::StackSet'));
  return stackSet?.Properties as StackSetResourceProperties;
}

const ous = (n: number) => Array.from({ length: n }, (_, i) => `ou-a1b2-${String(i).padStart(8, '0')}`);

describe("the StackSet resource's rules", () => {
  it.each([
    ['the example (two account overrides, one OU override)', (c: Record<string, any>) => c],
    [
      'many account overrides and nested OU overrides',
      (c: Record<string, any>) => {
        c.thresholds.accounts = Array.from({ length: 40 }, (_, i) => ({
          id: String(210000000100 + i),
          warning: 10 + i,
          critical: 100 + i,
        }));
        c.thresholds.organizationalUnits.push(
          { id: 'ou-a1b2-nestedaa', warning: 0, critical: 50 },
          { id: 'ou-a1b2-nestedbb', warning: 5, critical: 40 },
        );
        return c;
      },
    ],
    [
      '120 target OUs, each with an override',
      (c: Record<string, any>) => {
        c.organization.targetOrganizationalUnitIds = ous(120);
        c.thresholds.organizationalUnits = ous(120).map((id, i) => ({ id, warning: 50, critical: 100 + i }));
        return c;
      },
    ],
    [
      'payer placement and no reserved concurrency',
      (c: Record<string, any>) => ({ ...c, alarms: { placement: 'payer' }, reservedConcurrency: false }),
    ],
  ])(
    'accepts what synth writes for %s: each OU in one group, no overrides in the template',
    (_name, edit) => {
      const props = stackSetOf(edit(exampleConfigInput()));

      expect(() => checkStackSetResource(props, MANAGEMENT)).not.toThrow();
      expect(props.StackInstancesGroup).toHaveLength(1);
      expect(props.StackInstancesGroup?.[0]?.ParameterOverrides).toBeUndefined();
      expect(props.CallAs).toBe('SELF');
    },
  );

  it('refuses what the handler refuses: an OU in two parameter sets, even equal ones, and DELEGATED_ADMIN from the management account', () => {
    // The layout this project synthesized before: default group minus overridden accounts, and an
    // account group over the same OUs with its own overrides.
    const overlapping: StackSetResourceProperties = {
      PermissionModel: 'SERVICE_MANAGED',
      StackInstancesGroup: [
        {
          Regions: ['us-east-1'],
          DeploymentTargets: {
            OrganizationalUnitIds: ['ou-a1b2-workloads'],
            Accounts: ['210000000001'],
            AccountFilterType: 'DIFFERENCE',
          },
        },
        {
          Regions: ['us-east-1'],
          DeploymentTargets: {
            OrganizationalUnitIds: ['ou-a1b2-workloads'],
            Accounts: ['210000000001'],
            AccountFilterType: 'INTERSECTION',
          },
          ParameterOverrides: [{ ParameterKey: 'CriticalThreshold', ParameterValue: '6000' }],
        },
      ],
    };
    const equal = (ParameterOverrides: { ParameterKey: string; ParameterValue: string }[]) => ({
      Regions: ['us-east-1'],
      DeploymentTargets: { OrganizationalUnitIds: ['ou-a1b2-sandboxes'] },
      ParameterOverrides,
    });
    const same = [{ ParameterKey: 'CriticalThreshold', ParameterValue: '300' }];

    expect(() => checkStackSetResource(overlapping, MANAGEMENT)).toThrow(
      'An OrganizationalUnitIds cannot be associated with more than one Parameters set',
    );
    expect(() =>
      checkStackSetResource({ StackInstancesGroup: [equal(same), equal([...same])] }, MANAGEMENT),
    ).toThrow(/more than one Parameters set/);
    expect(() =>
      checkStackSetResource(
        { ...overlapping, CallAs: 'DELEGATED_ADMIN', StackInstancesGroup: [] },
        MANAGEMENT,
      ),
    ).toThrow(/DELEGATED_ADMIN is not allowed from the management account/);
    expect(() =>
      checkStackSetResource({ OperationPreferences: { FailureTolerancePercentage: 101 } }, MANAGEMENT),
    ).toThrow(/FailureTolerancePercentage/);
  });

  it('creates one instance per account of the targeted OUs, on the StackSet defaults', () => {
    const props = stackSetOf(exampleConfigInput());
    const created = instancesCreatedBy(
      props,
      accountsByOu({
        instances: [
          {
            account: '210000000001',
            ou: 'ou-a1b2-workloads',
            status: 'CURRENT',
            detailedStatus: 'SUCCEEDED',
            parameterOverrides: {},
          },
          {
            account: '220000000001',
            ou: 'ou-a1b2-sandboxes',
            status: 'CURRENT',
            detailedStatus: 'SUCCEEDED',
            parameterOverrides: {},
          },
          {
            account: '230000000001',
            ou: 'ou-a1b2-elsewhere',
            status: 'CURRENT',
            detailedStatus: 'SUCCEEDED',
            parameterOverrides: {},
          },
        ],
      }),
    );

    expect(created.map((i) => [i.account, i.ou, i.parameterOverrides])).toEqual([
      ['210000000001', 'ou-a1b2-workloads', {}],
      ['220000000001', 'ou-a1b2-sandboxes', {}],
    ]);
  });
});
