import type { Logger } from '@aws-lambda-powertools/logger';
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { isoDate } from './periods.js';
import { buildSnapshot, type CostSnapshot } from './snapshot.js';
import type { SnapshotStore } from './snapshot-store.js';

/** A snapshot and what it cost, or why there is none. */
export type SnapshotResult =
  | { readonly snapshot: CostSnapshot; readonly requests: number; readonly cached: boolean }
  | { readonly error: string; readonly requests: number };

/**
 * The organisation's cost snapshot: the cached one while it is fresh, else a new one (then cached).
 * The cache is an optimisation: its failures are logged, never fatal. Cost Explorer failures come
 * back as a reason so that the caller can still deliver.
 */
export async function currentSnapshot(
  deps: { ce: CostExplorerClient; store: SnapshotStore; logger: Logger },
  options: { now: Date; currency: string },
): Promise<SnapshotResult> {
  try {
    const cached = await deps.store.load(options.now);
    // A snapshot is about one UTC day: after midnight (and so across a month end) it is rebuilt.
    if (cached && cached.currency === options.currency && cached.periods.today === isoDate(options.now)) {
      return { snapshot: cached, requests: 0, cached: true };
    }
  } catch (err) {
    deps.logger.warn('cost snapshot cache unreadable; building a new one', { error: err as Error });
  }
  let snapshot: CostSnapshot;
  try {
    snapshot = await buildSnapshot(deps.ce, options);
  } catch (err) {
    deps.logger.error('Cost Explorer unavailable; sending without cost details', { error: err as Error });
    return { error: describe(err), requests: 0 };
  }
  try {
    await deps.store.save(snapshot, options.now);
  } catch (err) {
    deps.logger.warn('cost snapshot not cached', { error: err as Error });
  }
  return { snapshot, requests: snapshot.costExplorerRequests, cached: false };
}

/** A short reason for an email: the AWS error name, without stack or request ids. */
export function describe(err: unknown): string {
  const e = err as Error & { cause?: { name?: string } };
  return e.cause?.name ?? e.name ?? 'error';
}
