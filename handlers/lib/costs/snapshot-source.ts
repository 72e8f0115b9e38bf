import type { Logger } from '@aws-lambda-powertools/logger';
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { found, missing, type Result, toError } from '../result.js';
import { isoDate } from './periods.js';
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

/**
 * The organisation's cost snapshot: the cached one while it is fresh, else a new one (then cached).
 * The cache is an optimisation: its failures are logged, never fatal. Cost Explorer failures come
 * back as a reason so that the caller can still deliver.
 */
export async function currentSnapshot(
  deps: { ce: CostExplorerClient; store: SnapshotStore; logger: Logger },
  options: { now: Date; currency: string },
): Promise<SnapshotRun> {
  try {
    const cached = await deps.store.load(options.now);
    // A snapshot is about one UTC day: after midnight (and so across a month end) it is rebuilt.
    if (cached && cached.currency === options.currency && cached.periods.today === isoDate(options.now)) {
      return { snapshot: found(cached), requests: 0, cached: true };
    }
  } catch (err) {
    deps.logger.warn('cost snapshot cache unreadable; building a new one', { error: toError(err) });
  }
  let snapshot: CostSnapshot;
  try {
    snapshot = await buildSnapshot(deps.ce, options);
  } catch (err) {
    deps.logger.error('Cost Explorer unavailable; sending without cost details', { error: toError(err) });
    return { snapshot: missing(shortReason(err)), requests: 0, cached: false };
  }
  try {
    await deps.store.save(snapshot, options.now);
  } catch (err) {
    deps.logger.warn('cost snapshot not cached', { error: toError(err) });
  }
  return { snapshot: found(snapshot), requests: snapshot.costExplorerRequests, cached: false };
}

/** A short reason for an email: the AWS error name, without stack or request ids. */
export function shortReason(thrown: unknown): string {
  const err = toError(thrown);
  const cause = err.cause instanceof Error ? err.cause : undefined;
  return cause?.name ?? err.name;
}
