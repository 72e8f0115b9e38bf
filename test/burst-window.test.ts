import { Logger } from '@aws-lambda-powertools/logger';
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { afterEach, describe, expect, it } from 'vitest';
import { figuresInWindow } from '../handlers/lib/alarm/burst-figures.js';
import { type AccountFigures, getAccountFigures } from '../handlers/lib/costs/account-figures.js';
import { DEFAULT_BASIS } from '../handlers/lib/costs/cost-basis.js';
import { RequestCounter } from '../handlers/lib/costs/cost-queries.js';
import {
  BURST_MAX_ACCOUNTS,
  BurstWindows,
  FOLLOWER_GRACE_MS,
  type WindowPlace,
} from '../handlers/lib/state/burst-window.js';
import { type CostExplorerStandIn, startCostExplorer } from '../local/cost-explorer-server.js';
import { SAMPLE_ACCOUNTS, sampleOrganisationCosts } from '../local/sample-org.js';
import { useStateTable } from './helpers/alarm-deps.js';
import { standInCostExplorer } from './helpers/ce-client.js';
import { recordTypeFigures, usageOnly } from './helpers/record-type-figures.js';

const table = useStateTable();
const now = new Date('2026-11-20T09:00:00Z');
const members = SAMPLE_ACCOUNTS.filter((a) => a.ou !== 'management').map((a) => a.id);
const logger = new Logger({ logLevel: 'SILENT' });
const WINDOW_MS = 1_000;

/** A clock that starts at the beginning of a window's slot and runs with real time (plus `skewMs`). */
function slotClock(skew = { ms: 0 }, windowMs = WINDOW_MS) {
  const base = Math.ceil(Date.now() / windowMs) * windowMs + 10 * windowMs;
  const started = Date.now();
  return () => base + (Date.now() - started) + skew.ms;
}

describe('burst windows in the state table', () => {
  it('makes the first alarm of a window its leader and the others followers, until it is closed', async () => {
    const windows = new BurstWindows(table().dynamo, table().tableName, WINDOW_MS, slotClock());

    const first = await windows.join('111111111111');
    const second = await windows.join('222222222222');
    const accounts = first ? await windows.close(first) : [];
    const late = await windows.join('333333333333');

    expect(first?.role).toBe('leader');
    expect(second).toMatchObject({ role: 'follower', window: first?.window });
    expect(accounts).toEqual(['111111111111', '222222222222']);
    // The window is closed: the late alarm leads the next one.
    expect(late?.role).toBe('leader');
    expect(late?.window).not.toBe(first?.window);
  });

  it('keeps a window open for its whole length from the leader’s arrival, across the slot’s end', async () => {
    const skew = { ms: 0.9 * WINDOW_MS };
    const windows = new BurstWindows(table().dynamo, table().tableName, WINDOW_MS, slotClock(skew));

    const leader = await windows.join('111111111111');
    skew.ms = 1.2 * WINDOW_MS;
    const follower = await windows.join('222222222222');

    expect(leader?.role).toBe('leader');
    expect(follower).toMatchObject({ role: 'follower', window: leader?.window });
  });

  it('closes a window early once it holds as many accounts as can run at once (the reserved concurrency)', async () => {
    const clock = slotClock({ ms: 0 }, 60_000);
    const windows = new BurstWindows(table().dynamo, table().tableName, 60_000, clock, 2);

    const leader = await windows.join('111111111111');
    await windows.join('222222222222');
    const accounts = leader ? await windows.close(leader) : [];

    expect(accounts).toEqual(['111111111111', '222222222222']);
    // Closed before the window's end.
    expect(clock()).toBeLessThan(leader?.closesAt ?? 0);
  });

  it(`takes at most ${BURST_MAX_ACCOUNTS} accounts; the next alarm leads the next window`, async () => {
    // A long window: the joins one after another all fall in it.
    const windows = new BurstWindows(table().dynamo, table().tableName, 60_000, slotClock({ ms: 0 }, 60_000));
    const places: (WindowPlace | undefined)[] = [];
    for (let i = 0; i <= BURST_MAX_ACCOUNTS; i++) places.push(await windows.join(String(400000000000 + i)));

    expect(places.filter((p) => p?.window === places[0]?.window)).toHaveLength(BURST_MAX_ACCOUNTS);
    expect(places.at(-1)?.role).toBe('leader');
    expect(places.at(-1)?.window).not.toBe(places[0]?.window);
  });

  it('tells a follower at once when the leader’s query failed, and after the grace when the leader went silent', async () => {
    const skew = { ms: 0 };
    const windows = new BurstWindows(table().dynamo, table().tableName, WINDOW_MS, slotClock(skew));
    const leader = await windows.join('111111111111');
    const follower = await windows.join('222222222222');
    if (!leader || !follower) throw new Error('no window');

    await windows.fail(leader, 'LimitExceededException');
    expect(await windows.answerFor(follower, '222222222222')).toEqual({
      ok: false,
      reason: 'the window’s query failed (LimitExceededException)',
    });

    const silent = await windows.join('333333333333');
    const waiting = silent ? await windows.join('444444444444') : undefined;
    if (!silent || !waiting) throw new Error('no window');
    skew.ms = FOLLOWER_GRACE_MS + 2 * WINDOW_MS;
    expect(await windows.answerFor(waiting, '444444444444')).toEqual({
      ok: false,
      reason: 'the window’s leader gave no answer in time',
    });
  });
});

