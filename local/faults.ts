/**
 * Parses a fault flag of the stand-ins: `throttle=N` (the next N calls are throttled) or the one
 * named fault (`down`, `fail`); absent means no fault. The message names the flag and what it takes.
 */
export function parseFaults<N extends string>(
  flag: string,
  text: string | undefined,
  named: N,
): { throttle?: number } & Partial<Record<N, true>> {
  type Faults = { throttle?: number } & Partial<Record<N, true>>;
  if (!text) return {} as Faults;
  if (text === named) return { [named]: true } as Faults;
  const m = /^throttle=(\d+)$/.exec(text);
  if (m) return { throttle: Number(m[1]) } as Faults;
  throw new Error(`${flag} must be "throttle=N" or "${named}", got "${text}"`);
}
