import type { Logger } from '@aws-lambda-powertools/logger';
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { findFirstSpend } from '../analysis/first-spend.js';
import { type CostBasis, usageFilter } from '../costs/cost-basis.js';
import { PageLimitError, RequestCounter } from '../costs/cost-queries.js';
import { firstSpendWindow, getFirstSpendCosts } from '../costs/first-spend-query.js';
import { isoDate } from '../costs/periods.js';
import { failureCode } from '../failure.js';
import { toError } from '../result.js';
import { type FirstSpendCheck, type FirstSpendStore, TOO_MANY_GROUPS } from '../state/first-spend-store.js';

/**
 * Accounts above which the check is not asked for at all. AWS does not publish the page size; at
 * the stand-in's 5,000 groups, 1,000 accounts billing 6 services each fill the lookback's
 * `FIRST_SPEND.maxPages` pages (a pair is a group per month, four months in 90 days), so a larger
 * organisation would pay for the pages and still not get the check.
 */
export const FIRST_SPEND_MAX_ACCOUNTS = 1_000;

/** The first-spend check of a report run and the Cost Explorer requests it made (0 when reused). */
export interface ReportFirstSpend {
  readonly check: FirstSpendCheck;
  readonly requests: number;
}

const basisKey = (basis: CostBasis) => [basis.metric, ...basis.exclude].join(',');

/**
 * The organisation's first spends this week: the state table's check when it was made today on the
 * same basis, else a new one (four bounded queries, see `getFirstSpendCosts`), then kept for the
 * alarms. Never throws: Cost Explorer failing or the organisation being too large is the check's
 * reason, said in the report; the table failing is logged.
 */
export async function readFirstSpend(
  deps: { readonly ce: CostExplorerClient; readonly store: FirstSpendStore; readonly logger: Logger },
  options: {
    readonly now: Date;
    readonly basis: CostBasis;
    readonly accounts: number;
    readonly signal: AbortSignal;
  },
): Promise<ReportFirstSpend> {
  const { now, basis, signal } = options;
  const today = isoDate(now);
  const latest = await deps.store.latest(signal).catch((err: unknown) => {
    deps.logger.warn('first-spend check unreadable', { error: toError(err) });
    return undefined;
  });
  if (latest && latest.today === today && latest.basis === basisKey(basis) && latest.outcome.ok)
    return { check: latest, requests: 0 };
  const window = firstSpendWindow(today);
  const counter = new RequestCounter();
  let outcome: FirstSpendCheck['outcome'];
  if (options.accounts > FIRST_SPEND_MAX_ACCOUNTS) {
    outcome = { ok: false, reason: TOO_MANY_GROUPS };
  } else {
    try {
      const costs = await getFirstSpendCosts(deps.ce, {
        today,
        usage: usageFilter(basis),
        metric: basis.metric,
        counter,
        signal,
      });
      outcome = { ok: true, ...findFirstSpend(costs) };
    } catch (err) {
      deps.logger.warn('first-spend check not made', { error: toError(err) });
      outcome = { ok: false, reason: err instanceof PageLimitError ? TOO_MANY_GROUPS : failureCode(err) };
    }
  }
  const check: FirstSpendCheck = {
    builtAt: now.toISOString(),
    today,
    basis: basisKey(basis),
    week: window.week,
    lookback: window.lookback,
    outcome,
  };
  await deps.store.save(check, now, signal).catch((err: unknown) => {
    deps.logger.warn('first-spend check not kept for the alarms', { error: toError(err) });
  });
  return { check, requests: counter.count };
}
