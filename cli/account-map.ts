import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import * as z from 'zod';
import { accountId, ouId } from '../handlers/contract/config/field-formats.js';
import type { Config } from '../handlers/contract/config/schema.js';
import { toError } from '../handlers/lib/result.js';
import type { NamedAccount } from '../local/cost-data.js';
import { parseCsv } from '../local/focus-csv.js';
import { type OrganisationFixture, organisationFromCosts } from '../local/organization-fixture.js';
import { UsageError } from './command.js';

/** What `--accounts FILE` says about an account: its name and the OU that holds it. */
export interface MappedAccount {
  readonly name?: string;
  readonly ou?: string;
}

const entry = z.object({
  id: accountId,
  name: z.string().trim().min(1).max(200).optional(),
  ou: ouId.optional(),
});

/** Column names accepted for each field (FOCUS-like and plain). */
const COLUMNS = {
  id: ['id', 'accountid', 'account_id', 'account', 'subaccountid'],
  name: ['name', 'accountname', 'account_name', 'subaccountname'],
  ou: ['ou', 'ouid', 'ou_id', 'organizationalunit', 'organizationalunitid'],
} as const;

/**
 * Reads `--accounts FILE`: a CSV with a header naming `id`, `name` and `ou` columns, or YAML — a
 * list of `{ id, name, ou }` or a map from id to `{ name, ou }`. Every row is checked; the first bad
 * one is a usage error naming the file, the row and the field.
 */
export function readAccountMap(path: string): Map<string, MappedAccount> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`--accounts: cannot read ${path}`);
  }
  const rows = /\.ya?ml$/i.test(path) ? yamlRows(text, path) : csvRows(text, path);
  const out = new Map<string, MappedAccount>();
  for (const { where, row } of rows) {
    const parsed = entry.safeParse(row);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'row';
      throw new UsageError(`--accounts ${path} ${where}: ${field} ${issue?.message ?? 'is not valid'}`);
    }
    const { id, name, ou } = parsed.data;
    out.set(id, { ...(name ? { name } : {}), ...(ou ? { ou } : {}) });
  }
  if (out.size === 0) throw new UsageError(`--accounts ${path} lists no account (columns: id, name, ou)`);
  return out;
}

type Row = { where: string; row: Record<string, unknown> };

function csvRows(text: string, path: string): Row[] {
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text, path);
  } catch (err) {
    throw new UsageError(`--accounts ${toError(err).message}`);
  }
  const [header, ...body] = records;
  if (!header) return [];
  const names = header.cells.map((c) => c.trim().toLowerCase().replace(/[\s-]/g, ''));
  const column = (field: keyof typeof COLUMNS) =>
    names.findIndex((n) => (COLUMNS[field] as readonly string[]).includes(n));
  const at = { id: column('id'), name: column('name'), ou: column('ou') };
  if (at.id < 0)
    throw new UsageError(`--accounts ${path}: the header has no id column (columns: id, name, ou)`);
  return body.map((r) => ({
    where: `line ${r.line}`,
    row: Object.fromEntries(
      Object.entries(at)
        .filter(([, i]) => i >= 0 && (r.cells[i] ?? '').trim() !== '')
        .map(([field, i]) => [field, (r.cells[i] ?? '').trim()]),
    ),
  }));
}

function yamlRows(text: string, path: string): Row[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new UsageError(`--accounts ${path} is not YAML: ${toError(err).message.split('\n')[0]}`);
  }
  const plain = (v: unknown) => (typeof v === 'number' ? String(v) : v);
  if (Array.isArray(doc)) {
    return doc.map((row, i) => ({
      where: `item ${i + 1}`,
      row: typeof row === 'object' && row !== null ? { ...row, id: plain((row as { id?: unknown }).id) } : {},
    }));
  }
  if (typeof doc === 'object' && doc !== null) {
    return Object.entries(doc).map(([id, value]) => ({
      where: `account ${id}`,
      row: { ...(typeof value === 'object' && value !== null ? value : {}), id },
    }));
  }
  throw new UsageError(
    `--accounts ${path}: expected a list of { id, name, ou } or a map from id to { name, ou }`,
  );
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
