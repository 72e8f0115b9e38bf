// One shape for "a value, or the reason it is missing": every best-effort part of an email (cost
// snapshot, forecast, movers, coverage) is one of these, so a failure removes only its own detail.

/** A value that is there. */
export interface Found<T> {
  readonly ok: true;
  readonly value: T;
}

/** A value that is missing, with a short reason fit for an email (never a stack or request id). */
export interface Missing {
  readonly ok: false;
  readonly reason: string;
}

/** A value or the reason it is missing. */
export type Result<T> = Found<T> | Missing;

/** Wraps a value. */
export function found<T>(value: T): Found<T> {
  return { ok: true, value };
}

/** Says why a value is missing. */
export function missing(reason: string): Missing {
  return { ok: false, reason };
}

/** Whatever was thrown, as an Error (a thrown string or object keeps its text). */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(typeof thrown === 'string' ? thrown : (JSON.stringify(thrown) ?? String(thrown)));
}
