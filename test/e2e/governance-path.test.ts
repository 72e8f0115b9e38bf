import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scheduledPayload } from '../../cli/report.js';
import { runMailThroughBundle, runThroughBundle } from '../../cli/run-events.js';
import { simulate } from '../../cli/simulate.js';
import { sealConfig } from '../../handlers/contract/config/sealed.js';
import { MEMBER_STACK_SET_NAME } from '../../handlers/contract/member-template.js';
import { RUNTIME_ENV } from '../../handlers/contract/runtime-env.js';
import type { OrganisationFixture } from '../../local/organization-fixture.js';
import {
  SAMPLE_DRIFTED,
  SAMPLE_UNCOVERED,
  sampleOrganisationFixture,
} from '../../local/organization-fixture.js';
import { sampleOrganisationCosts } from '../../local/sample-org.js';
import { startStandIns } from '../../local/stand-ins.js';
import { tempOut, testBundles } from '../helpers/bundles.js';
import { exampleConfig } from '../helpers/config.js';
import {
  createAccountResultEvent,
  moveAccountEvent,
  stackInstanceEvent,
} from '../helpers/governance-events.js';

const config = exampleConfig();
const now = new Date('2026-11-20T09:00:00Z');

describe('governance Lambda end to end (built bundle, stand-ins over HTTP)', () => {
  const bundles = testBundles();
  const run = async (
    events: unknown[],
    runConfig = config,
    extra: { governanceFaults?: { deny?: boolean } } = {},
  ) => {
    let state: OrganisationFixture | undefined;
    // Another configuration than the bundled one: sealed as synth seals it, read through the
    // variable the Lambdas honour.
    const configFile = join(tempOut(), 'config.json');
    writeFileSync(configFile, sealConfig(runConfig));
    const result = await simulate({
      config: runConfig,
      env: { [RUNTIME_ENV.configFile]: configFile },
      eventFiles: events.map((event, i) => ({ path: `event-${i}.json`, event })),
      costs: sampleOrganisationCosts(now),
      organisation: sampleOrganisationFixture(config),
      now,
      outDir: tempOut(),
      bundle: bundles.governance,
      retryDelaysMs: [10, 10],
      ...extra,
      onOrganisation: (s) => {
        state = s;
      },
    });
    return { lines: result.lines as unknown as Record<string, unknown>[], state };
  };

  it('applies the OU thresholds to an account moved into the sandboxes, once; a repeat is unchanged', async () => {
    const move = moveAccountEvent('210000000005', 'ou-a1b2-workloads', 'ou-a1b2-sandboxes');

    const { lines, state } = await run([move, move]);

    expect(lines).toEqual([
      {
        status: 'applied',
        accountId: '210000000005',
        thresholds: { warning: 150, critical: 300 },
        placement: 'member',
      },
      {
        status: 'unchanged',
        accountId: '210000000005',
        thresholds: { warning: 150, critical: 300 },
        placement: 'member',
      },
    ]);
    expect(state?.instances.find((i) => i.account === '210000000005')).toMatchObject({
      ou: 'ou-a1b2-sandboxes',
      parameterOverrides: { WarningThreshold: '150', CriticalThreshold: '300' },
    });
  }, 60_000);

  it('puts an auto-deployed instance on its OU thresholds, and skips or rejects what is not for it', async () => {
    const { lines } = await run([
      stackInstanceEvent(MEMBER_STACK_SET_NAME, SAMPLE_DRIFTED),
      createAccountResultEvent(SAMPLE_UNCOVERED.id),
      stackInstanceEvent(MEMBER_STACK_SET_NAME, SAMPLE_DRIFTED, 'UPDATE'),
      { source: 'aws.organizations', detail: { eventName: 'DeleteOrganization' } },
    ]);

    expect(lines[0]).toEqual({
      status: 'applied',
      accountId: SAMPLE_DRIFTED,
      thresholds: { warning: 150, critical: 300 },
      placement: 'member',
    });
    expect(lines[1]).toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('no stack instance yet'),
    });
    expect(lines[2]).toMatchObject({ status: 'skipped' });
    expect(lines[3]).toMatchObject({
      status: 'rejected',
      reason: expect.stringContaining('DeleteOrganization'),
    });
  }, 60_000);

  it('skips, once and for good, an event about an account Organizations does not know; retries when Organizations does not answer', async () => {
    const unknown = moveAccountEvent('299999999999', 'ou-a1b2-workloads', 'ou-a1b2-sandboxes');

    const { lines } = await run([unknown]);
    const denied = await run(
      [moveAccountEvent('210000000005', 'ou-a1b2-workloads', 'ou-a1b2-sandboxes')],
      config,
      {
        governanceFaults: { deny: true },
      },
    );

    // Permanent: answered (no retry, no dead letter, no operators' alarm), with the reason.
    expect(lines).toEqual([
      {
        status: 'skipped',
        reason: expect.stringMatching(
          /^Organizations does not know 299999999999 \((ChildNotFound|TargetNotFound|AccountNotFound)Exception\)$/,
        ),
        recipients: [],
        files: [],
        costExplorerRequests: 0,
      },
    ]);
    // Transient: thrown, so Lambda retries and the dead-letter queue keeps it.
    expect(denied.lines[0]).toMatchObject({ status: 'failed', deadLetter: true });
  }, 60_000);

  it('gives an account moved with placement payer its payer alarms at the new thresholds', async () => {
    const payer = {
      ...config,
      alarms: { placement: 'payer' as const, autoAfterHours: 24, forecast: 'runRate' as const },
    };
    const move = moveAccountEvent('210000000005', 'ou-a1b2-workloads', 'ou-a1b2-sandboxes');

    const { lines, state } = await run([move], payer);

    expect(lines[0]).toMatchObject({ status: 'applied', placement: 'payer' });
    expect(
      state?.payerAlarms
        ?.filter((a) => a.AlarmName.endsWith('-210000000005'))
        .map((a) => [a.AlarmName, a.Threshold])
        .sort(),
    ).toEqual([
      ['billing-alarm-critical-210000000005', 300],
      ['billing-alarm-warning-210000000005', 150],
    ]);
  }, 60_000);

  it('keeps what an event read in the organisation copy, and the report names the threshold tag it ignored', async () => {
    const sample = sampleOrganisationFixture(config);
    const organisation = {
      ...sample,
      accounts: sample.accounts.map((a) =>
        a.id === '220000000001' ? { ...a, tags: { 'billing-alarms:critical': '0' } } : a,
      ),
    };
    const standIns = await startStandIns({ costs: sampleOrganisationCosts(now), now, organisation });
    const common = {
      standIns,
      costs: sampleOrganisationCosts(now),
      now,
      outDir: tempOut(),
      retryDelaysMs: [10, 10],
    };
    try {
      const governed = await runThroughBundle({
        ...common,
        bundle: bundles.governance,
        functionName: 'billing-governance',
        events: [{ name: 'created', event: stackInstanceEvent(MEMBER_STACK_SET_NAME, '220000000001') }],
      });
      const reported = await runMailThroughBundle({
        ...common,
        bundle: bundles.report,
        functionName: 'billing-report',
        events: [{ name: 'report', event: scheduledPayload(now) }],
      });
      const text = reported.emails[0]?.body.text ?? '';

      expect(governed.lines[0]?.status).toMatch(/applied|unchanged/);
      expect(text).toContain('Threshold tags ignored:');
      expect(text).toMatch(
        /- .*\(220000000001\): billing-alarms:critical="0" ignored: must be more than zero \(the critical alarm cannot be turned off\)/,
      );
    } finally {
      await standIns.stop();
    }
  }, 90_000);
});
