// What every Cost Explorer action of the stand-in shares on the wire: its error, its amounts, its
// cost metrics.

/** A request body as JSON. */
export type Json = Record<string, unknown>;

/** A Cost Explorer request error, sent back as `{"__type": name, "message": …}`. */
export class CeError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** The cost metrics Cost Explorer answers. */
export const METRICS = [
  'UnblendedCost',
  'BlendedCost',
  'AmortizedCost',
  'NetUnblendedCost',
  'NetAmortizedCost',
];

/** An amount in millionths as Cost Explorer writes amounts: a decimal string with six places. */
export const ceAmount = (micros: number) => (micros / 1e6).toFixed(6);
