import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { comparisonDriversOf, driversOf, type ServiceDrivers, topChanges } from '../analysis/drivers.js';
import { getComparisonDrivers } from '../costs/comparison-drivers.js';
import type { CostBasis } from '../costs/cost-basis.js';
import { RequestCounter } from '../costs/cost-queries.js';
import type { CostSnapshot } from '../costs/snapshot-schema.js';
import { getOrganisationUsageTypes } from '../costs/usage-types.js';
import { singleLine } from '../email/format.js';
import { failureCode } from '../failure.js';
import { found, missing, type Result } from '../result.js';

/** Services and accounts whose change the report splits: the ones that moved most. */
export const REPORT_DRIVER_ROWS = 5;

/** The report's typed drivers: by service and by account, and the requests they took. */
export interface ReportDrivers {
  readonly services?: Result<ServiceDrivers[]>;
  readonly accounts?: Result<ServiceDrivers[]>;
  readonly requests: number;
  /** Where the services' drivers came from: AWS's own (a month close) or computed from usage types. */
  readonly source: 'computed' | 'costComparisonDrivers';
  /** Why AWS's own drivers were not used on a month close (a failure code), when they were asked for. */
  readonly awsUnavailable?: string;
}

/**
 * The organisation's typed drivers for the services and the accounts that moved most (at most
 * {@link REPORT_DRIVER_ROWS} each), the snapshot's period against its comparison: six requests
 * (plus pages) whatever the organisation's size, three per split. On a month close the services'
 * drivers are Cost Explorer's own (GetCostComparisonDrivers, at most two requests), and the
 * computed split only when those fail, said in a note. Each split that fails is a reason of its
 * own; nothing here throws.
 */
export async function readReportDrivers(
  ce: CostExplorerClient,
  snapshot: CostSnapshot,
  signal: AbortSignal,
  basis: CostBasis,
): Promise<ReportDrivers> {
  const counter = new RequestCounter();
  const services = topChanges(snapshot.services, REPORT_DRIVER_ROWS);
  const accounts = topChanges(
    snapshot.accounts.map((a) => ({ name: a.id, current: a.current, comparison: a.comparison })),
    REPORT_DRIVER_ROWS,
  );
  const names = new Map(snapshot.accounts.map((a) => [a.id, `${singleLine(a.name, 60)} (${a.id})`]));
  const split = async (keys: string[], by: 'SERVICE' | 'LINKED_ACCOUNT') => {
    if (keys.length === 0) return undefined;
    try {
      const costs = await getOrganisationUsageTypes(ce, keys, snapshot.periods, counter, signal, basis, by);
      const drivers = driversOf(costs);
      return found(
        by === 'SERVICE'
          ? drivers
          : drivers.map((d) => ({ ...d, service: names.get(d.service) ?? d.service })),
      );
    } catch (err) {
      return missing(failureCode(err));
    }
  };
  // A closed month (the month-close report, the first of a month): AWS's own drivers first.
  const aws =
    snapshot.periods.mode === 'monthClose'
      ? await getComparisonDrivers(ce, snapshot.periods, counter, signal, basis).then(
          (c) => found(comparisonDriversOf(c, REPORT_DRIVER_ROWS)),
          (err: unknown) => missing(failureCode(err)),
        )
      : undefined;
  const [byService, byAccount] = await Promise.all([
    aws?.ok ? aws : split(services, 'SERVICE'),
    split(accounts, 'LINKED_ACCOUNT'),
  ]);
  return {
    ...(byService ? { services: byService } : {}),
    ...(byAccount ? { accounts: byAccount } : {}),
    requests: counter.count,
    source: aws?.ok ? 'costComparisonDrivers' : 'computed',
    ...(aws && !aws.ok ? { awsUnavailable: aws.reason } : {}),
  };
}
