import * as z from 'zod/mini';
import { ANOMALY_FEEDBACK, type AnomalyFeedback } from '../../contract/anomaly-events.js';
import {
  type ActionKeys,
  linkClaimFields,
  linkLifetime,
  signClaims,
  type TokenRefusal,
  verifiedBody,
  withinLifetime,
} from './action-token.js';

/** Feedback links are signed under their own version: an alert link never passes as one, nor the other way. */
const FEEDBACK_VERSION = 'f1';
/** Anomaly ids longer than this get no links (CAD's are UUIDs; a token stays under its 600 characters). */
export const LINKED_ANOMALY_ID_MAX = 128;

/** What a feedback link allows: one answer about one anomaly of one account, until `exp`, once (`nonce`). */
export interface FeedbackClaims {
  readonly accountId: string;
  readonly anomalyId: string;
  readonly feedback: AnomalyFeedback;
  readonly iat: number;
  readonly exp: number;
  readonly nonce: string;
}

const claimsSchema = z.lazy(() =>
  z.object({
    ...linkClaimFields(),
    anomalyId: z.string().check(z.minLength(1), z.maxLength(LINKED_ANOMALY_ID_MAX)),
    feedback: z.enum(ANOMALY_FEEDBACK),
  }),
);

/** Signs a feedback link's claims, valid 7 days, with its own nonce. */
export function signFeedbackToken(
  request: { accountId: string; anomalyId: string; feedback: AnomalyFeedback },
  keys: ActionKeys,
  now: Date,
): string {
  const claims: FeedbackClaims = { ...request, ...linkLifetime(now) };
  return signClaims(claims, keys, FEEDBACK_VERSION);
}

/** The claims of a feedback token signed with either key and unexpired; else why not. */
export function verifyFeedbackToken(
  token: string,
  keys: ActionKeys,
  now: Date,
): { ok: true; claims: FeedbackClaims } | { ok: false; reason: TokenRefusal } {
  const decoded = verifiedBody(token, keys, FEEDBACK_VERSION);
  if (!decoded.ok) return decoded;
  const parsed = claimsSchema.safeParse(decoded.body);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  return withinLifetime(parsed.data, now)
    ? { ok: true, claims: parsed.data }
    : { ok: false, reason: 'expired' };
}
