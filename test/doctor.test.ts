import { describe, expect, it } from 'vitest';
import { runDoctor } from '../cli/doctor/doctor.js';
import { type AccountSetup, healthyAccountSetup } from '../local/account-setup.js';
import { sampleOrganisationFixture } from '../local/organization-fixture.js';
import { exampleConfig } from './helpers/config.js';

const config = exampleConfig();
const healthy = healthyAccountSetup(config);
const organisation = sampleOrganisationFixture(config);
const NAMES = [
  'credentials',
  'billing alerts',
  'member metric dimensions',
  'Cost Explorer',
  'StackSets access',
  'SES sender',
  'billing stack',
  'stack instances',
  'member alarms',
];

const doctor = (setup: Partial<AccountSetup> = {}, org = organisation) =>
  runDoctor({ config, local: true, setup: { ...healthy, ...setup }, organisation: org });
const verdict = async (name: string, setup: Partial<AccountSetup>, org = organisation) =>
  (await doctor(setup, org)).find((c) => c.name === name);

describe('doctor against the stand-ins', () => {
  it('passes every check, in order, on a healthy setup', async () => {
    const checks = await doctor();

    expect(checks.map((c) => c.name)).toEqual(NAMES);
    expect(checks.map((c) => c.status)).toEqual(NAMES.map(() => 'ok'));
  });

  it.each([
    ['credentials', { callerAccount: undefined }, /no usable credentials/],
    ['credentials', { callerAccount: '210000000001' }, /is not the management account/],
    ['credentials', { organizationId: 'o-zzzzzzzzzz' }, /configuration names o-a1b2c3d4e5/],
    ['billing alerts', { billingMetricDimensions: [] }, /billing alerts are off/],
    ['Cost Explorer', { costExplorerEnabled: false }, /User not enabled for cost explorer access/],
    [
      'StackSets access',
      { stackSetsTrustedAccess: false },
      /trusted access for CloudFormation StackSets is off/,
    ],
    ['SES sender', { sesIdentity: undefined }, /is not a verified SES identity/],
    ['SES sender', { sesIdentity: { verified: false, dkim: 'PENDING' } }, /is not a verified SES identity/],
    ['billing stack', { billingStack: undefined }, /is not deployed/],
    ['billing stack', { billingStack: 'ROLLBACK_COMPLETE' }, /is ROLLBACK_COMPLETE/],
  ] as const)('fails "%s" when broken (%o), with a fix', async (name, setup, detail) => {
    const check = await verdict(name, setup);

    expect(check?.status).toBe('fail');
    expect(check?.detail).toMatch(detail);
    expect(check?.fix).toBeTruthy();
  });

  it('warns on the SES sandbox and on missing DKIM, and on undocumented member dimensions', async () => {
    expect(await verdict('SES sender', { sesProductionAccess: false })).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('sandbox'),
    });
    expect(await verdict('SES sender', { sesIdentity: { verified: true, dkim: 'PENDING' } })).toMatchObject({
      status: 'warn',
    });
    expect(
      await verdict('member metric dimensions', { billingMetricDimensions: [['Currency']] }),
    ).toMatchObject({ status: 'warn' });
  });

  it('counts stack instances by status: INOPERABLE fails, OUTDATED warns, none fails', async () => {
    const withStatus = (status: 'OUTDATED' | 'INOPERABLE') => ({
      ...organisation,
      instances: organisation.instances.map((i, n) => (n === 0 ? { ...i, status } : i)),
    });

    const inoperable = await verdict('stack instances', {}, withStatus('INOPERABLE'));
    const outdated = await verdict('stack instances', {}, withStatus('OUTDATED'));
    const none = await verdict('stack instances', {}, { ...organisation, instances: [] });

    expect(inoperable).toMatchObject({ status: 'fail', detail: '12 CURRENT, 0 OUTDATED, 1 INOPERABLE' });
    expect(outdated).toMatchObject({ status: 'warn', detail: '12 CURRENT, 1 OUTDATED, 0 INOPERABLE' });
    expect(none?.status).toBe('fail');
  });

  it('fails on member alarms stuck in INSUFFICIENT_DATA for over a day, and warns before any state arrived', async () => {
    const old = new Date(Date.now() - 30 * 3_600_000).toISOString();
    const stuck = await runDoctor({
      config,
      local: true,
      setup: healthy,
      organisation,
      alarmStates: [
        { accountId: '210000000002', tier: 'critical', state: 'INSUFFICIENT_DATA', changedAt: old },
      ],
    });
    const none = await runDoctor({ config, local: true, setup: healthy, organisation, alarmStates: [] });

    expect(stuck.find((c) => c.name === 'member alarms')).toMatchObject({
      status: 'fail',
      detail: '1 alarm(s) in INSUFFICIENT_DATA for over 24 h: 210000000002 critical',
      fix: expect.stringContaining('memberMetricDimensions'),
    });
    expect(none.find((c) => c.name === 'member alarms')?.status).toBe('warn');
  });
});
