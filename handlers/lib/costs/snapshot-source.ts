import type { Logger } from '@aws-lambda-powertools/logger';
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { failureCode } from '../failure.js';
import { found, missing, type Result, toError } from '../result.js';
import { type CostBasis, DEFAULT_BASIS } from './cost-basis.js';
import { isoDate, localDate } from './periods.js';
import { buildSnapshot } from './snapshot.js';
import type { CostSnapshot } from './snapshot-schema.js';
import type { SnapshotStore } from './snapshot-store.js';

/** The organisation's snapshot (or why there is none), what it cost and whether it came from the cache. */
export interface SnapshotRun {
  readonly snapshot: Result<CostSnapshot>;
  /** Cost Explorer requests (pages) made for it. */
  readonly requests: number;
  readonly cached: boolean;
}

/** Where a snapshot comes from and goes to. */
export interface SnapshotDeps {
  readonly ce: CostExplorerClient;
  readonly store: SnapshotStore;
  readonly logger: Logger;
}

/** Whether a cached snapshot still describes `now` in `timeZone`: built on the same UTC and local day, on the same basis. */
export function isCurrent(
  snapshot: CostSnapshot,
  now: Date,
  timeZone: string,
  basis: CostBasis = DEFAULT_BASIS,
): boolean {
  const same =
    (snapshot.basis?.metric ?? DEFAULT_BASIS.metric) === basis.metric &&
    (snapshot.basis?.exclude ?? []).join() === [...basis.exclude].join();
  return (
    same &&
    snapshot.timeZone === timeZone &&
    snapshot.periods.today === isoDate(now) &&
    snapshot.periods.localToday === localDate(now, timeZone)
  );
}

/** The cached snapshot if it is fresh for `now`; a cache that cannot be read is logged and counts as empty. */
export async function cachedSnapshot(
  deps: Pick<SnapshotDeps, 'store' | 'logger'>,
  options: { now: Date; timeZone: string; signal?: AbortSignal; basis?: CostBasis },
): Promise<CostSnapshot | undefined> {
  try {
    const cached = await deps.store.load(options.now, options.signal);
    // A snapshot is about one day: after midnight (and so across a month end) it is rebuilt.
    return cached && isCurrent(cached, options.now, options.timeZone, options.basis) ? cached : undefined;
  } catch (err) {
    deps.logger.warn('cost snapshot cache unreadable', { error: toError(err) });
    return undefined;
  }
}

/**
 * The organisation's cost snapshot: the cached one while it is fresh, else a new one (then cached).
 * The cache is an optimisation: its failures are logged, never fatal. Cost Explorer failures come
 * back as a reason so that the caller decides what to do without them.
 */
export async function currentSnapshot(
  deps: SnapshotDeps,
  options: { now: Date; timeZone: string; signal?: AbortSignal; basis?: CostBasis },
): Promise<SnapshotRun> {
  const cached = await cachedSnapshot(deps, options);
  if (cached) return { snapshot: found(cached), requests: 0, cached: true };
  let snapshot: CostSnapshot;
  try {
    snapshot = await buildSnapshot(deps.ce, options);
  } catch (err) {
    deps.logger.error('Cost Explorer unavailable', { error: toError(err) });
    return { snapshot: missing(failureCode(err)), requests: 0, cached: false };
  }
  try {
    await deps.store.save(snapshot, options.now, options.signal);
  } catch (err) {
    deps.logger.warn('cost snapshot not cached', { error: toError(err) });
  }
  return { snapshot: found(snapshot), requests: snapshot.costExplorerRequests, cached: false };
}
