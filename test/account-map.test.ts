import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAccountsOption, costsOrganisation, readAccountMap } from '../cli/account-map.js';
import { UsageError } from '../cli/command.js';
import { policyFor } from '../handlers/contract/config/thresholds.js';
import { thresholdOf } from '../handlers/contract/ladder.js';
import { tempOut } from './helpers/bundles.js';
import { exampleConfig } from './helpers/config.js';

const config = exampleConfig();
const costs = {
  accounts: () => [
    { id: '444455556666', name: 'checkout' },
    { id: '444455557777', name: 'sandbox-1' },
    { id: '444455558888', name: 'tools' },
  ],
};
const file = (name: string, text: string) => {
  const path = join(tempOut(), name);
  writeFileSync(path, text);
  return path;
};

describe('--accounts FILE', () => {
  it('reads a CSV with id, name and ou columns (any order, FOCUS-like names too)', () => {
    const path = file(
      'a.csv',
      'OU,SubAccountId,SubAccountName\nou-a1b2-sandboxes,444455557777,개발 샌드박스\n,444455558888,tools\n',
    );

    expect([...readAccountMap(path)]).toEqual([
      ['444455557777', { name: '개발 샌드박스', ou: 'ou-a1b2-sandboxes' }],
      ['444455558888', { name: 'tools' }],
    ]);
  });

  it('reads YAML as a list or as a map from id to name and OU', () => {
    const list = file('a.yaml', '- id: "444455557777"\n  ou: ou-a1b2-sandboxes\n');
    const map = file('b.yml', '"444455557777": { name: sandbox-1, ou: ou-a1b2-sandboxes }\n');

    expect(readAccountMap(list).get('444455557777')).toEqual({ ou: 'ou-a1b2-sandboxes' });
    expect(readAccountMap(map).get('444455557777')).toEqual({ name: 'sandbox-1', ou: 'ou-a1b2-sandboxes' });
  });

  it('names the file, the row and the field of a bad entry', () => {
    const badId = file('bad.csv', 'id,ou\n444455556666,ou-a1b2-workloads\n4444,\n');
    const badOu = file('bad.yaml', '- { id: "444455556666", ou: workloads }\n');
    const noId = file('noid.csv', 'name,ou\nx,ou-a1b2-workloads\n');

    expect(() => readAccountMap(badId)).toThrow(
      /^--accounts .*bad\.csv line 3: id must be a 12-digit AWS account id/,
    );
    expect(() => readAccountMap(badOu)).toThrow(/bad\.yaml item 1: ou must be an organizational unit id/);
    expect(() => readAccountMap(noId)).toThrow(/the header has no id column/);
    expect(() => readAccountMap(join(tempOut(), 'missing.csv'))).toThrow(UsageError);
  });

  it('is refused without --costs: the sample organisation has its OUs already', () => {
    expect(() => checkAccountsOption({ accounts: 'a.csv' })).toThrow(/add --costs CSV/);
  });
});

describe('a --costs preview’s organisation', () => {
  it('says every account is on the default thresholds when no --accounts maps them', () => {
    const notes: string[] = [];

    const org = costsOrganisation({ costs: 'x.csv' }, costs, config, (n) => notes.push(n));

    expect(notes).toEqual([
      expect.stringMatching(
        /^note: --costs: a cost export names no OUs, so this preview puts every account in ou-a1b2-workloads on the default thresholds \(warning 2000, critical 3000 USD\).*--accounts FILE/,
      ),
    ]);
    expect(new Set(org.instances.map((i) => i.ou))).toEqual(new Set(['ou-a1b2-workloads']));
  });

  it('places mapped accounts in their OUs, with their names and the OU’s thresholds, and counts the rest', () => {
    const notes: string[] = [];
    const placed = file(
      'p.csv',
      'id,name,ou\n444455557777,sandbox-one,ou-a1b2-sandboxes\n444455556666,,ou-a1b2-nested01\n',
    );

    const org = costsOrganisation({ costs: 'x.csv', accounts: placed }, costs, config, (n) => notes.push(n));

    const instance = (id: string) => org.instances.find((i) => i.account === id);
    expect(instance('444455557777')?.ou).toBe('ou-a1b2-sandboxes');
    expect(org.accounts.find((a) => a.id === '444455557777')?.name).toBe('sandbox-one');
    expect(
      thresholdOf(policyFor(config, '444455557777', instance('444455557777')?.ou).ladder, 'warning'),
    ).toBe(150);
    // An OU that is not a target: nested below the first target OU, which holds the instance.
    expect(org.accounts.find((a) => a.id === '444455556666')?.parentId).toBe('ou-a1b2-nested01');
    expect(org.nestedOus).toEqual([{ id: 'ou-a1b2-nested01', parentId: 'ou-a1b2-workloads' }]);
    expect(notes[0]).toMatch(
      /^note: --accounts .*p\.csv: 2 of 3 accounts placed in their OUs; 1 not in the file/,
    );
  });
});
