import type { NestedOu, OrgAccount, StackInstance } from './organization-fixture.js';

/** Accounts per ListAccounts page (AWS's maximum is 20). */
export const ACCOUNTS_PAGE = 20;
/** The stand-in organisation's root. */
export const ROOT_ID = 'r-local';

/** Each parent's child OUs and accounts. */
export interface OrganisationTree {
  readonly children: Map<string, { ous: string[]; accounts: OrgAccount[] }>;
}

/**
 * The organisation as ListParents answers it: accounts sit in their nested OU, else directly in
 * their stack instance's OU (else the root); nested OUs under their parent; other OUs under the root.
 */
export function organisationTree(
  accounts: readonly OrgAccount[],
  instances: readonly StackInstance[],
  nested: readonly NestedOu[],
): OrganisationTree {
  const children = new Map<string, { ous: string[]; accounts: OrgAccount[] }>();
  const at = (parent: string) => {
    let entry = children.get(parent);
    if (!entry) {
      entry = { ous: [], accounts: [] };
      children.set(parent, entry);
    }
    return entry;
  };
  at(ROOT_ID);
  const nestedParent = new Map(nested.map((o) => [o.id, o.parentId]));
  const ous = new Set([
    ...instances.map((i) => i.ou),
    ...nested.map((o) => o.parentId),
    ...nestedParent.keys(),
  ]);
  for (const ou of [...ous].sort()) {
    at(ou);
    at(nestedParent.get(ou) ?? ROOT_ID).ous.push(ou);
  }
  const instanceOu = new Map(instances.map((i) => [i.account, i.ou]));
  for (const a of accounts) at(a.parentId ?? instanceOu.get(a.id) ?? ROOT_ID).accounts.push(a);
  return { children };
}

/**
 * One page (at most 20, Organizations' maximum `MaxResults`) of a parent's listing; the token
 * names the parent, so a token of another listing is refused as Organizations refuses it.
 */
export function parentPage<T>(
  items: readonly T[],
  body: { NextToken?: string; MaxResults?: number },
  parent: string,
): { items: T[]; next?: string } | string {
  if (body.MaxResults !== undefined && (body.MaxResults < 1 || body.MaxResults > ACCOUNTS_PAGE))
    return `MaxResults must be between 1 and ${ACCOUNTS_PAGE}`;
  const size = body.MaxResults ?? ACCOUNTS_PAGE;
  let offset = 0;
  if (body.NextToken) {
    const [of, at] = body.NextToken.split('@');
    if (of !== parent || !/^\d+$/.test(at ?? '')) return 'The NextToken is not valid for this request';
    offset = Number(at);
  }
  const next = offset + size < items.length ? `${parent}@${offset + size}` : undefined;
  return { items: items.slice(offset, offset + size), ...(next ? { next } : {}) };
}
