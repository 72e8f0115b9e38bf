import {
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ORGANIZATIONS_PARALLEL_READS, readActiveAccounts } from '../handlers/lib/org/org-accounts.js';

const orgs = mockClient(OrganizationsClient);
const OUS = Array.from({ length: 10 }, (_, i) => `ou-ab12-team${i}`);
const PAGES = 3;

describe('the organisation’s active accounts, read per OU', () => {
  let inFlight = 0;
  let most = 0;
  let calls = 0;
  /** An answer that arrives a few turns of the event loop later, counting how many are pending meanwhile. */
  const later = async <T>(answer: T): Promise<T> => {
    calls++;
    inFlight++;
    most = Math.max(most, inFlight);
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
    inFlight--;
    return answer;
  };
  beforeEach(() => {
    orgs.reset();
    inFlight = 0;
    most = 0;
    calls = 0;
    orgs.on(ListRootsCommand).callsFake(() => later({ Roots: [{ Id: 'r-ab12' }] }));
    orgs
      .on(ListOrganizationalUnitsForParentCommand)
      .callsFake((input: { ParentId: string }) =>
        later({ OrganizationalUnits: input.ParentId === 'r-ab12' ? OUS.map((Id) => ({ Id })) : [] }),
      );
    orgs.on(ListAccountsForParentCommand).callsFake((input: { ParentId: string; NextToken?: string }) => {
      if (input.ParentId === 'r-ab12') return later({ Accounts: [{ Id: '100000000001', State: 'ACTIVE' }] });
      const page = Number(input.NextToken ?? 0);
      const team = OUS.indexOf(input.ParentId);
      return later({
        Accounts: [
          { Id: `3${String(team).padStart(2, '0')}00000000${page}`, Name: `team ${team}`, State: 'ACTIVE' },
          { Id: `4${String(team).padStart(2, '0')}00000000${page}`, State: 'SUSPENDED' },
        ],
        ...(page + 1 < PAGES ? { NextToken: String(page + 1) } : {}),
      });
    });
  });

  it('lists every OU’s pages with several OUs in flight, never more than the bound', async () => {
    const accounts = await readActiveAccounts(new OrganizationsClient({}));

    expect(accounts.size).toBe(1 + OUS.length * PAGES);
    expect(accounts.get('300000000002')).toBe('team 0');
    expect(accounts.has('400000000000')).toBe(false);
    expect(most).toBe(ORGANIZATIONS_PARALLEL_READS);
  });

  it('fails as a whole and starts no more reads once one has failed', async () => {
    const denied = Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' });
    orgs.on(ListAccountsForParentCommand, { ParentId: OUS[0] }).rejects(denied);

    await expect(readActiveAccounts(new OrganizationsClient({}))).rejects.toBe(denied);
    const after = calls;
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));

    expect(calls).toBe(after);
    expect(calls).toBeLessThan(2 + OUS.length * (PAGES + 1));
  });
});
