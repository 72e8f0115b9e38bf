import { describe, expect, it } from 'vitest';
import { runDoctor } from '../cli/doctor/doctor.js';
import { parseConfig } from '../handlers/contract/config/load.js';
import { type AccountSetup, healthyAccountSetup, type LocalTrail } from '../local/account-setup.js';
import { sampleOrganisationFixture } from '../local/organization-fixture.js';
import { exampleConfig, exampleConfigInput } from './helpers/config.js';

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
  'SES production access',
  'CloudTrail trail',
  'fast-burn launches',
  'Lambda concurrency',
  'billing stack',
  'stack instances',
  'member alarms',
  'billing metric',
  'operator subscriptions',
  'recipients',
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

  it('warns on missing DKIM, and on undocumented member dimensions', async () => {
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
        { accountId: '210000000002', rung: 'critical', state: 'INSUFFICIENT_DATA', changedAt: old },
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

describe('doctor: recipients SES reported on', () => {
  it('warns naming each recipient that bounced or complained, with SES’s words and how often', async () => {
    const checks = await runDoctor({
      config,
      local: true,
      setup: healthy,
      organisation,
      recipientFeedback: [
        {
          address: 'Gone@Example.com',
          kind: 'bounce',
          detail: 'Permanent/General 5.1.1',
          at: '2026-11-20T09:00:00Z',
        },
        {
          address: 'gone@example.com',
          kind: 'bounce',
          detail: 'Permanent/General 5.1.1',
          at: '2026-11-21T09:00:00Z',
        },
        { address: 'angry@example.com', kind: 'complaint', detail: 'abuse', at: '2026-11-19T09:00:00Z' },
      ],
    });

    expect(checks.find((c) => c.name === 'recipients')).toMatchObject({
      status: 'warn',
      detail:
        '2 recipient(s) bounced, complained or were rejected: gone@example.com (bounce: Permanent/General 5.1.1; 2×, last 2026-11-21), angry@example.com (complaint: abuse; 1×, last 2026-11-19)',
      fix: expect.stringContaining('recipients'),
    });
  });
});

describe('doctor: the operator runbook checks, each broken in the stand-in', () => {
  const trail = healthy.trails[0] as LocalTrail;
  const withTrail = (t: Partial<LocalTrail>) => ({ trails: [{ ...trail, ...t }] });

  it('passes a trail homed in us-east-1, and one with advanced selectors for write management events', async () => {
    const homed = await verdict('CloudTrail trail', withTrail({ multiRegion: false }));
    const advanced = await verdict(
      'CloudTrail trail',
      withTrail({ advanced: true, managementEvents: 'WriteOnly' }),
    );

    expect(homed).toMatchObject({ status: 'ok', detail: expect.stringContaining('in us-east-1, logging') });
    expect(advanced?.status).toBe('ok');
  });

  it.each([
    ['no trail', { trails: [] }, /no trail/, /create a multi-Region trail/],
    ['a trail not logging', withTrail({ logging: false }), /is not logging/, /start-logging/],
    [
      'a single-Region trail elsewhere',
      withTrail({ multiRegion: false, homeRegion: 'eu-west-1' }),
      /covers eu-west-1 only, not us-east-1/,
      /--is-multi-region-trail/,
    ],
    [
      'management events excluded',
      withTrail({ managementEvents: 'none' }),
      /logs no write management events/,
      /Management events/,
    ],
    [
      'read management events only',
      withTrail({ managementEvents: 'ReadOnly' }),
      /no write management/,
      /All or Write/,
    ],
    [
      'advanced selectors for reads only',
      withTrail({ advanced: true, managementEvents: 'ReadOnly' }),
      /no write management/,
      /All or Write/,
    ],
  ] as const)('fails "CloudTrail trail" with %s', async (_, setup, detail, fix) => {
    const check = await verdict('CloudTrail trail', setup);

    expect(check).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(detail),
      fix: expect.stringMatching(fix),
    });
  });

  it('checks for an organisation trail only when fast burn is on, and warns without one', async () => {
    const input = exampleConfigInput() as Record<string, any>;
    input.thresholds.default.fastBurn = { enabled: true };
    const on = parseConfig(input);
    const run = (trails: LocalTrail[]) =>
      runDoctor({ config: on, local: true, setup: { ...healthy, trails }, organisation }).then((checks) =>
        checks.find((c) => c.name === 'fast-burn launches'),
      );

    const off = await verdict('fast-burn launches', {});
    const without = await run([trail]);
    const withOrg = await run([{ ...trail, organization: true }]);

    expect(off).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^off/) });
    expect(without).toMatchObject({
      status: 'warn',
      detail: expect.stringMatching(/no organisation trail/),
      fix: expect.stringMatching(/organisation trail/),
    });
    expect(withOrg).toMatchObject({ status: 'ok', detail: expect.stringMatching(/seen in us-east-1 only/) });
  });

  it('names the closest trail when none qualifies', async () => {
    const check = await verdict('CloudTrail trail', {
      trails: [
        { ...trail, name: 'data-only', managementEvents: 'none', logging: false },
        { ...trail, name: 'stopped', logging: false },
      ],
    });

    expect(check).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/^trail stopped \(closest of 2 trails\) is not logging/),
    });
  });

  it('fails "Lambda concurrency" on a quota of 10, passes on 1,000, and notes reservedConcurrency: false', async () => {
    const small = await verdict('Lambda concurrency', { lambdaConcurrencyLimit: 10 });
    const tight = await verdict('Lambda concurrency', {
      lambdaConcurrencyLimit: 1000,
      lambdaReservedElsewhere: 893,
    });
    const roomy = await verdict('Lambda concurrency', {
      lambdaConcurrencyLimit: 1000,
      lambdaReservedElsewhere: 892,
    });
    const off = await runDoctor({
      config: { ...config, reservedConcurrency: false },
      local: true,
      setup: { ...healthy, lambdaConcurrencyLimit: 10 },
      organisation,
    });

    expect(small).toMatchObject({
      status: 'fail',
      detail:
        'the stack reserves 8 (alarm 5, governance 1, publisher 2) but only 10 of 10 executions are unreserved; Lambda keeps 100 unreserved, so the deploy would fail',
      fix: expect.stringContaining('set reservedConcurrency: false'),
    });
    expect(tight?.status).toBe('fail');
    expect(roomy?.status).toBe('ok');
    expect(off.find((c) => c.name === 'Lambda concurrency')).toMatchObject({
      status: 'ok',
      detail: expect.stringMatching(
        /^reservedConcurrency: false, nothing reserved \(quota 10, 10 unreserved\); note:/,
      ),
    });
  });

  it('fails "SES production access" in the sandbox with unverified recipients, warns when all are verified, fails when sending is paused', async () => {
    const sandbox = await verdict('SES production access', {
      sesProductionAccess: false,
      sesVerifiedIdentities: ['billing-alarms@example.com', 'finops@example.com'],
    });
    const verified = await verdict('SES production access', {
      sesProductionAccess: false,
      sesVerifiedIdentities: ['billing-alarms@example.com', 'example.com'],
    });
    const paused = await verdict('SES production access', { sesSendingEnabled: false });

    expect(sandbox).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining(
        'the SES sandbox only delivers to verified addresses: 4 of 5 recipient(s) in the configuration are not verified (cloud-coe@example.com,',
      ),
      fix: expect.stringContaining('request production access'),
    });
    expect(verified).toMatchObject({
      status: 'warn',
      fix: expect.stringContaining('request production access'),
    });
    expect(paused).toMatchObject({ status: 'fail', detail: expect.stringContaining('sending is paused') });
  });

  it('"billing metric" counts payer metrics and silent member alarms, and advises on alarms.placement', async () => {
    const members = organisation.accounts
      .map((a) => a.id)
      .filter((id) => id !== config.organization.managementAccountId);
    const quiet = members.slice(0, 11);
    const old = new Date(Date.now() - 30 * 3_600_000).toISOString();
    const alarmStates = members.flatMap((accountId) => [
      {
        accountId,
        rung: 'critical' as const,
        state: quiet.includes(accountId) ? ('INSUFFICIENT_DATA' as const) : ('OK' as const),
        changedAt: old,
      },
    ]);
    const run = (placement: 'auto' | 'member' | 'payer', metrics: readonly string[]) =>
      runDoctor({
        config: { ...config, alarms: { ...config.alarms, placement } },
        local: true,
        setup: { ...healthy, linkedAccountMetrics: metrics },
        organisation,
        alarmStates,
      }).then((checks) => checks.find((c) => c.name === 'billing metric'));

    const auto = await run('auto', members.slice(2));
    const member = await run('member', members);
    const payer = await run('payer', members.slice(1));
    const noPayerMetric = await run('auto', members.slice(11));

    expect(members).toHaveLength(14);
    expect(auto).toMatchObject({
      status: 'warn',
      detail: expect.stringMatching(
        /^payer metric for 12 of 14 accounts; member alarms reported for 3 account\(s\), silent for 11 → placement auto: 11 account\(s\) will get payer alarms, but 2 of them have no payer metric yet/,
      ),
    });
    expect(member).toMatchObject({
      status: 'warn',
      fix: 'set alarms.placement: auto (or payer): AWS documents EstimatedCharges per linked account only in the management account',
    });
    expect(payer).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('1 of them have no payer metric yet'),
    });
    expect(noPayerMetric?.status).toBe('warn');
    expect(await run('auto', members)).toMatchObject({
      status: 'ok',
      detail:
        'payer metric for 14 of 14 accounts; member alarms reported for 3 account(s), silent for 11 → placement auto: 11 account(s) will get payer alarms',
    });
  });

  it('"billing metric" reads every page of accounts (20 a page) and of metrics (500 a page)', async () => {
    const accounts = Array.from({ length: 620 }, (_, n) => ({
      id: String(300_000_000_000 + n),
      name: `generated-${n}`,
      email: `aws+${n}@example.com`,
      status: 'ACTIVE' as const,
    }));
    const large = { ...organisation, accounts: [...organisation.accounts, ...accounts] };

    const check = await verdict('billing metric', {}, large);

    expect(check).toMatchObject({
      status: 'ok',
      detail: expect.stringMatching(
        /^payer metric for 634 of 634 accounts; member alarms reported for 13 account\(s\), silent for 621/,
      ),
    });
  });

  it('fails "operator subscriptions" naming unconfirmed operators, and warns before the stack is deployed', async () => {
    const operators = ['platform-oncall@example.com', 'sre@example.com', 'night@example.com'];
    const withOperators = { ...config, email: { ...config.email, operatorRecipients: operators } };
    const check = async (setup: Partial<AccountSetup>) =>
      (
        await runDoctor({ config: withOperators, local: true, setup: { ...healthy, ...setup }, organisation })
      ).find((c) => c.name === 'operator subscriptions');

    const pending = await check({
      operatorSubscriptions: [
        { endpoint: 'platform-oncall@example.com', confirmed: true },
        { endpoint: 'sre@example.com', confirmed: false },
      ],
    });
    const confirmed = await check({
      operatorSubscriptions: operators.map((endpoint) => ({ endpoint, confirmed: true })),
    });
    const undeployed = await check({ billingStack: undefined });

    expect(pending).toMatchObject({
      status: 'fail',
      detail:
        '2 of 3 operator(s) not confirmed: sre@example.com (pending), night@example.com (no subscription); SNS mails nothing to them',
      fix: expect.stringMatching(
        /^each operator clicks the confirmation link AWS mailed \(or re-send: aws sns subscribe --topic-arn arn:aws:sns:us-east-1:/,
      ),
    });
    expect(confirmed).toMatchObject({
      status: 'ok',
      detail: '3 operator(s) confirmed on the operator topic',
    });
    expect(undeployed).toMatchObject({ status: 'warn', fix: expect.stringContaining('deploy first') });
  });
});
