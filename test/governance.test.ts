import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { describe, expect, it } from 'vitest';
import { thresholdOf, twoTierLadder } from '../handlers/contract/ladder.js';
import { applyUpdates, callsFor, MAX_OUS_PER_CALL } from '../handlers/lib/governance/apply-thresholds.js';
import { desiredThresholds } from '../handlers/lib/governance/desired-thresholds.js';
import { orgCopyRecord } from '../handlers/lib/governance/org-copy-record.js';
import { planThresholds } from '../handlers/lib/governance/threshold-plan.js';
import type { OrgCopyRecord } from '../handlers/lib/state/org-copy.js';
import { startGovernance } from '../local/governance-server.js';
import { sampleOrganisationFixture } from '../local/organization-fixture.js';
import { exampleConfig } from './helpers/config.js';

const config = exampleConfig();
const local = { region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } };

describe('desired thresholds', () => {
  it('takes default, then OU override, then account override, then the account tags, tier by tier', () => {
    expect(desiredThresholds(config, '299999999999', undefined)).toMatchObject({
      ladder: twoTierLadder(2000, 3000),
      source: 'default',
    });
    expect(desiredThresholds(config, '220000000001', 'ou-a1b2-sandboxes')).toMatchObject({
      ladder: twoTierLadder(150, 300),
      source: 'organizationalUnit',
    });
    expect(desiredThresholds(config, '210000000001', 'ou-a1b2-workloads')).toMatchObject({
      ladder: twoTierLadder(4000, 6000, 500),
      source: 'account',
    });
    expect(
      desiredThresholds(config, '210000000001', 'ou-a1b2-workloads', { 'billing-alarms:critical': '7000' }),
    ).toMatchObject({ ladder: twoTierLadder(4000, 7000, 500), source: 'tag', tagProblems: [] });
  });

  it('ignores, and names, a tag that is not a number or would put warning above critical', () => {
    const bad = desiredThresholds(config, '220000000001', 'ou-a1b2-sandboxes', {
      'billing-alarms:warning': 'lots',
    });
    const inverted = desiredThresholds(config, '220000000001', 'ou-a1b2-sandboxes', {
      'billing-alarms:warning': '500',
    });

    expect(bad).toMatchObject({ ladder: twoTierLadder(150, 300), source: 'organizationalUnit' });
    expect(bad.tagProblems).toEqual([
      'tag billing-alarms:warning="lots" ignored: must be a number (an amount in the billing currency)',
    ]);
    expect(inverted).toMatchObject({ ladder: twoTierLadder(150, 300) });
    expect(inverted.tagProblems[0]).toContain('at or above the critical one');
  });

  it.each([
    ['billing-alarms:critical', '0', /must be more than zero \(the critical alarm cannot be turned off\)/],
    ['billing-alarms:critical', '1e308', /must be at most 1,000,000,000/],
    ['billing-alarms:warning', '-5', /must be zero or more/],
    ['billing-alarms:warning', ' ', /must be a number/],
  ])('holds tags to the configuration’s own rules: %s=%s is ignored', (tag, value, why) => {
    const desired = desiredThresholds(config, '220000000001', 'ou-a1b2-sandboxes', { [tag]: value });

    expect(desired).toMatchObject({ ladder: twoTierLadder(150, 300), source: 'organizationalUnit' });
    expect(desired.tagProblems).toEqual([expect.stringMatching(why)]);
  });
});

describe('applying thresholds', () => {
  it('makes one call per threshold pair, never more than 50 OUs in one', () => {
    const updates = Array.from({ length: 120 }, (_, i) => ({
      accountId: String(300000000000 + i),
      ouId: `ou-a1b2-${String(i).padStart(8, '0')}`,
      desired: i % 2 ? twoTierLadder(10, 20) : twoTierLadder(30, 40),
    }));

    const calls = callsFor(updates);

    expect(calls.map((c) => c.ous.length)).toEqual([50, 10, 50, 10]);
    expect(calls.every((c) => c.ous.length <= MAX_OUS_PER_CALL)).toBe(true);
    expect(
      new Set(
        calls.map((c) => `${thresholdOf(c.thresholds, 'warning')}/${thresholdOf(c.thresholds, 'critical')}`),
      ),
    ).toEqual(new Set(['30/40', '10/20']));
    expect(calls.flatMap((c) => c.accounts).sort()).toEqual(updates.map((u) => u.accountId).sort());
  });

  it('names the accounts from the organisation copy when it names them all, without paging ListAccounts', async () => {
    const stand = await startGovernance(sampleOrganisationFixture(config));
    const cfn = new CloudFormationClient({ ...local, endpoint: stand.cloudFormationEndpoint });
    const orgs = new OrganizationsClient({ ...local, endpoint: stand.organizationsEndpoint });
    const ref = { cfn, stackSetName: stand.state().stackSetName, callAs: 'SELF' as const };
    const copyOf = (ids: readonly string[], named: (id: string) => boolean) => ({
      getMany: async (wanted: readonly string[]) =>
        new Map<string, OrgCopyRecord>(
          wanted
            .filter((id) => ids.includes(id))
            .map((id) => [
              id,
              orgCopyRecord(
                config,
                { accountId: id, ouPath: [], ...(named(id) ? { name: `copy-${id}` } : {}) },
                new Date(),
                'report',
              ),
            ]),
        ),
    });
    try {
      const live = await planThresholds(orgs, ref, config);
      const ids = live.facts.map((f) => f.accountId);
      const callsLive = stand.stats.organizations;
      const fromCopy = await planThresholds(
        orgs,
        ref,
        config,
        undefined,
        copyOf(ids, () => true),
      );
      const callsCopy = stand.stats.organizations - callsLive;
      const partial = await planThresholds(
        orgs,
        ref,
        config,
        undefined,
        copyOf(ids, (id) => id !== ids[0]),
      );

      expect(fromCopy.facts.map((f) => f.name)).toEqual(ids.map((id) => `copy-${id}`));
      // Fewer calls by the ListAccounts pages; the tags and OUs are still read.
      expect(callsCopy).toBeLessThan(callsLive);
      expect(fromCopy.updates).toEqual(live.updates);
      // One account unnamed in the copy: every name from ListAccounts, as without a copy.
      expect(partial.facts.map((f) => f.name)).toEqual(live.facts.map((f) => f.name));
    } finally {
      orgs.destroy();
      cfn.destroy();
      await stand.stop();
    }
  });

  it('retries a StackSet busy with another operation, waits for its own, and the plan is empty after', async () => {
    const stand = await startGovernance(sampleOrganisationFixture(config));
    stand.setFaults({ busy: 2 });
    const cfn = new CloudFormationClient({ ...local, endpoint: stand.cloudFormationEndpoint });
    const orgs = new OrganizationsClient({ ...local, endpoint: stand.organizationsEndpoint });
    const ref = { cfn, stackSetName: stand.state().stackSetName, callAs: 'SELF' as const };
    try {
      const plan = await planThresholds(orgs, ref, config);
      const outcomes = await applyUpdates(ref, plan.updates, { pollMs: 5 });
      const after = await planThresholds(orgs, ref, config);

      expect(plan.updates.map((u) => u.accountId)).toEqual(['220000000004']);
      expect(outcomes).toEqual([
        expect.objectContaining({
          accountId: '220000000004',
          status: 'SUCCEEDED',
          thresholds: twoTierLadder(150, 300),
        }),
      ]);
      expect(stand.stats.updates).toBe(1);
      expect(after.changes).toEqual([]);
    } finally {
      cfn.destroy();
      orgs.destroy();
      await stand.stop();
    }
  });
});
