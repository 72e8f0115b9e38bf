import * as z from 'zod';
import { MAX_RUNGS, RUNG_NAME_PATTERN } from '../ladder.js';
import { MAX_THRESHOLD } from './amounts.js';

const RUNG_SPEC_ERROR =
  'must be a percentage of the budget such as "120%" (in quotes, at most two decimals) or an amount more than zero such as 1500 (at most two decimals)';

/** One rung as written: a percentage of the budget (`"120%"`) or an amount (`1500`). */
export const rungSpec = z.union(
  [
    z.string().regex(/^\d{1,4}(\.\d{1,2})?%$/, RUNG_SPEC_ERROR),
    z
      .number({ error: RUNG_SPEC_ERROR })
      .refine((n) => n > 0 && n <= MAX_THRESHOLD && RUNG_NAME_PATTERN.test(String(n)), RUNG_SPEC_ERROR),
  ],
  { error: RUNG_SPEC_ERROR },
);

/** A ladder as written: one to {@link MAX_RUNGS} rungs, lowest first; a rung past the last slot is named. */
export const rungList = z
  .array(rungSpec)
  .min(1, 'list at least one rung, e.g. ["80%", "100%"]')
  .superRefine((list, ctx) => {
    if (list.length > MAX_RUNGS)
      ctx.addIssue({
        code: 'custom',
        path: [MAX_RUNGS],
        message: `at most ${MAX_RUNGS} rungs (the member template has ${MAX_RUNGS} rung slots); this list has ${list.length}: remove this rung and those after it`,
      });
  });

/** Whether a written ladder passed its own schema (else its issues are already named). */
export function wellFormed(list: readonly unknown[]): boolean {
  return list.length <= MAX_RUNGS && list.every((r) => rungSpec.safeParse(r).success);
}
