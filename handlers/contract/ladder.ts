// The threshold ladder: up to eight rungs of month-to-date EstimatedCharges per account, each its
// own alarm. The member template has one slot per rung; alarm names carry the rung, so the edge, the
// noise records and the emails all know which rung an alarm stands for.

/** The member template's rung slots: a ladder has at most this many rungs. */
export const MAX_RUNGS = 8;

/**
 * The daily-rate alarm's name in the ladder's last slot, in plans (`"rung": "daily"`), alarm names
 * (`billing-alarm-daily`) and noise records. Not a rung of month-to-date spend: its threshold is the
 * most an account may spend in 24 hours (`dailyLimit`), watched by its own metric-math alarm.
 */
export const DAILY_RUNG = 'daily';
/** The index of the daily-rate slot: after the {@link MAX_RUNGS} rung slots. */
export const DAILY_SLOT = MAX_RUNGS;
/** Slots of a ladder: the rung slots and the daily-rate slot. */
export const LADDER_SLOTS = MAX_RUNGS + 1;

/** One rung: its name (`warning`, `critical`, `120%` or an amount such as `1500`) and its threshold. */
export interface Rung {
  readonly name: string;
  readonly threshold: number;
}

/**
 * The template's slots in order, always {@link LADDER_SLOTS} long: {@link MAX_RUNGS} rung slots, then
 * the daily-rate slot ({@link DAILY_SLOT}: named {@link DAILY_RUNG}, its threshold the daily limit).
 * A slot at threshold 0 is unused (name `''`) and creates no alarm. The two-tier ladder keeps
 * `warning` in slot 1 and `critical` in slot 2 whatever the warning is, so a configuration without
 * a warning never moves the critical alarm. Everything that reads rungs of month-to-date spend
 * ({@link usedRungs}, {@link topRung}) reads the rung slots only.
 */
export type Ladder = readonly Rung[];

/** An unused slot. */
export const UNUSED_RUNG: Rung = { name: '', threshold: 0 };

/** The names of the two-tier ladder, lowest first. */
export const TWO_TIER_NAMES = ['warning', 'critical'] as const;

/** A rung name: `warning`, `critical`, a percentage of the budget (`120%`) or an amount (`1500`). */
export const RUNG_NAME_PATTERN = /^(warning|critical|\d{1,4}(\.\d{1,2})?%|\d{1,10}(\.\d{1,2})?)$/;

/**
 * A rung as alarm names carry it: `%` becomes `pct` (`120%` → `120pct`), the rest is as is. The
 * parameter pattern of the template's name slots (empty for an unused slot).
 */
export const RUNG_SLUG_SOURCE = '(warning|critical|\\d{1,4}(\\.\\d{1,2})?pct|\\d{1,10}(\\.\\d{1,2})?)';

/** The rung's part of an alarm name: `120%` → `120pct`. */
export function rungSlug(name: string): string {
  return name.endsWith('%') ? `${name.slice(0, -1)}pct` : name;
}

/** The rung an alarm-name part stands for (`120pct` → `120%`), or undefined. */
export function rungOfSlug(slug: string): string | undefined {
  if (!new RegExp(`^${RUNG_SLUG_SOURCE}$`).test(slug)) return undefined;
  return slug.endsWith('pct') ? `${slug.slice(0, -3)}%` : slug;
}

/** The percentage a rung name stands for (`120%` → 120), or undefined for any other rung. */
export function rungPercent(name: string): number | undefined {
  return name.endsWith('%') ? Number(name.slice(0, -1)) : undefined;
}

/** The budget a percentage rung implies (threshold ÷ percentage), rounded to the cent. */
export function impliedBudget(rung: Rung): number | undefined {
  const pct = rungPercent(rung.name);
  return pct ? Math.round((rung.threshold / pct) * 100 * 100) / 100 : undefined;
}

/** A rung as written in the configuration or a tag: `"50%"` or an amount. */
export type RungSpec = string | number;

/** The rung name of a written rung: a percentage as written, an amount as its shortest number. */
export function rungName(spec: RungSpec): string {
  return typeof spec === 'number' ? String(spec) : spec.trim();
}

/** The threshold of a written rung against a budget: percentages need one, amounts stand alone. */
export function rungThreshold(spec: RungSpec, budget: number | undefined): number | undefined {
  const pct = rungPercent(rungName(spec));
  if (pct === undefined) return Number(spec);
  return budget === undefined ? undefined : Math.round(budget * pct) / 100;
}

/** The daily-rate slot for a limit: unused at 0. */
export function dailySlot(limit: number): Rung {
  return normalRung({ name: DAILY_RUNG, threshold: limit });
}

/**
 * The slots of a ladder from its used rungs (lowest first), padded with unused slots, and the
 * daily limit (0: no daily-rate alarm).
 */
export function ladderOf(rungs: readonly Rung[], dailyLimit = 0): Ladder {
  return Array.from({ length: LADDER_SLOTS }, (_, i) =>
    i === DAILY_SLOT ? dailySlot(dailyLimit) : normalRung(rungs[i]),
  );
}