describe('figures through a burst window', () => {
  let ce: CostExplorerStandIn | undefined;
  let client: CostExplorerClient | undefined;
  afterEach(async () => {
    client?.destroy();
    await ce?.stop();
  });

  it('gives alarms arriving together their own figures from the window’s two queries', async () => {
    ce = await startCostExplorer({ costs: sampleOrganisationCosts(now), now });
    client = standInCostExplorer(ce.endpoint);
    const burst = new BurstWindows(table().dynamo, table().tableName, WINDOW_MS, slotClock());
    const five = members.slice(0, 5);
    const counters = five.map(() => new RequestCounter());

    const figures = await Promise.all(
      five.map((id, i) =>
        figuresInWindow(
          { ce: client as CostExplorerClient, burst, logger },
          id,
          now,
          counters[i] as RequestCounter,
          AbortSignal.timeout(20_000),
          DEFAULT_BASIS,
        ),
      ),
    );

    // Two requests for the five (by service, by record type), all billed to the leader.
    expect(ce.stats.billed).toBe(2);
    expect(counters.map((c) => c.count).sort()).toEqual([0, 0, 0, 0, 2]);
    // The same usage figures as each alarm's own request, said shared, and the account's credits
    // (by record type, not per service: a window's answer has no usage types, so no drivers).
    for (const [i, id] of five.entries()) {
      const fromWindow = figures[i] as AccountFigures;
      const own = await getAccountFigures(client, id, now, new RequestCounter());
      const { adjustments: _window, ...withCredits } = fromWindow;
      const { adjustments: _reference, ...reference } = await recordTypeFigures(client, id, now);
      expect(fromWindow.shared).toBe(true);
      expect(usageOnly(fromWindow)).toEqual(usageOnly(own));
      expect({ ...withCredits, shared: undefined }).toEqual({ ...reference, shared: undefined });
      expect(fromWindow.usageTypes).toBeUndefined();
    }
  });

  it('makes a lone alarm’s own one request, not the window’s two', async () => {
    ce = await startCostExplorer({ costs: sampleOrganisationCosts(now), now });
    client = standInCostExplorer(ce.endpoint);
    const burst = new BurstWindows(table().dynamo, table().tableName, WINDOW_MS, slotClock());
    const id = members[0] as string;

    const figures = await figuresInWindow(
      { ce: client, burst, logger },
      id,
      now,
      new RequestCounter(),
      AbortSignal.timeout(20_000),
      DEFAULT_BASIS,
    );

    expect(ce.stats.billed).toBe(1);
    expect(figures).toEqual(await getAccountFigures(client, id, now, new RequestCounter()));
  });
});
