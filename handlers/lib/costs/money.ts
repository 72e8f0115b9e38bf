/** Amounts are summed in millionths so that totals of Cost Explorer strings stay exact to the cent. */
const SCALE = 1_000_000;

/**
 * Adds amounts without floating-point drift: each amount's shortest decimal form (what Cost
 * Explorer sent, for its strings) becomes whole millionths in a BigInt, so the sum is exact at any
 * size; only the final conversion back to a number rounds (to the nearest double: exact to the cent
 * below about 10^13 of the currency).
 */
export function sum(values: Iterable<number>): number {
  // Fast path: whole millionths in a double are exact while they stay below 2^53; amounts under a
  // billion round to the right millionth by multiplication. Past either, BigInt takes over.
  let fast = 0;
  let big: bigint | undefined;
  for (const v of values) {
    if (big === undefined && Math.abs(v) < 1e9) {
      const next = fast + Math.round(v * SCALE);
      if (Math.abs(next) < Number.MAX_SAFE_INTEGER) {
        fast = next;
        continue;
      }
    }
    big = (big ?? BigInt(fast)) + toMicros(v);
  }
  if (big === undefined) return fast / SCALE;
  return Number(big / BigInt(SCALE)) + Number(big % BigInt(SCALE)) / SCALE;
}

/** An amount in whole millionths, from its shortest decimal form (no multiplication, no drift). */
function toMicros(value: number): bigint {
  if (!Number.isFinite(value)) return 0n;
  const [mantissa = '0', exponent = '0'] = value.toExponential().split('e');
  const negative = mantissa.startsWith('-');
  const [int = '0', frac = ''] = mantissa.replace('-', '').split('.');
  // digits × 10^(exponent − frac digits + 6), rounded half away from zero below a millionth.
  const digits = BigInt(int + frac);
  const shift = Number(exponent) - frac.length + 6;
  let micros: bigint;
  if (shift >= 0) micros = digits * 10n ** BigInt(shift);
  else {
    const unit = 10n ** BigInt(-shift);
    micros = (digits + unit / 2n) / unit;
  }
  return negative ? -micros : micros;
}

/** Rounds an amount to cents. */
export function cents(value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100;
}

/** Parses a Cost Explorer amount string ("12.3456789"). */
export function parseAmount(text: string | undefined): number {
  const n = Number(text ?? '0');
  return Number.isFinite(n) ? n : 0;
}
