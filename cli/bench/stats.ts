/** The median of some figures (0 without any). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** A figure rounded to `digits` decimals, as bench.json keeps it. */
export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
