import { createHash } from 'node:crypto';
import { CeError, type Json } from './cost-explorer-wire.js';

/** Fingerprint of a request without its page token: a changed request must not reuse a token. */
export function requestFingerprint(input: Json): string {
  const { NextPageToken: _token, ...rest } = input;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 16);
}

/** A page token that carries the offset and the request's fingerprint. */
export function encodeToken(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ offset, fingerprint })).toString('base64url');
}

/** The offset of a page token, refusing one of another request (`RequestChangedException`) or none of ours. */
export function decodeToken(token: unknown, fingerprint: string): number {
  if (token === undefined || token === null || token === '') return 0;
  try {
    const parsed = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as {
      offset: number;
      fingerprint: string;
    };
    if (parsed.fingerprint !== fingerprint) {
      throw new CeError(
        'RequestChangedException',
        'The request parameters changed between pages; start again without NextPageToken',
      );
    }
    return parsed.offset;
  } catch (err) {
    if (err instanceof CeError) throw err;
    throw new CeError('InvalidNextTokenException', 'The pagination token is invalid');
  }
}

/** The page of `items` the request's `NextPageToken` asks for, at most `size` long, and the next page's token. */
export function pageOf<T>(
  items: readonly T[],
  input: Json,
  size: number,
  fingerprint = requestFingerprint(input),
): { page: T[]; next?: string } {
  const offset = decodeToken(input.NextPageToken, fingerprint);
  const page = items.slice(offset, offset + size);
  return offset + size < items.length ? { page, next: encodeToken(offset + size, fingerprint) } : { page };
}
