import type { Ladder } from '../ladder.js';
import { type LadderFields, resolveLadder } from './ladder-fields.js';
import type { Config } from './schema.js';

export { type LadderFields, type ResolvedLadder, resolveLadder } from './ladder-fields.js';

/** The ladder and routing that apply to one account. */
export interface AccountPolicy {
  /** The rung slots, lowest first (see `Ladder`). */
  readonly ladder: Ladder;
  /** The monthly budget percentages refer to, when one is configured. */
  readonly budget?: number;
  /** The fields the ladder was resolved from (what tags are laid over). */
  readonly fields: LadderFields;
  readonly recipients: readonly string[];
  readonly description?: string;
  /** Where the thresholds come from: an account override, an OU override or the default. */
  readonly source: 'account' | 'organizationalUnit' | 'default';
}

/**
 * Resolves an account's ladder. An account override wins whole over its OU's (a field it leaves
 * out falls back to the default, as its StackSet parameters do); otherwise the account's OU
 * override; otherwise the default. The configuration was validated, so every scope resolves.
 */
export function policyFor(config: Config, accountId: string, ouId?: string): AccountPolicy {
  const { default: def, accounts, organizationalUnits } = config.thresholds;
  const acct = accounts.find((a) => a.id === accountId);
  const ou = ouId ? organizationalUnits.find((o) => o.id === ouId) : undefined;
  const scope = acct ?? ou;
  const resolved = resolveLadder(scope, def);
  if (!resolved.ok) throw new Error(`thresholds of ${accountId}: ${resolved.problem}`);
  return {
    ladder: resolved.ladder,
    ...(resolved.budget !== undefined ? { budget: resolved.budget } : {}),
    fields: resolved.fields,
    recipients: [...(ou?.recipients ?? []), ...(acct?.recipients ?? [])],
    ...(scope?.description ? { description: scope.description } : {}),
    source: acct ? 'account' : ou ? 'organizationalUnit' : 'default',
  };
}

/** The ladder of the configuration's default (the StackSet's own parameters). */
export function defaultLadder(config: Config): Ladder {
  const resolved = resolveLadder(undefined, config.thresholds.default);
  if (!resolved.ok) throw new Error(`thresholds.default: ${resolved.problem}`);
  return resolved.ladder;
}
