import type { Config } from './schema.js';

/** The thresholds and routing that apply to one account. */
export interface AccountPolicy {
  readonly warning: number;
  readonly critical: number;
  readonly recipients: readonly string[];
  readonly description?: string;
  /** Where the thresholds come from: an account override, an OU override or the default. */
  readonly source: 'account' | 'organizationalUnit' | 'default';
}

/**
 * Resolves an account's thresholds. An account override wins whole (a tier it leaves out falls back
 * to the default, as its StackSet parameters do); otherwise the account's OU override; otherwise the
 * default.
 */
export function policyFor(config: Config, accountId: string, ouId?: string): AccountPolicy {
  const { default: def, accounts, organizationalUnits } = config.thresholds;
  const acct = accounts.find((a) => a.id === accountId);
  const ou = ouId ? organizationalUnits.find((o) => o.id === ouId) : undefined;
  const scope = acct ?? ou;
  return {
    warning: scope?.warning ?? def.warning,
    critical: scope?.critical ?? def.critical,
    recipients: [...(ou?.recipients ?? []), ...(acct?.recipients ?? [])],
    ...(scope?.description ? { description: scope.description } : {}),
    source: acct ? 'account' : ou ? 'organizationalUnit' : 'default',
  };
}
