import { ListParentsCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';
import type { Config } from '../../contract/config/schema.js';

/** OUs are nested at most five deep below the root. */
const MAX_DEPTH = 5;

/**
 * The configured OU (one with an override) that contains the account, walking up from its direct
 * parent; undefined when the configuration has no OU overrides (then no call is made) or the account
 * sits in none of them.
 */
export async function findConfiguredOu(
  orgs: OrganizationsClient,
  accountId: string,
  config: Config,
  signal?: AbortSignal,
): Promise<string | undefined> {
  return (await findOuPath(orgs, accountId, config, signal)).ouId;
}

/** The configured OU that holds an account (as {@link findConfiguredOu}) and the parents walked to find it, nearest first. */
export async function findOuPath(
  orgs: OrganizationsClient,
  accountId: string,
  config: Config,
  signal?: AbortSignal,
): Promise<{ ouId?: string; path: string[] }> {
  const configured = new Set(config.thresholds.organizationalUnits.map((o) => o.id));
  const path: string[] = [];
  if (configured.size === 0) return { path };
  let child = accountId;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const out = await orgs.send(
      new ListParentsCommand({ ChildId: child }),
      signal ? { abortSignal: signal } : {},
    );
    const parent = out.Parents?.[0];
    if (!parent?.Id || parent.Type === 'ROOT') return { path };
    path.push(parent.Id);
    if (configured.has(parent.Id)) return { ouId: parent.Id, path };
    child = parent.Id;
  }
  return { path };
}
