import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { ALERT_ACTIONS, type AlertAction } from '../../contract/alert-lifecycle.js';
import { RUNG_NAME_PATTERN } from '../../contract/ladder.js';

/** A link is valid for at most this long after it was signed. */
export const MAX_TOKEN_SECONDS = 7 * 24 * 3600;
/** A token longer than this is refused before any decoding (ours are about 250 characters). */
export const MAX_TOKEN_CHARS = 600;
/** Signing keys are at least this many bytes. */
const MIN_KEY_BYTES = 32;

/** What a signed link allows: one action on one account's rung, until `exp`, once (`nonce`). */
export interface ActionClaims {
  readonly accountId: string;
  readonly rung: string;
  readonly action: AlertAction;
  /** For snooze and plan: how many hours from the confirmation. */
  readonly hours?: number;
  /** Issued and expiry, epoch seconds. */
  readonly iat: number;
  readonly exp: number;
  /** Random, base64url: a confirmed link is recorded under it and never accepted again. */
  readonly nonce: string;
}

/** The claims every signed link carries: whose account, its lifetime and its one-time nonce. */
export function linkClaimFields() {
  return {
    accountId: z.string().check(z.regex(/^\d{12}$/)),
    iat: z.number().check(z.int()),
    exp: z.number().check(z.int()),
    nonce: z.string().check(z.regex(/^[A-Za-z0-9_-]{16,64}$/)),
  };
}

/** A link's lifetime from `now` (at most {@link MAX_TOKEN_SECONDS}) and a fresh nonce. */
export function linkLifetime(now: Date, validSeconds: number = MAX_TOKEN_SECONDS) {
  const iat = Math.floor(now.getTime() / 1000);
  return {
    iat,
    exp: iat + Math.min(validSeconds, MAX_TOKEN_SECONDS),
    nonce: randomBytes(18).toString('base64url'),
  };
}

const claimsSchema = z.lazy(() =>
  z.object({
    ...linkClaimFields(),
    rung: z.string().check(z.regex(RUNG_NAME_PATTERN)),
    action: z.enum(ALERT_ACTIONS),
    hours: z.optional(z.number().check(z.int(), z.positive())),
  }),
);

/** Why a token was refused (each a 4xx page). */
export type TokenRefusal = 'oversized' | 'malformed' | 'forged' | 'expired';

/** The signing keys: the current one signs, both verify (rotation). */
export interface ActionKeys {
  readonly current: Buffer;
  readonly previous?: Buffer;
}

/** Keys from their text form (base64, at least 32 bytes each): the secret's `current` and `previous`. */
export function actionKeysOf(current: string, previous?: string): ActionKeys {
  const decode = (text: string, name: string) => {
    const key = Buffer.from(text, 'base64');
    if (key.length < MIN_KEY_BYTES)
      throw new Error(`action link key ${name} must be at least ${MIN_KEY_BYTES} bytes of base64`);
    return key;
  };
  return {
    current: decode(current, 'current'),
    ...(previous ? { previous: decode(previous, 'previous') } : {}),
  };
}

/** Signs a link's claims: `base64url(claims).base64url(HMAC-SHA256(key, "v1." + base64url(claims)))`. */
export function signActionToken(
  request: { accountId: string; rung: string; action: AlertAction; hours?: number },
  keys: ActionKeys,
  now: Date,
  validSeconds: number = MAX_TOKEN_SECONDS,
): string {
  const claims: ActionClaims = { ...request, ...linkLifetime(now, validSeconds) };
  return signClaims(claims, keys);
}

/**
 * Signs any claims object as `base64url(claims).base64url(HMAC-SHA256(key, "<version>." + body))`;
 * another `version` keeps one kind of link from passing as another (the anomaly feedback links).
 */
export function signClaims(claims: object, keys: ActionKeys, version = 'v1'): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${body}.${mac(keys.current, body, version).toString('base64url')}`;
}

/**
 * The claims of a token signed with either key, unexpired and valid for at most 7 days; else why
 * not. The MAC is compared in constant time against each key (both always computed).
 */
export function verifyActionToken(
  token: string,
  keys: ActionKeys,
  now: Date,
): { ok: true; claims: ActionClaims } | { ok: false; reason: TokenRefusal } {
  const decoded = verifiedBody(token, keys);
  if (!decoded.ok) return decoded;
  const parsed = claimsSchema.safeParse(decoded.body);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  const claims = parsed.data;
  return withinLifetime(claims, now) ? { ok: true, claims } : { ok: false, reason: 'expired' };
}

/** The decoded body of a token signed with either key (`version` as it was signed), or why not. */
export function verifiedBody(
  token: string,
  keys: ActionKeys,
  version = 'v1',
): { ok: true; body: unknown } | { ok: false; reason: TokenRefusal } {
  if (token.length > MAX_TOKEN_CHARS) return { ok: false, reason: 'oversized' };
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return { ok: false, reason: 'malformed' };
  const [, body = '', signature = ''] = match;
  const given = Buffer.from(signature, 'base64url');
  const candidates = [keys.current, ...(keys.previous ? [keys.previous] : [])].map((k) =>
    mac(k, body, version),
  );
  const signed = candidates
    .map((expected) => expected.length === given.length && timingSafeEqual(expected, given))
    .some(Boolean);
  if (!signed) return { ok: false, reason: 'forged' };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  return { ok: true, body: decoded };
}

/** Whether signed claims are unexpired and valid for at most 7 days (and not issued in the future). */
export function withinLifetime(claims: { iat: number; exp: number }, now: Date): boolean {
  const seconds = Math.floor(now.getTime() / 1000);
  return !(
    claims.exp - claims.iat > MAX_TOKEN_SECONDS ||
    claims.exp <= seconds ||
    claims.iat > seconds + 300
  );
}

function mac(key: Buffer, body: string, version: string): Buffer {
  return createHmac('sha256', key).update(`${version}.${body}`).digest();
}
