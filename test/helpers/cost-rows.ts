import type { CostRow } from '../../local/focus-csv.js';

/** A cost row as the stand-ins hold it: USD, the account named `name-<id>`, usage unless told. */
export const costRow = (
  date: string,
  accountId: string,
  service: string,
  cost: number,
  recordType = 'Usage',
): CostRow => ({
  date,
  accountId,
  accountName: `name-${accountId}`,
  service,
  recordType,
  cost,
  currency: 'USD',
});
