import type { Logger } from '@aws-lambda-powertools/logger';
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { Config } from '../../contract/config/schema.js';
import { type AccountPolicy, policyFor } from '../../contract/config/thresholds.js';
import type { ServiceDrivers } from '../analysis/drivers.js';
import type { AccountFigures } from '../costs/account-figures.js';
import { basisOf } from '../costs/cost-basis.js';
import { accountFilter, type Forecast, getForecast, RequestCounter } from '../costs/cost-queries.js';
import { billingPeriods, isoDate } from '../costs/periods.js';
import { copyOperators, type Routing, routeAlarm } from '../delivery/routing.js';
import { failureCode } from '../failure.js';
import { findConfiguredOu } from '../org/account-ou.js';
import { readAccountTags } from '../org/account-tags.js';
import type { BillingContactReader } from '../org/billing-contact.js';
import { found, missing, type Result, toError } from '../result.js';
import type { FirstSpendCheck, FirstSpendStore } from '../state/first-spend-store.js';
import type { OrgCopy, OrgCopyReader, OrgCopyRecord } from '../state/org-copy.js';
import { accountDrivers } from './alarm-drivers.js';
import type { BillingAlarm } from './alarm-event.js';
import { type BurstFiguresDeps, figuresInWindow } from './burst-figures.js';

/** What the best-effort part of an alarm found: its policy, its figures, its name. */
export interface Explanation {
  readonly policy: AccountPolicy;
  readonly figures: Result<AccountFigures>;
  /** Cost Explorer's own forecast of the rest of the month, when `alarms.forecast` asks for it. */
  readonly costExplorerForecast?: Result<Forecast>;
  /** Why the largest services moved (usage, rate, credits), when the month to date moved. */
  readonly drivers?: Result<ServiceDrivers[]>;
  readonly accountName?: string;
  /** The name the organisation copy last knew (and when it was read), when Organizations names the account otherwise now. */
  readonly renamedFrom?: { readonly name: string; readonly readAt: string };
  readonly costExplorerRequests: number;
  /** Who gets the email, and why. */
  readonly routing: Routing;
  /** The configured OU that holds the account, when known. */
  readonly ouId?: string;
  /** Organizations reads that failed, with their failure code: the email says what may be missing. */
  readonly unread: { readonly ou?: string; readonly tags?: string };
  /** Details taken from the organisation copy instead (they may be stale), or why none could be. */
  readonly stale: Staleness;
  /** The report's last first-spend check (`check` undefined: none, or unreadable), when the store is wired. */
  readonly firstSpend?: { readonly check: FirstSpendCheck | undefined };
}

/** A detail taken from the organisation copy: what it said, when and by whom it was read, and why it was needed. */
export interface StaleDetail {
  readonly readAt: string;
  readonly readBy: OrgCopyReader;
  /** Why Organizations could not be read now (a failure code). */
  readonly reason: string;
  /** The OU the copy names (for the OU detail); absent when it was in no configured OU. */
  readonly ouId?: string;
}

/** What of the account's policy came from the copy, or that no policy was known at all. */
export interface Staleness {
  readonly ou?: StaleDetail;
  readonly tags?: StaleDetail;
  /** Neither Organizations nor the copy knew the account's OU or tags: the operators are copied, with this reason. */
  readonly unknownPolicy?: string;
}

