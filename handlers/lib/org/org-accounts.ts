import {
  type Account,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { type Bounded, bounded } from '../bounded.js';

/** Active accounts of the organisation: id → name. */
export type ActiveAccounts = ReadonlyMap<string, string>;

/** Where a reader of the organisation's active accounts gets them (Organizations, or a kept copy). */
export type ActiveAccountsSource = (signal?: AbortSignal) => Promise<ActiveAccounts>;

/** Organizations reads in flight at once: it throttles bursts (limits unpublished); the SDK retries the rest. */
export const ORGANIZATIONS_PARALLEL_READS = 4;

/**
 * The organisation's active accounts, read per OU: the root, then every OU below it, each parent's
 * accounts (ListAccountsForParent) and child OUs (ListOrganizationalUnitsForParent) paged on their
 * own, at most `parallel` calls at once. ListAccounts pages the whole organisation 20 accounts at a
 * time, one page after another; per OU the pages of different OUs overlap, so the time is the
 * largest OU's pages or all pages ÷ `parallel`, whichever is longer. Any failure fails the whole
 * read (the caller marks coverage unavailable) and stops the reads still queued.
 */
export async function readActiveAccounts(
  orgs: OrganizationsClient,
  signal?: AbortSignal,
  parallel = ORGANIZATIONS_PARALLEL_READS,
): Promise<ActiveAccounts> {
  const stop = new AbortController();
  const abortSignal = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  const places = bounded(parallel);
  // A read still queued when the listing has failed (or the deadline passed) is never sent.
  const limit: Bounded = (work) =>
    places(() => {
      abortSignal.throwIfAborted();
      return work();
    });
  const accounts = new Map<string, string>();
  const add = (list: Account[] | undefined) => {
    for (const a of list ?? [])
      if (a.Id && (a.State ?? a.Status) === 'ACTIVE') accounts.set(a.Id, a.Name ?? a.Id);
  };
  const walk = async (parentId: string): Promise<void> => {
    const [, children] = await Promise.all([
      pages(limit, async (NextToken) => {
        const out = await orgs.send(new ListAccountsForParentCommand({ ParentId: parentId, NextToken }), {
          abortSignal,
        });
        add(out.Accounts);
        return out.NextToken;
      }),
      collect(limit, async (NextToken) => {
        const out = await orgs.send(
          new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, NextToken }),
          { abortSignal },
        );
        return {
          items: (out.OrganizationalUnits ?? []).flatMap((ou) => (ou.Id ? [ou.Id] : [])),
          next: out.NextToken,
        };
      }),
    ]);
    await Promise.all(children.map(walk));
  };
  try {
    const roots = await collect(limit, async (NextToken) => {
      const out = await orgs.send(new ListRootsCommand({ NextToken }), { abortSignal });
      return { items: (out.Roots ?? []).flatMap((r) => (r.Id ? [r.Id] : [])), next: out.NextToken };
    });
    await Promise.all(roots.map(walk));
    return accounts;
  } catch (err) {
    stop.abort(err);
    throw err;
  }
}

/** Reads every page of one listing, one after another (each page needs the last one's token). */
async function pages(limit: Bounded, page: (token: string | undefined) => Promise<string | undefined>) {
  let token: string | undefined;
  do token = await limit(() => page(token));
  while (token);
}

/** Every item of a paged listing. */
async function collect<T>(
  limit: Bounded,
  page: (token: string | undefined) => Promise<{ items: T[]; next: string | undefined }>,
): Promise<T[]> {
  const all: T[] = [];
  await pages(limit, async (token) => {
    const { items, next } = await page(token);
    all.push(...items);
    return next;
  });
  return all;
}
