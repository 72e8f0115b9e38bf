import { toError } from './result.js';
import { stringField } from './unknown-values.js';

/**
 * Why a best-effort part is missing, in a word the emails translate ("reason.<code>" in the
 * catalogues): never an AWS error text, which would leak into subjects and widen the layout.
 */
export type FailureCode =
  | 'insufficientHistory'
  | 'throttled'
  | 'timeout'
  | 'denied'
  | 'unavailable'
  | 'malformed'
  | 'noData';

/** Every failure code, for catalogues and schemas. */
export const FAILURE_CODES = [
  'insufficientHistory',
  'throttled',
  'timeout',
  'denied',
  'unavailable',
  'malformed',
  'noData',
] as const satisfies readonly FailureCode[];

/** An answer that does not have the shape the API documents (a number that is not one, say). */
export class MalformedResponseError extends Error {
  override readonly name = 'MalformedResponseError';
}

const BY_NAME: [RegExp, FailureCode][] = [
  [/^DataUnavailable/, 'insufficientHistory'],
  [/LimitExceeded|Throttl|TooManyRequests|RequestLimit/, 'throttled'],
  [/Timeout|TimedOut|Abort|DeadlineExceeded/i, 'timeout'],
  [/AccessDenied|Unauthorized|NotAuthorized|Forbidden/i, 'denied'],
  [/Malformed|SyntaxError|Deserializ|Parse/i, 'malformed'],
];

/** The failure code of whatever was thrown, looking through `cause` chains. */
export function failureCode(thrown: unknown): FailureCode {
  for (let err: unknown = thrown, depth = 0; err && depth < 5; depth++) {
    const e = toError(err);
    const text = `${e.name} ${stringField(e, 'code') ?? ''}`;
    for (const [pattern, code] of BY_NAME) if (pattern.test(text)) return code;
    err = e.cause;
  }
  return 'unavailable';
}
