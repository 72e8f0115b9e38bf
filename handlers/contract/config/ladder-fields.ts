import {
  type Ladder,
  ladderOf,
  ladderProblem,
  type Rung,
  type RungSpec,
  rungName,
  rungThreshold,
  twoTierLadder,
} from '../ladder.js';

/** The ladder fields of one scope (default, OU, account, or an account's tags). */
export interface LadderFields {
  readonly warning?: number | undefined;
  readonly critical?: number | undefined;
  readonly budget?: number | undefined;
  readonly rungs?: readonly RungSpec[] | undefined;
  /** The daily-rate alarm's limit (0: none). */
  readonly dailyLimit?: number | undefined;
}

/** A resolved ladder with the fields it came from, or the problem and the field it lies in. */
export type ResolvedLadder =
  | { readonly ok: true; readonly ladder: Ladder; readonly budget?: number; readonly fields: LadderFields }
  | {
      readonly ok: false;
      readonly field: 'rungs' | 'warning' | 'critical' | 'budget';
      readonly problem: string;
    };

/**
 * The ladder of a scope over the one below it (`base`: the default's fields, or for tags the
 * configured scope's resolved fields). `budget` comes from the most specific scope that sets it.
 * A scope that sets `warning` or `critical` has the two-rung ladder (a tier it leaves out falls back
 * to `base`'s, as its StackSet parameters do); one that sets `rungs` has them; otherwise `base`'s ladder,
 * its percentages taken of the budget that applies.
 */
export function resolveLadder(scope: LadderFields | undefined, base: LadderFields): ResolvedLadder {
  const budget = scope?.budget ?? base.budget;
  // Like the budget, the daily limit comes from the most specific scope that sets it.
  const dailyLimit = scope?.dailyLimit ?? base.dailyLimit ?? 0;
  const daily = dailyLimit > 0 ? { dailyLimit } : {};
  const twoTier = scope !== undefined && (scope.warning !== undefined || scope.critical !== undefined);
  const specs = twoTier ? undefined : (scope?.rungs ?? base.rungs);
  if (specs) {
    const rungs: Rung[] = [];
    for (const spec of specs) {
      const threshold = rungThreshold(spec, budget);
      if (threshold === undefined)
        return {
          ok: false,
          field: 'budget',
          problem: `rung ${rungName(spec)} is a percentage: set budget (the monthly amount percentages refer to) here or in thresholds.default`,
        };
      rungs.push({ name: rungName(spec), threshold });
    }
    const problem = ladderProblem(rungs);
    if (problem) return { ok: false, field: 'rungs', problem };
    const fields = { rungs: specs, ...(budget !== undefined ? { budget } : {}), ...daily };
    return {
      ok: true,
      ladder: ladderOf(rungs, dailyLimit),
      ...(budget !== undefined ? { budget } : {}),
      fields,
    };
  }
  const warning = scope?.warning ?? base.warning ?? 0;
  const critical = scope?.critical ?? base.critical;
  if (critical === undefined)
    return {
      ok: false,
      field: 'critical',
      problem: base.rungs
        ? 'critical is needed with warning: the ladder below is rungs, so set critical too (or set rungs)'
        : 'must be a number: set critical (the two-rung ladder) or rungs, e.g. budget: 4000 with rungs: ["80%", "100%"]',
    };
  if (warning !== 0 && warning >= critical)
    return {
      ok: false,
      field: 'warning',
      problem:
        scope === undefined
          ? 'warning must be less than critical (or 0 for no warning alarm)'
          : `warning (${warning}) must be less than critical (${critical}), or 0 for no warning alarm`,
    };
  const fields = { warning, critical, ...(budget !== undefined ? { budget } : {}), ...daily };
  return {
    ok: true,
    ladder: twoTierLadder(warning, critical, dailyLimit),
    ...(budget !== undefined ? { budget } : {}),
    fields,
  };
}
