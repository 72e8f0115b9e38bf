// The alarm email's view-model and what it is made from, as types only: the Lambda's init path
// (`alarm-deps.ts`) and the email's readers (text, chat) name them without loading the code that
// builds it (`alarm-view-model.ts`, in the deferred module: DESIGN.md, "Cold start").
import type { CostBasis } from '../costs/cost-basis.js';
import type { Routing } from '../delivery/routing.js';
import type { DisplayCurrency } from '../email/format.js';
import type { Locale } from '../email/messages.js';
import type { FirstSpendCheck } from '../state/first-spend-store.js';
import type { BillingAlarm } from './alarm-event.js';
import type { AlertLinks } from './alert-links.js';
import type { Explanation, Staleness } from './explain.js';
import type { MissingSection } from './missing-section.js';
import type { MonthSections } from './month-sections.js';
import type { ChangesSince } from './notes-section.js';
import type { RoutingLines } from './routing-lines.js';
import type { Fact } from './summary-section.js';

/** Everything the alarm email shows, already decided and formatted: the template only places it (with the month's sections). */
export interface AlarmViewModel extends MonthSections {
  readonly lang: Locale;
  readonly subject: string;
  readonly preheader: string;
  readonly headline: string;
  readonly accentColor: string;
  /** The top block: account, tier, CloudWatch's figure and threshold, cause, Cost Explorer's month to date. */
  readonly facts: Fact[];
  /** CloudWatch's own words for the state change (escaped by the template). */
  readonly reason: { label: string; text: string } | null;
  readonly notes: Fact[];
  readonly missing: MissingSection | null;
  readonly asOf: string | null;
  /** What the amounts are: currency, cost basis, and any currency note. */
  readonly basis: string[];
  readonly link: { url: string; label: string };
  /** Why the recipients got the email: one line per group (central list, OU, account, tag, billing contact). */
  readonly routing: RoutingLines | null;
  /** Signed links to answer the alert (issue 20), when the action page is configured. */
  readonly actions: AlertLinks | null;
  readonly footer: string;
}

/**
 * Inputs of `alarmViewModel`: what explaining the alarm found (`explain.ts`; Cost Explorer's figures
 * come with the reason when they are missing), and what the configuration and the alarm's history add.
 */
export interface AlarmViewInput
  extends Pick<
    Explanation,
    'policy' | 'figures' | 'costExplorerForecast' | 'drivers' | 'accountName' | 'renamedFrom'
  > {
  readonly alarm: BillingAlarm;
  readonly locale: Locale;
  readonly timeZone: string;
  readonly organizationId: string;
  /** Who gets the email and why. */
  readonly routing?: Routing;
  /** What the figures count (named in the footer). @default `DEFAULT_BASIS` (cost-basis.ts) */
  readonly basis?: CostBasis;
  /** The configured billing currency: what Cost Explorer's unit is checked against. */
  readonly currency: string;
  readonly displayCurrency?: DisplayCurrency;
  /** Organizations reads that failed (failure codes): said in the email's list of missing details. */
  readonly unread?: { readonly ou?: string; readonly tags?: string };
  /** Details taken from the organisation copy (may be stale), or that no policy was known. */
  readonly stale?: Staleness;
  /** State changes of this alarm since its last email, which were not mailed. */
  readonly changesSince?: ChangesSince;
  /** The answer links, already signed (see `alert-links.ts`). */
  readonly actions?: AlertLinks;
  /** The report's last first-spend check, when the alarm looked it up (`check` undefined: none to be had). */
  readonly firstSpend?: { readonly check: FirstSpendCheck | undefined };
  readonly now: Date;
}
