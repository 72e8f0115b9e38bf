import type { Config } from '../../handlers/contract/config/schema.js';
import { readCoverage } from '../../handlers/lib/governance/coverage.js';
import type { GeneratedOrganisation } from '../../local/generated-org.js';
import { startGovernance } from '../../local/governance-server.js';
import { organisationFromCosts } from '../../local/organization-fixture.js';
import { standInClients } from '../stand-in-clients.js';
import { round } from './stats.js';

/** The report's coverage read alone, as bench.json holds it. */
export interface CoverageFigures {
  readonly accounts: number;
  /** Accounts per OU below the target OU in the organisation read. */
  readonly accountsPerOu: number;
  /** Each Organizations and CloudFormation call's injected latency. */
  readonly latencyMs: number;
  /** Wall time of the whole read (accounts, instances, drift), measured. */
  readonly seconds: number;
  readonly organizationsCalls: number;
  readonly cloudFormationCalls: number;
  readonly complete: boolean;
}

/**
 * Times the report's coverage read (the code the report Lambda runs, through the real SDK clients)
 * against the Organizations and CloudFormation stand-ins answering every call after `latencyMs`.
 */
export async function measureCoverage(
  config: Config,
  org: GeneratedOrganisation,
  latencyMs: number,
  accountsPerOu: number,
): Promise<CoverageFigures> {
  const organisation = organisationFromCosts(org, config, { accountsPerOu });
  const governance = await startGovernance(organisation);
  governance.setFaults({ latencyMs });
  const { orgs, cfn, cw } = standInClients(governance, { accessKeyId: 'local', secretAccessKey: 'local' });
  try {
    const started = performance.now();
    const coverage = await readCoverage(orgs, cfn, { config, stackSetName: organisation.stackSetName });
    return {
      accounts: organisation.accounts.length,
      accountsPerOu,
      latencyMs,
      seconds: round((performance.now() - started) / 1000),
      organizationsCalls: governance.stats.organizations,
      cloudFormationCalls: governance.stats.cloudFormation,
      complete: coverage.activeAccounts === organisation.accounts.length,
    };
  } finally {
    for (const client of [orgs, cfn, cw]) client.destroy();
    await governance.stop();
  }
}
