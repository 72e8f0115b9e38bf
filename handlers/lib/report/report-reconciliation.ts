import type { Logger } from '@aws-lambda-powertools/logger';
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { type ReconciledLine, reconcileEstimates } from '../analysis/estimate-reconciliation.js';
import { BILLED_USAGE, getBilledUsage } from '../costs/billed-usage-query.js';
import type { CostBasis } from '../costs/cost-basis.js';
import { PageLimitError, RequestCounter } from '../costs/cost-queries.js';
import { isoDate } from '../costs/periods.js';
import { failureCode } from '../failure.js';
import { found, missing, type Result, toError } from '../result.js';
import type { EstimateLog, KeptEstimate } from '../state/estimate-log.js';

/** Why the reconciliation was not made when the estimates name more accounts or pages than its bounds. */
export const TOO_MANY_ESTIMATES = 'tooManyEstimates';

/** The reconciliation of a report run: the lines, or why there are none; the Cost Explorer requests it made. */
export interface ReportReconciliation {
  readonly estimates: readonly KeptEstimate[];
  /** Estimates not kept because their day was full. */
  readonly dropped: number;
  readonly lines: Result<readonly ReconciledLine[]>;
  /** The unit Cost Explorer labelled the billed amounts with, when it answered. */
  readonly unit?: string;
  readonly requests: number;
}

/**
 * The fast-burn estimates of the last days against billed EC2 usage: one BatchGetItem for the
 * estimates and, only when there are some launched before today, one paged Cost Explorer query
 * (`getBilledUsage`). Undefined when there is no estimate (no request at all). Never throws: the
 * state table or Cost Explorer failing is the section's reason; the rest of the report goes out.
 */
export async function readReconciliation(
  deps: { readonly ce: CostExplorerClient; readonly estimates: EstimateLog; readonly logger: Logger },
  options: { readonly now: Date; readonly basis: CostBasis; readonly signal: AbortSignal },
): Promise<ReportReconciliation | undefined> {
  const { now, signal } = options;
  let recent: Awaited<ReturnType<EstimateLog['recent']>>;
  try {
    recent = await deps.estimates.recent(now, signal);
  } catch (err) {
    deps.logger.warn('fast-burn estimates unreadable', { error: toError(err) });
    return { estimates: [], dropped: 0, lines: missing(failureCode(err)), requests: 0 };
  }
  const { estimates, dropped } = recent;
  if (estimates.length === 0 && dropped === 0) return undefined;
  const today = isoDate(now);
  const start = estimates.map((e) => e.at.slice(0, 10)).sort()[0] ?? today;
  const accounts = [...new Set(estimates.map((e) => e.accountId))];
  const counter = new RequestCounter();
  const done = (lines: Result<readonly ReconciledLine[]>, unit?: string): ReportReconciliation => ({
    estimates,
    dropped,
    lines,
    ...(unit ? { unit } : {}),
    requests: counter.count,
  });
  // Launched today: Cost Explorer's days run to yesterday, so nothing can be billed yet.
  if (start >= today) return done(found(reconcileEstimates(estimates, [], today)));
  if (accounts.length > BILLED_USAGE.maxAccounts) return done(missing(TOO_MANY_ESTIMATES));
  try {
    const billed = await getBilledUsage(deps.ce, {
      accounts,
      period: { start, end: today },
      basis: options.basis,
      counter,
      signal,
    });
    return done(found(reconcileEstimates(estimates, billed.groups, today)), [...billed.units][0]);
  } catch (err) {
    deps.logger.warn('fast-burn estimates not reconciled', { error: toError(err) });
    return done(missing(err instanceof PageLimitError ? TOO_MANY_ESTIMATES : failureCode(err)));
  }
}
