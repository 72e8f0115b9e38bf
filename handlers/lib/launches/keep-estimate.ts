import type { Logger } from '@aws-lambda-powertools/logger';
import { toError } from '../result.js';
import type { EstimateLog, KeptEstimate } from '../state/estimate-log.js';
import type { Estimate } from './launch-notice.js';

/**
 * The estimate as the report reconciles it: each priced EC2 instance item with the usage type its
 * hours are billed under (the Price List product's `usagetype`; `BoxUsage:<type>`, N. Virginia's
 * form, when the product did not say). The reconciliation reads billed EC2 compute only, so RDS
 * instances and NAT gateways, priced for the alert, are not kept: compared with EC2 hours they
 * would always read as "billed below".
 */
export function keptEstimate(e: Estimate, currency: string, alerted: boolean): KeptEstimate | undefined {
  const items = e.items.flatMap(({ item, price }) =>
    price.ok && item.priceAs === 'ec2Instance'
      ? [
          {
            type: item.type,
            count: item.count,
            perHour: price.value.perHour,
            usageType: price.value.usageType ?? `BoxUsage:${item.type}`,
            sku: price.value.sku,
          },
        ]
      : [],
  );
  const [first] = e.items.flatMap(({ price }) => (price.ok ? [price.value.source] : []));
  if (items.length === 0 || !first) return undefined;
  return {
    accountId: e.launch.accountId,
    ...(e.accountName ? { accountName: e.accountName } : {}),
    at: e.launch.at,
    who: e.launch.who,
    call: e.launch.call,
    region: e.launch.region,
    items,
    hourly: e.hourly,
    currency,
    source: first,
    alerted,
  };
}

/**
 * Keeps a priced launch for the report's reconciliation, best effort: a failure is logged and the
 * launch goes on (its estimate is then missing from the report's section, not mailed twice).
 */
export async function keepEstimate(
  log: EstimateLog,
  e: Estimate,
  options: { currency: string; alerted: boolean; now: Date; logger: Logger; signal: AbortSignal },
): Promise<void> {
  const kept = keptEstimate(e, options.currency, options.alerted);
  if (!kept) return;
  await log.keep(e.launch.eventId, kept, options.now, options.signal).catch((err: unknown) => {
    options.logger.warn('estimate not kept for the report', { error: toError(err) });
  });
}