/** The clients the explanation reads from. */
export interface ExplainDeps extends BurstFiguresDeps {
  readonly config: Config;
  readonly ce: CostExplorerClient;
  readonly organizations: OrganizationsClient;
  /** Reads billing contacts, when `email.billingAlternateContact` asks for them. */
  readonly billingContact?: BillingContactReader;
  /** The organisation copy: the last known OU and tags when Organizations cannot be read. */
  readonly orgCopy?: Pick<OrgCopy, 'get'>;
  /** The report's first-spend check: one GetItem, no Cost Explorer request. @default - no first-spend lines */
  readonly firstSpend?: Pick<FirstSpendStore, 'latest'>;
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
  /** For the organisation copy, read only when Organizations failed (the best-effort deadline may have passed). */
  copySignal: AbortSignal = signal,
  /** The organisation copy when current (admission read it): the OU and tags come from it, not Organizations. */
  current?: OrgCopyRecord,
): Promise<Explanation> {
  const { config, logger } = deps;
  const counter = new RequestCounter();
  const unread: { ou?: string; tags?: string } = {};
  // One GetItem per alarm, alongside the live reads: the stand-in for failed Organizations reads,
  // and the last known name a rename is told against.
  // Admission already read it when current: not read twice.
  const copyRead = current ? Promise.resolve(current) : readCopy(deps, alarm.accountId, copySignal);
  const figuresRead = figuresInWindow(deps, alarm.accountId, now, counter, signal, basisOf(config)).then(
    found,
    (err: unknown) => {
      logger.warn('Cost Explorer figures unavailable; sending without them', { error: toError(err) });
      return missing(failureCode(err));
    },
  );
  const firstSpendRead = deps.firstSpend
    ?.latest(signal)
    .then((check) => ({ check }))
    .catch((err: unknown) => {
      logger.warn('first-spend check unreadable', { error: toError(err) });
      return { check: undefined };
    });
  const [liveOu, figures, liveTags, billingContact, costExplorerForecast, drivers] = await Promise.all([
    (current
      ? Promise.resolve(current.ouId)
      : findConfiguredOu(deps.organizations, alarm.accountId, config, signal)
    ).catch((err: unknown) => {
      // Without the OU the account's own and the central recipients still get the email, which
      // says that the OU's thresholds, owners and note may be missing.
      logger.warn('account OU unknown; OU recipients not added', { error: toError(err) });
      unread.ou = failureCode(err);
      return undefined;
    }),
    figuresRead,
    (current?.tags
      ? Promise.resolve({ ...current.tags })
      : readAccountTags(deps.organizations, alarm.accountId, signal)
    ).catch((err: unknown) => {
      // Without the tags the configured recipients still get the email.
      logger.warn('account tags unknown; tag recipients not added', { error: toError(err) });
      unread.tags = failureCode(err);
      return undefined;
    }),
    billingContactOf(deps, alarm.accountId, signal),
    config.alarms.forecast === 'costExplorer'
      ? accountForecast(deps, alarm.accountId, now, counter, signal)
      : undefined,
    // From the figures' own answer (its usage types), only when the month to date moved: no request.
    figuresRead.then((f) => (f.ok ? accountDrivers(f.value) : undefined)),
  ]);
  // Organizations could not be read: the organisation copy stands in for it, said so in the email.
  const copy = await copyRead;
  const fallback = fromCopy(deps, copy, unread);
  const ouId = unread.ou ? fallback.ouId : liveOu;
  const tags = unread.tags ? fallback.tags : liveTags;
  const routed = routeAlarm(config, {
    accountId: alarm.accountId,
    ...(ouId ? { ouId } : {}),
    ...(tags ? { tags } : {}),
    ...(billingContact ? { billingContact } : {}),
  });
  const routing = fallback.stale.unknownPolicy
    ? copyOperators(routed, config.email.operatorRecipients)
    : routed;
  for (const problem of routing.problems) logger.warn('recipient not used', { problem });
  // Organizations named the account when it checked membership (the one Cost Explorer request
  // names no account); when it could not, the organisation copy's last known name.
  const accountName = knownName ?? fallback.name;
  const renamedFrom =
    knownName && copy?.name && copy.name !== knownName ? { name: copy.name, readAt: copy.readAt } : undefined;
  if (figures.ok && figures.value.unit && figures.value.unit !== config.currency) {
    logger.warn('Cost Explorer reports another currency than configured', {
      unit: figures.value.unit,
      configured: config.currency,
    });
  }
  const firstSpend = await firstSpendRead;
  return {
    policy: policyFor(config, alarm.accountId, ouId),
    figures,
    ...(firstSpend ? { firstSpend } : {}),
    ...(costExplorerForecast ? { costExplorerForecast } : {}),
    ...(drivers ? { drivers } : {}),
    // Organizations named the account when it checked membership: the one Cost Explorer request
    // is grouped by service and names no account.
    ...(accountName ? { accountName } : {}),
    ...(renamedFrom ? { renamedFrom } : {}),
    costExplorerRequests: counter.count,
    routing,
    ...(ouId ? { ouId } : {}),
    unread,
    stale: fallback.stale,
  };
}

/** The account's organisation copy (one GetItem); a failure is logged and reads as no copy. */
function readCopy(
  deps: ExplainDeps,
  accountId: string,
  signal: AbortSignal,
): Promise<OrgCopyRecord | undefined> {
  if (!deps.orgCopy) return Promise.resolve(undefined);
  return deps.orgCopy.get(accountId, signal).catch((err: unknown) => {
    deps.logger.warn('organisation copy unreadable', { error: toError(err) });
    return undefined;
  });
}

/**
 * What the organisation copy says in place of the Organizations reads that failed: the OU and the
 * tags it last knew, each said stale with when and by whom it was read; without a copy, that no
 * policy is known (the caller copies the operators). Nothing is used when nothing failed.
 */
function fromCopy(
  deps: ExplainDeps,
  copy: OrgCopyRecord | undefined,
  unread: { ou?: string; tags?: string },
): { ouId?: string; tags?: Record<string, string>; name?: string; stale: Staleness } {
  const reason = unread.ou ?? unread.tags;
  if (!reason) return { stale: {} };
  if (!copy) {
    deps.logger.warn('no organisation copy; the operators are copied', { reason });
    return { stale: { unknownPolicy: reason } };
  }
  const when = { readAt: copy.readAt, readBy: copy.readBy };
  const ou = unread.ou
    ? { ...when, reason: unread.ou, ...(copy.ouId ? { ouId: copy.ouId } : {}) }
    : undefined;
  const tags = unread.tags && copy.tags ? { ...when, reason: unread.tags } : undefined;
  deps.logger.warn('organisation copy used in place of Organizations', {
    readAt: copy.readAt,
    ou: !!ou,
    tags: !!tags,
  });
  return {
    ...(copy.ouId ? { ouId: copy.ouId } : {}),
    ...(copy.tags ? { tags: { ...copy.tags } } : {}),
    ...(copy.name ? { name: copy.name } : {}),
    stale: { ...(ou ? { ou } : {}), ...(tags ? { tags } : {}) },
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