/** The two-tier ladder: `warning` in slot 1 (unused at 0), `critical` in slot 2. */
export function twoTierLadder(warning: number, critical: number, dailyLimit = 0): Ladder {
  return ladderOf(
    [
      warning > 0 ? { name: 'warning', threshold: warning } : UNUSED_RUNG,
      { name: 'critical', threshold: critical },
    ],
    dailyLimit,
  );
}

/** The ladder's daily limit (0: no daily-rate alarm). */
export function dailyLimitOf(ladder: Ladder): number {
  return normalRung(ladder[DAILY_SLOT]).threshold;
}

/** The same ladder with another daily limit. */
export function withDailyLimit(ladder: Ladder, dailyLimit: number): Ladder {
  return ladderOf(ladder.slice(0, MAX_RUNGS), dailyLimit);
}

/** Whether a rung name is the daily-rate alarm's. */
export function isDailyRung(name: string): boolean {
  return name === DAILY_RUNG;
}

/** A slot as compared and written: an unused one (threshold 0 or none) is always {@link UNUSED_RUNG}. */
export function normalRung(rung: Rung | undefined): Rung {
  return rung && rung.threshold > 0 ? rung : UNUSED_RUNG;
}

/** The rungs of month-to-date spend that create an alarm, in slot order (lowest first). */
export function usedRungs(ladder: Ladder): Rung[] {
  return ladder.slice(0, MAX_RUNGS).filter((r) => r.threshold > 0);
}

/** Every alarm the ladder creates: its used rungs, then the daily-rate alarm when it has a limit. */
export function alarmedRungs(ladder: Ladder): Rung[] {
  const daily = dailyLimitOf(ladder);
  return [...usedRungs(ladder), ...(daily > 0 ? [dailySlot(daily)] : [])];
}

/** The threshold of a named rung, 0 when the ladder has no such rung. */
export function thresholdOf(ladder: Ladder, name: string): number {
  return ladder.find((r) => r.name === name && r.threshold > 0)?.threshold ?? 0;
}

/** The top rung (the highest threshold), if any. */
export function topRung(ladder: Ladder): Rung | undefined {
  return usedRungs(ladder).at(-1);
}

/** Whether two ladders deploy the same parameters, slot by slot (the daily limit included). */
export function sameLadder(a: Ladder, b: Ladder): boolean {
  return Array.from({ length: LADDER_SLOTS }, (_, i) => i).every((i) => {
    const x = normalRung(a[i]);
    const y = normalRung(b[i]);
    return x.name === y.name && x.threshold === y.threshold;
  });
}

/** A key equal for ladders that deploy the same parameters. */
export function ladderKey(ladder: Ladder): string {
  return Array.from({ length: LADDER_SLOTS }, (_, i) => normalRung(ladder[i]))
    .map((r) => `${r.name}=${r.threshold}`)
    .join('/');
}

/**
 * What is wrong with a ladder's used rungs, or undefined: names must be valid and distinct, and
 * thresholds strictly ascending in slot order (the alarms would otherwise cross out of order).
 */
export function ladderProblem(rungs: readonly Rung[]): string | undefined {
  if (rungs.length > MAX_RUNGS)
    return `at most ${MAX_RUNGS} rungs (the member template has ${MAX_RUNGS} rung slots); got ${rungs.length}`;
  const names = new Set<string>();
  for (const [i, r] of rungs.entries()) {
    if (!RUNG_NAME_PATTERN.test(r.name))
      return `rung "${r.name}" is neither a percentage such as "120%" nor an amount such as 1500`;
    if (names.has(r.name)) return `rung ${r.name} is listed twice`;
    names.add(r.name);
    const prev = rungs[i - 1];
    if (prev && r.threshold <= prev.threshold)
      return `rungs must rise: ${r.name} (${r.threshold}) is not above ${prev.name} (${prev.threshold})`;
  }
  return undefined;
}

/** Whether a rung is one of the two-tier ladder's (`warning`, `critical`). */
export function isTwoTierName(name: string): name is (typeof TWO_TIER_NAMES)[number] {
  return name === 'warning' || name === 'critical';
}

/** Whether a ladder is the two-tier one (only `warning` and `critical` rungs). */
export function isTwoTierLadder(ladder: Ladder): boolean {
  return usedRungs(ladder).every((r) => isTwoTierName(r.name));
}

/**
 * The band a rung is shown in: `critical` for the critical rung, the top rung and percentages from
 * 100 %; `warning` below.
 */
export function rungBand(name: string, ladder: Ladder): 'warning' | 'critical' {
  if (name === 'critical' || topRung(ladder)?.name === name) return 'critical';
  return (rungPercent(name) ?? 0) >= 100 ? 'critical' : 'warning';
}

/** The budget that applies to a rung: the one a percentage implies, else the configured one. */
export function rungBudget(rung: Rung, configured: number | undefined): number | undefined {
  return impliedBudget(rung) ?? configured;
}

/** A ladder's used rungs as `{ rung: amount }`, lowest first: how answers and logs print it. */
export function rungAmounts(ladder: Ladder): Record<string, number> {
  return Object.fromEntries(usedRungs(ladder).map((r) => [r.name, r.threshold]));
}
