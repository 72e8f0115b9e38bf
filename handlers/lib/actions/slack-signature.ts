import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's requests older (or further ahead) than this are refused: a captured request cannot be replayed later. */
export const SLACK_MAX_AGE_SECONDS = 5 * 60;

/** Why a request was not accepted as Slack's. */
export type SlackSignatureRefusal = 'missing' | 'stale' | 'forged';

/**
 * Checks Slack's v0 request signature: `X-Slack-Signature` must be `v0=` + hex HMAC-SHA256 of
 * `v0:{X-Slack-Request-Timestamp}:{raw body}` under the app's signing secret, compared in constant
 * time, and the timestamp must be within five minutes of now (Slack's "Verifying requests from
 * Slack"). The body is the bytes as sent, before any form decoding.
 */
export function verifySlackSignature(
  request: {
    readonly timestamp: string | undefined;
    readonly signature: string | undefined;
    readonly rawBody: Buffer;
  },
  secret: string,
  now: Date,
): { ok: true } | { ok: false; reason: SlackSignatureRefusal } {
  const { timestamp, signature, rawBody } = request;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'missing' };
  if (Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp)) > SLACK_MAX_AGE_SECONDS)
    return { ok: false, reason: 'stale' };
  const expected = Buffer.from(slackSignature(secret, timestamp, rawBody), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  // Lengths differ only for a malformed header; the comparison itself never leaks where bytes differ.
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'forged' };
  return { ok: true };
}

/** The `X-Slack-Signature` value of a body at a timestamp (what Slack computes; the tests sign with it). */
export function slackSignature(secret: string, timestamp: string, rawBody: Buffer): string {
  const mac = createHmac('sha256', secret);
  mac.update(`v0:${timestamp}:`);
  mac.update(rawBody);
  return `v0=${mac.digest('hex')}`;
}
