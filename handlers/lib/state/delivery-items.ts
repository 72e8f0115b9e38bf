// The delivery ledger's items as written to the state table: a delivery's key, holder and
// fingerprint, and the TTL every ledger item carries.

import { expiresAt } from './table.js';

/** How long the ledger keeps what it knows about a delivery. */
const KEEP_SECONDS = 7 * 24 * 3600;

/** Who holds a delivery: an owner (the request id), with the payload's fingerprint when known. */
export type Holder = string | { owner: string; fingerprint?: string };

/** The holder as an owner with its fingerprint, when known. */
export function holderOf(by: Holder): { owner: string; fingerprint?: string } {
  return typeof by === 'string' ? { owner: by } : by;
}

/** A delivery record's item: its key, holder, fingerprint and TTL around `fields`. */
export function deliveryItem(key: string, by: Holder, now: number, fields: Record<string, unknown>) {
  const { owner, fingerprint } = holderOf(by);
  return {
    id: `delivery#${key}`,
    owner,
    ...fields,
    ...(fingerprint ? { fingerprint } : {}),
    expiration: ttl(now),
  };
}

/** The TTL of a ledger item written at `now` (epoch ms). */
export function ttl(now: number): number {
  return expiresAt(now, KEEP_SECONDS);
}
