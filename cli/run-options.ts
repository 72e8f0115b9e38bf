import { mkdirSync } from 'node:fs';
import type { Config } from '../handlers/contract/config/schema.js';
import type { NamedAccount } from '../local/cost-data.js';
import { type OrganisationFixture, organisationFromCosts } from '../local/organization-fixture.js';
import { readAccountMap } from './account-map.js';
import { type CommandIo, UsageError } from './command.js';
import { FAULT_OPTIONS, faultsFrom } from './fault-options.js';
import { costsAndClock } from './options.js';
import type { EventLine } from './run-lines.js';

/** The options `simulate` and `report` share: the costs, the clock, the out folder, the faults. */
export const RUN_OPTIONS = {
  costs: { type: 'string' },
  accounts: { type: 'string' },
  now: { type: 'string' },
  out: { type: 'string', default: 'out' },
  ...FAULT_OPTIONS,
  verbose: { type: 'boolean', default: false },
} as const;

/** What a run takes from those options: the stand-ins' faults, the cost rows and clock; the out folder made. */
export async function runInputs(
  values: Parameters<typeof faultsFrom>[0] & { costs?: string; now?: string; out: string },
  io: CommandIo,
) {
  const faults = faultsFrom(values);
  const { costs, now } = await costsAndClock(values.costs, values.now, io.note);
  mkdirSync(values.out, { recursive: true });
  return { faults, costs, now };
}

/** How a run reports: each line printed as JSON as soon as it is known, the bundle build noted. */
export function printedRun(io: CommandIo, verbose: boolean) {
  return {
    onLine: (line: EventLine) => io.print(JSON.stringify(line)),
    bundleOptions: { verbose, onBuild: io.note },
  };
}

/** Exit 1 when an event failed. */
export function exitCodeOf(lines: readonly EventLine[]): number {
  return lines.some((l) => l.status === 'failed') ? 1 : 0;
}

/** The `--accounts FILE` line of `simulate`'s and `report`'s help. */
export const ACCOUNTS_HELP = `  --accounts FILE  with --costs: each account's name and OU (CSV with id, name, ou columns, or
                   YAML), so the preview uses the OUs' thresholds (a cost export names no OUs)`;

/**
 * The organisation of a `--costs` run. A cost export names no OUs, so without `--accounts FILE`
 * every account is previewed in the first target OU on the default thresholds, and the run says so.
 */
export function costsOrganisation(
  values: { costs?: string; accounts?: string },
  costs: { accounts(): NamedAccount[] },
  config: Config,
  note: (text: string) => void,
): OrganisationFixture {
  const first = config.organization.targetOrganizationalUnitIds[0] ?? 'the root';
  const { warning, critical } = config.thresholds.default;
  if (!values.accounts) {
    note(
      `note: --costs: a cost export names no OUs, so this preview puts every account in ${first} on the default thresholds (warning ${warning}, critical ${critical} ${config.currency}) unless the configuration names the account; pass --accounts FILE (columns id, name, ou) to place them in their OUs`,
    );
    return organisationFromCosts(costs, config);
  }
  const placed = readAccountMap(values.accounts);
  const ids = new Set(costs.accounts().map((a) => a.id));
  const unplaced = [...ids].filter((id) => !placed.get(id)?.ou).length;
  const unknown = [...placed.keys()].filter((id) => !ids.has(id)).length;
  note(
    `note: --accounts ${values.accounts}: ${ids.size - unplaced} of ${ids.size} accounts placed in their OUs${unplaced > 0 ? `; ${unplaced} not in the file (or without an ou) stay in ${first} on the default thresholds` : ''}${unknown > 0 ? `; ${unknown} listed but without costs in the export` : ''}`,
  );
  return organisationFromCosts(costs, config, { placed });
}

/** `--accounts` only maps the accounts of a `--costs` export. */
export function checkAccountsOption(values: { costs?: string; accounts?: string }): void {
  if (values.accounts && !values.costs) {
    throw new UsageError(
      `--accounts ${values.accounts} maps the accounts of a cost export: add --costs CSV (the sample organisation has its OUs already)`,
    );
  }
}
