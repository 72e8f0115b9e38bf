import { type FastBurnPolicy, resolveFastBurn } from './fast-burn-resolve.js';
import type { Config } from './schema.js';

/** The fast-burn settings of an account: its override's, its OU's, then the default's, field by field. */
export function fastBurnFor(config: Config, accountId: string, ouId?: string): FastBurnPolicy {
  const { default: def, accounts, organizationalUnits } = config.thresholds;
  const acct = accounts.find((a) => a.id === accountId);
  const ou = ouId ? organizationalUnits.find((o) => o.id === ouId) : undefined;
  return resolveFastBurn([acct?.fastBurn, ou?.fastBurn, def.fastBurn]);
}

/**
 * Whether any scope turns fast-burn alerts on: then the member template's launch rule is deployed
 * (to every member; the alarm Lambda skips accounts whose own settings leave it off).
 */
export function fastBurnAnywhere(config: Config): boolean {
  const { default: def, accounts, organizationalUnits } = config.thresholds;
  return [def, ...accounts, ...organizationalUnits].some((s) => s.fastBurn?.enabled === true);
}
