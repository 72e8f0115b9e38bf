import type { Logger } from '@aws-lambda-powertools/logger';
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { Config } from '../../contract/config/schema.js';
import { type AccountPolicy, policyFor } from '../../contract/config/thresholds.js';
import { type AccountFigures, getAccountFigures } from '../costs/account-figures.js';
import { basisOf } from '../costs/cost-basis.js';
import { accountFilter, type Forecast, getForecast, RequestCounter } from '../costs/cost-queries.js';
import { billingPeriods, isoDate } from '../costs/periods.js';
import { type Routing, routeAlarm } from '../delivery/routing.js';
import { failureCode } from '../failure.js';
import { findConfiguredOu } from '../org/account-ou.js';
import { readAccountTags } from '../org/account-tags.js';
import type { BillingContactReader } from '../org/billing-contact.js';
import { found, missing, type Result, toError } from '../result.js';
import type { BillingAlarm } from './alarm-event.js';

/** What the best-effort part of an alarm found: its policy, its figures, its name. */
export interface Explanation {
  readonly policy: AccountPolicy;
  readonly figures: Result<AccountFigures>;
  /** Cost Explorer's own forecast of the rest of the month, when `alarms.forecast` asks for it. */
  readonly costExplorerForecast?: Result<Forecast>;
  readonly accountName?: string;
  readonly costExplorerRequests: number;
  /** Who gets the email, and why. */
  readonly routing: Routing;
  /** The configured OU that holds the account, when known. */
  readonly ouId?: string;
  /** Organizations reads that failed, with their failure code: the email says what may be missing. */
  readonly unread: { readonly ou?: string; readonly tags?: string };
}

/** The clients the explanation reads from. */
export interface ExplainDeps {
  readonly config: Config;
  readonly ce: CostExplorerClient;
  readonly organizations: OrganizationsClient;
  /** Reads billing contacts, when `email.billingAlternateContact` asks for them. */
  readonly billingContact?: BillingContactReader;
  readonly logger: Logger;
}

/**
 * Everything best effort about an alarm, under `signal` (the best-effort deadline), in parallel:
 * the account's OU (for OU overrides), its Cost Explorer figures (one filtered request), its tags
 * and (opt-in) its billing contact (for the recipients). Each part that fails or runs out of time
 * is missing on its own — the central list always gets the email; nothing here throws.
 */
export async function explainAlarm(
  deps: ExplainDeps,
  alarm: BillingAlarm,
  now: Date,
  signal: AbortSignal,
  knownName?: string,
): Promise<Explanation> {
  const { config, logger } = deps;
  const counter = new RequestCounter();
  const unread: { ou?: string; tags?: string } = {};
  const [ouId, figures, tags, billingContact, costExplorerForecast] = await Promise.all([
    findConfiguredOu(deps.organizations, alarm.accountId, config, signal).catch((err: unknown) => {
      // Without the OU the account's own and the central recipients still get the email, which
      // says that the OU's thresholds, owners and note may be missing.
      logger.warn('account OU unknown; OU recipients not added', { error: toError(err) });
      unread.ou = failureCode(err);
      return undefined;
    }),
    getAccountFigures(deps.ce, alarm.accountId, now, counter, signal, basisOf(config)).then(
      found,
      (err: unknown) => {
        logger.warn('Cost Explorer figures unavailable; sending without them', { error: toError(err) });
        return missing(failureCode(err));
      },
    ),
    readAccountTags(deps.organizations, alarm.accountId, signal).catch((err: unknown) => {
      // Without the tags the configured recipients still get the email.
      logger.warn('account tags unknown; tag recipients not added', { error: toError(err) });
      unread.tags = failureCode(err);
      return undefined;
    }),
    billingContactOf(deps, alarm.accountId, signal),
    config.alarms.forecast === 'costExplorer'
      ? accountForecast(deps, alarm.accountId, now, counter, signal)
      : undefined,
  ]);
  const routing = routeAlarm(config, {
    accountId: alarm.accountId,
    ...(ouId ? { ouId } : {}),
    ...(tags ? { tags } : {}),
    ...(billingContact ? { billingContact } : {}),
  });
  for (const problem of routing.problems) logger.warn('recipient not used', { problem });
  if (figures.ok && figures.value.unit && figures.value.unit !== config.currency) {
    logger.warn('Cost Explorer reports another currency than configured', {
      unit: figures.value.unit,
      configured: config.currency,
    });
  }
  return {
    policy: policyFor(config, alarm.accountId, ouId),
    figures,
    ...(costExplorerForecast ? { costExplorerForecast } : {}),
    // Organizations named the account when it checked membership: the one Cost Explorer request
    // is grouped by service and names no account.
    ...(knownName ? { accountName: knownName } : {}),
    costExplorerRequests: counter.count,
    routing,
    ...(ouId ? { ouId } : {}),
    unread,
  };
}

/** The account's BILLING alternate contact, when asked for and set; a failure is logged, never thrown. */
async function billingContactOf(
  deps: ExplainDeps,
  accountId: string,
  signal: AbortSignal,
): Promise<string | undefined> {
  if (!deps.billingContact) return undefined;
  try {
    return await deps.billingContact(accountId, signal);
  } catch (err) {
    deps.logger.warn('billing contact unknown; not added', { error: toError(err) });
    return undefined;
  }
}

/** Cost Explorer's forecast of the account's usage from today to the month's end (never thrown). */
async function accountForecast(
  deps: ExplainDeps,
  accountId: string,
  now: Date,
  counter: RequestCounter,
  signal: AbortSignal,
): Promise<Result<Forecast> | undefined> {
  const rest = { start: isoDate(now), end: billingPeriods(now).month.end };
  return getForecast(deps.ce, rest, counter, {
    filter: accountFilter(accountId, true),
    signal,
    basis: basisOf(deps.config),
  });
}
