import * as z from 'zod';
import { amount, budgetAmount, dailyLimitAmount } from './amounts.js';
import type { ConfigIssue } from './config-issue.js';
import { fastBurnFields } from './fast-burn.js';
import { accountId, email, ouId } from './field-formats.js';
import { resolveLadder } from './ladder-fields.js';
import { rungList, wellFormed } from './rungs.js';
import { strict } from './strict-object.js';

/**
 * The ladder fields of a scope: `warning`/`critical` (the two-rung ladder; `warning: 0` means no
 * warning alarm) or `rungs`, with `budget` for percentage rungs. Which rungs apply is resolved by
 * `resolveLadder` (config/thresholds.ts), here and for tags alike.
 */
const ladderShape = {
  warning: amount.optional(),
  critical: amount.positive('must be more than zero').optional(),
  budget: budgetAmount.optional(),
  rungs: rungList.optional(),
  /** The daily-rate alarm's limit (the increase over 24 hours); from the most specific scope that sets it, 0 for none. */
  dailyLimit: dailyLimitAmount.optional(),
};

// `fastBurn`: alerts from launches, opt-in (DESIGN.md, "Fast burn from launches").
const tierThresholds = strict({ ...ladderShape, fastBurn: fastBurnFields.optional() });

const overrideShape = {
  ...ladderShape,
  description: z.string().max(256).optional(),
  recipients: z.array(email).max(40).default([]),
  /** Chat channels (names from `chat.channels`) that also get this scope's alarms. */
  chatChannels: z.array(z.string()).max(10).default([]),
  fastBurn: fastBurnFields.optional(),
};

const accountOverride = strict({ id: accountId, name: z.string().max(128).optional(), ...overrideShape });
const ouOverride = strict({ id: ouId, ...overrideShape });

/** `thresholds:` — the default ladder and the OU and account overrides laid over it. */
export const thresholdScopes = strict({
  default: tierThresholds,
  organizationalUnits: z.array(ouOverride).default([]),
  accounts: z.array(accountOverride).default([]),
});

/** The validated `thresholds:` section. */
export type ThresholdScopes = z.output<typeof thresholdScopes>;

/**
 * What is wrong across the fields of each scope: rungs beside warning/critical, a ladder that does
 * not resolve over the default (`resolveLadder`), an override id listed twice.
 */
export function scopeIssues(thresholds: ThresholdScopes): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const def = thresholds.default;
  const ladderIssues = (fields: typeof def, path: (string | number)[], scope: typeof def | undefined) => {
    if (fields.rungs && (fields.warning !== undefined || fields.critical !== undefined))
      issues.push({
        path: [...path, 'rungs'],
        message: 'set either rungs (with budget for percentages) or warning/critical, not both',
      });
    else if ([fields.rungs, def.rungs].every((list) => list === undefined || wellFormed(list))) {
      const resolved = resolveLadder(scope, def);
      if (!resolved.ok) issues.push({ path: [...path, resolved.field], message: resolved.problem });
    }
  };
  ladderIssues(def, ['thresholds', 'default'], undefined);
  const scopes = [
    ['organizationalUnits', thresholds.organizationalUnits],
    ['accounts', thresholds.accounts],
  ] as const;
  for (const [scope, list] of scopes) {
    const seen = new Set<string>();
    list.forEach((o, i) => {
      if (seen.has(o.id)) {
        issues.push({ path: ['thresholds', scope, i, 'id'], message: `duplicate id ${o.id}` });
      }
      seen.add(o.id);
      ladderIssues(o, ['thresholds', scope, i], o);
    });
  }
  return issues;
}

/**
 * An OU override that names the root. OU overrides may name target OUs or OUs nested under one
 * (deepest wins); which OU is under which is Organizations' knowledge, so `thresholds plan` and
 * `doctor` check it, not the loader.
 */
export function rootOverrideIssues(thresholds: ThresholdScopes): ConfigIssue[] {
  return thresholds.organizationalUnits.flatMap((o, i) =>
    o.id.startsWith('r-')
      ? [
          {
            path: ['thresholds', 'organizationalUnits', i, 'id'],
            message: `${o.id} is the root: put the organisation-wide thresholds in thresholds.default instead`,
          },
        ]
      : [],
  );
}
