import { RECIPIENTS_TAG } from '../../contract/account-tags.js';
import type { Config } from '../../contract/config/schema.js';

/** Why an address gets an alarm email. */
export type RecipientSource = 'central' | 'ou' | 'account' | 'tag' | 'billingContact' | 'operators';

/** Who gets an alarm email, grouped by why (an address counts once, in the first group that names it). */
export interface Routing {
  readonly recipients: string[];
  readonly groups: { readonly source: RecipientSource; readonly addresses: string[]; readonly ou?: string }[];
  /** Addresses or tags that were not used, each with why. */
  readonly problems: string[];
}

/** What the organisation says about the account, when it could be read. */
export interface AccountRouting {
  readonly accountId: string;
  /** The configured OU that holds the account. */
  readonly ouId?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** The account's BILLING alternate contact (opt-in: `email.billingAlternateContact`). */
  readonly billingContact?: string;
}

/** Recipients an account's tag may add: a tag is for a team's list, not a mailing campaign. */
export const MAX_TAG_RECIPIENTS = 10;
const ADDRESS = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[A-Za-z]{2,}$/;

/** The addresses of a `billing-alarms:recipients` tag: separated by spaces (tag values allow no commas), commas or semicolons. */
export function tagRecipients(value: string | undefined): { addresses: string[]; problems: string[] } {
  const words = (value ?? '').split(/[\s,;]+/).filter(Boolean);
  const addresses = words.filter((w) => ADDRESS.test(w));
  const problems = words
    .filter((w) => !ADDRESS.test(w))
    .map((w) => `tag ${RECIPIENTS_TAG}: "${w}" is not an email address`);
  if (addresses.length > MAX_TAG_RECIPIENTS)
    problems.push(
      `tag ${RECIPIENTS_TAG} names ${addresses.length} addresses; the first ${MAX_TAG_RECIPIENTS} are used`,
    );
  return { addresses: addresses.slice(0, MAX_TAG_RECIPIENTS), problems };
}

/**
 * The recipients of an account's alarm email: the central list always, then the configured OU's
 * and account's owners, the account's `billing-alarms:recipients` tag, and (opt-in) its BILLING
 * alternate contact — each group kept with its reason for the email's footer.
 */
export function routeAlarm(config: Config, account: AccountRouting): Routing {
  const ou = account.ouId
    ? config.thresholds.organizationalUnits.find((o) => o.id === account.ouId)
    : undefined;
  const own = config.thresholds.accounts.find((a) => a.id === account.accountId);
  const tag = tagRecipients(account.tags?.[RECIPIENTS_TAG]);
  const contact =
    account.billingContact && ADDRESS.test(account.billingContact) ? [account.billingContact] : [];
  const problems = [...tag.problems];
  if (account.billingContact && contact.length === 0)
    problems.push(`the billing contact "${account.billingContact}" is not an email address`);
  const seen = new Set<string>();
  const groups: Routing['groups'][number][] = [];
  const add = (source: RecipientSource, list: readonly string[], extra: { ou?: string } = {}) => {
    const fresh = list.map((a) => a.trim()).filter((a) => a && !seen.has(a.toLowerCase()));
    for (const a of fresh) seen.add(a.toLowerCase());
    if (fresh.length > 0) groups.push({ source, addresses: fresh, ...extra });
  };
  add('central', config.email.centralRecipients);
  if (ou) add('ou', ou.recipients ?? [], { ou: ou.id });
  add('account', own?.recipients ?? []);
  add('tag', tag.addresses);
  add('billingContact', contact);
  return { recipients: groups.flatMap((g) => g.addresses), groups, problems };
}

/**
 * The routing with the operators added (a group of their own, addresses not already mailed): for
 * an alarm whose account's policy is unknown, so that someone who can look into it gets it.
 */
export function copyOperators(routing: Routing, operators: readonly string[]): Routing {
  const seen = new Set(routing.recipients.map((a) => a.toLowerCase()));
  const fresh = operators.map((a) => a.trim()).filter((a) => a && !seen.has(a.toLowerCase()));
  if (fresh.length === 0) return routing;
  return {
    recipients: [...routing.recipients, ...fresh],
    groups: [...routing.groups, { source: 'operators', addresses: fresh }],
    problems: routing.problems,
  };
}
