import type { Logger } from '@aws-lambda-powertools/logger';
import type { PagedCosts } from '../costs/cost-queries.js';
import { toError } from '../result.js';
import type { SharedWindows } from '../state/batch-windows.js';
import type { WindowQuery } from './batch-window.js';

/**
 * A batch's queries shared with the batches of other invocations that close at about the same
 * time (`state/batch-windows.ts`): the batch adds its accounts to a window; as its leader it waits
 * for the window's end and makes `own`'s queries for every account that joined, then shares each
 * account's answer; as a follower it reads its accounts' answers and makes `own`'s queries only
 * for what it did not find. A state table that cannot be used costs only the sharing.
 */
export function sharedWindowQuery(
  windows: Pick<SharedWindows, 'join' | 'close' | 'publish' | 'fail' | 'answersFor'>,
  own: WindowQuery,
  signal: AbortSignal,
  logger: Pick<Logger, 'warn' | 'info'>,
): WindowQuery {
  const unavailable = (what: string) => (err: unknown) => {
    logger.warn(`shared window ${what}; the batch queries for itself`, { error: toError(err) });
    return undefined;
  };
  return async (accounts) => {
    const place = await windows.join(accounts, signal).catch(unavailable('unavailable'));
    if (!place) return own(accounts);
    if (place.role === 'follower') {
      const found =
        (await windows.answersFor(place, accounts, signal).catch(unavailable('unreadable'))) ?? new Map();
      const missing = accounts.filter((a) => !found.has(a));
      if (missing.length === 0) return found;
      logger.warn('shared window gave no figures for some accounts; the batch asks for them', {
        missing: missing.length,
      });
      return new Map<string, PagedCosts>([...found, ...(await own(missing))]);
    }
    const joined = await windows.close(place, signal).catch(unavailable('not closed'));
    if (!joined) return own(accounts);
    const members = [...new Set([...joined, ...accounts])].sort();
    let answers: ReadonlyMap<string, PagedCosts>;
    try {
      answers = await own(members);
    } catch (err) {
      await windows.fail(place, signal).catch(unavailable('failure not recorded'));
      throw err;
    }
    await windows.publish(place, answers, signal).catch(unavailable('figures not shared'));
    logger.info('shared window answered', { accounts: members.length });
    return answers;
  };
}
