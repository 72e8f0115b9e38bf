import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import { sharedWindowQuery } from '../handlers/lib/alarm/shared-query.js';
import type { PagedCosts } from '../handlers/lib/costs/cost-queries.js';
import { SHARED_MAX_ACCOUNTS, SharedWindows } from '../handlers/lib/state/batch-windows.js';
import { useStateTable } from './helpers/alarm-deps.js';
import { recordingQuery } from './helpers/window-queries.js';

const table = useStateTable();
const logger = new Logger({ logLevel: 'SILENT' });
/** Long enough that a loaded machine's joins fall in one window. */
const WINDOW_MS = 2_000;

/** A clock that starts at the beginning of a window's slot and runs with real time (plus `skew.ms`). */
function slotClock(windowMs = WINDOW_MS, skew = { ms: 0 }) {
  const base = Math.ceil(Date.now() / windowMs) * windowMs + 10 * windowMs;
  const started = Date.now();
  return () => base + (Date.now() - started) + skew.ms;
}

describe('windows that batches of concurrent invocations share', () => {
  it('makes the first batch of a window its leader; later batches add their accounts until it closes', async () => {
    // A long window whose end the clock jumps to: the leader closes at once.
    const skew = { ms: 0 };
    const windows = new SharedWindows(table().dynamo, table().tableName, 60_000, slotClock(60_000, skew));

    const first = await windows.join(['111111111111', '222222222222']);
    const second = await windows.join(['333333333333']);
    skew.ms = 60_000;
    const accounts = first ? await windows.close(first) : [];
    const late = await windows.join(['444444444444']);

    expect(first?.role).toBe('leader');
    expect(second).toMatchObject({ role: 'follower', window: first?.window });
    expect(accounts).toEqual(['111111111111', '222222222222', '333333333333']);
    expect(late?.role).toBe('leader');
    expect(late?.window).not.toBe(first?.window);
  });

  it(`takes no batch once it holds ${SHARED_MAX_ACCOUNTS} accounts: the next batch leads the next window`, async () => {
    const windows = new SharedWindows(table().dynamo, table().tableName, 60_000, slotClock(60_000));
    const full = Array.from({ length: SHARED_MAX_ACCOUNTS }, (_, i) => String(400000000000 + i));

    const first = await windows.join(full);
    const next = await windows.join(['999999999999']);

    expect(next?.role).toBe('leader');
    expect(next?.window).not.toBe(first?.window);
  });

  it('queries once for the accounts of two concurrent batches and gives each batch its own answers', async () => {
    const windows = new SharedWindows(table().dynamo, table().tableName, WINDOW_MS, slotClock());
    const { calls, query: own } = recordingQuery();
    const signal = AbortSignal.timeout(10_000);

    const [a, b] = await Promise.all([
      sharedWindowQuery(windows, own, signal, logger)(['111111111111', '222222222222']),
      sharedWindowQuery(windows, own, signal, logger)(['333333333333']),
    ]);

    expect(calls).toEqual([['111111111111', '222222222222', '333333333333']]);
    expect(a.get('222222222222')?.groups[0]?.amount).toBe(222);
    expect(b.get('333333333333')?.groups[0]?.amount).toBe(333);
  });

  it('lets a follower ask for itself when the leader’s queries failed', async () => {
    const windows = new SharedWindows(table().dynamo, table().tableName, WINDOW_MS, slotClock());
    const follower = recordingQuery();
    const failing = async (): Promise<Map<string, PagedCosts>> => {
      throw new Error('LimitExceededException');
    };
    const signal = AbortSignal.timeout(10_000);

    const [led, followed] = await Promise.allSettled([
      sharedWindowQuery(windows, failing, signal, logger)(['111111111111']),
      // Joins after the leader created the window.
      new Promise((r) => setTimeout(r, 50)).then(() =>
        sharedWindowQuery(windows, follower.query, signal, logger)(['333333333333']),
      ),
    ]);

    expect(led.status).toBe('rejected');
    expect(followed.status).toBe('fulfilled');
    expect(follower.calls).toEqual([['333333333333']]);
  });
});
