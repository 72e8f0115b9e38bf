/** Amounts are summed in millionths so that totals of Cost Explorer strings stay exact to the cent. */
const SCALE = 1_000_000;

/** Adds amounts without floating-point drift. */
export function sum(values: Iterable<number>): number {
  let micros = 0;
  for (const v of values) micros += Math.round(v * SCALE);
  return micros / SCALE;
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
