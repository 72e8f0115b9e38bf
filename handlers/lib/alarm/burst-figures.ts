import type { Logger } from '@aws-lambda-powertools/logger';
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { type AccountFigures, accountFiguresOf, getAccountFigures } from '../costs/account-figures.js';
import type { CostBasis } from '../costs/cost-basis.js';
import type { PagedCosts, RequestCounter } from '../costs/cost-queries.js';
import { getWindowCosts } from '../costs/window-figures.js';
import { failureCode } from '../failure.js';
import { toError } from '../result.js';
import type { BurstWindows } from '../state/burst-window.js';

/** What reading figures through a burst window needs. */
export interface BurstFiguresDeps {
  readonly ce: CostExplorerClient;
  /** The burst windows; without them every alarm asks Cost Explorer alone. */
  readonly burst?: Pick<BurstWindows, 'join' | 'close' | 'publish' | 'fail' | 'answerFor'>;
  readonly logger: Logger;
}

/**
 * An alarm's figures, shared with the alarms of its burst window when there is one: the window's
 * leader waits for the window to close, queries Cost Explorer for every account that joined and
 * shares each account's answer; a follower reads its own, and asks Cost Explorer alone when the
 * window failed or gave no answer in time. The figures are the same either way
 * (`costs/window-figures.ts`). A state table that cannot be used costs only the sharing.
 */
export async function figuresInWindow(
  deps: BurstFiguresDeps,
  accountId: string,
  now: Date,
  counter: RequestCounter,
  signal: AbortSignal,
  basis: CostBasis,
): Promise<AccountFigures> {
  const alone = () => getAccountFigures(deps.ce, accountId, now, counter, signal, basis);
  const windows = deps.burst;
  if (!windows) return alone();
  const place = await windows.join(accountId, signal).catch((err: unknown) => {
    deps.logger.warn('burst window unavailable; asking Cost Explorer alone', { error: toError(err) });
    return undefined;
  });
  if (!place) return alone();
  if (place.role === 'follower') {
    const shared = await windows.answerFor(place, accountId, signal).catch((err: unknown) => ({
      ok: false as const,
      reason: `the window could not be read (${failureCode(err)})`,
    }));
    if (shared.ok) return { ...accountFiguresOf(accountId, now, shared.answer, basis), shared: true };
    deps.logger.warn('burst window gave no figures; asking Cost Explorer alone', { reason: shared.reason });
    return alone();
  }
  const accounts = await windows.close(place, signal).catch((err: unknown) => {
    deps.logger.warn('burst window not closed; asking Cost Explorer alone', { error: toError(err) });
    return undefined;
  });
  if (!accounts) return alone();
  const members = accounts.includes(accountId) ? accounts : [...accounts, accountId];
  // Alone in its window: its own one request (the window's two queries would cost one more).
  if (members.length === 1) return alone();
  let answers: Map<string, PagedCosts>;
  try {
    answers = await getWindowCosts(deps.ce, members, now, counter, signal, basis);
  } catch (err) {
    await windows.fail(place, failureCode(err), signal).catch((e: unknown) => {
      deps.logger.warn('burst window failure not recorded; its followers wait out their grace', {
        error: toError(e),
      });
    });
    throw err;
  }
  await windows.publish(place, answers, signal).catch((err: unknown) => {
    deps.logger.warn('burst window figures not shared; its followers ask alone', { error: toError(err) });
  });
  deps.logger.info('burst window answered', { accounts: members.length, requests: counter.count });
  const own = answers.get(accountId);
  return own ? { ...accountFiguresOf(accountId, now, own, basis), shared: true } : alone();
}
