import { describe, expect, it } from 'vitest';
import { runMailThroughBundle } from '../../cli/run-events.js';
import { sampleEvent } from '../../cli/sample-event.js';
import { fuzzEvents } from '../../local/fuzz-events.js';
import { sampleOrganisationFixture } from '../../local/organization-fixture.js';
import { SAMPLE_ACCOUNTS, sampleOrganisationCosts } from '../../local/sample-org.js';
import { tempOut, testBundles } from '../helpers/bundles.js';
import { exampleConfig } from '../helpers/config.js';

/** Events per run; `FUZZ_EVENTS=10000 npx vitest run test/e2e/fuzz.test.ts` for the long one. */
const COUNT = Number(process.env.FUZZ_EVENTS ?? 300);

describe('a fuzz of the alarm path through the built bundle', () => {
  it(`${COUNT} mutated events: no throw, no email for anything but a billing alarm of a member`, async () => {
    const config = exampleConfig();
    const now = new Date('2026-11-20T09:00:00Z');
    // Accounts with an override of 0 warning would have no warning alarm: use members with both tiers.
    const members = SAMPLE_ACCOUNTS.map((a) => a.id).filter(
      (id) => id !== config.organization.managementAccountId,
    );
    const events = fuzzEvents(
      COUNT,
      (account, tier) => sampleEvent(config, { account, rung: tier, now }),
      members,
    );

    const { lines } = await runMailThroughBundle({
      bundle: testBundles().alarm,
      functionName: 'billing-alarm',
      events: events.map((e, i) => ({ name: `fuzz-${i}`, event: e.event })),
      costs: sampleOrganisationCosts(now),
      now,
      outDir: tempOut(),
      organisation: sampleOrganisationFixture(config),
      retryDelaysMs: [10, 20],
      sentLog: false,
    });

    const outcomes = lines.map((l, i) => ({ ...events[i], status: l.status, reason: l.reason }));
    const wrong = outcomes.filter(
      (o) =>
        o.status === 'failed' ||
        (!o.valid && o.status !== 'rejected') ||
        (o.valid && o.status === 'rejected'),
    );
    expect(wrong.map((o) => `${o.mutation}: ${o.status} ${o.reason ?? ''}`)).toEqual([]);
    expect(outcomes.some((o) => o.status === 'sent')).toBe(true);
    expect(outcomes.filter((o) => !o.valid).length).toBeGreaterThan(COUNT / 3);
  }, 600_000);
});
