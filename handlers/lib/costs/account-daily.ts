import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { getAllCostAndUsage, type RequestCounter, USAGE_ONLY } from './cost-queries.js';
import { sum } from './money.js';
import { addDays, type IsoDate } from './periods.js';

/** Usage of one account by service and day. */
export type DailyByService = Record<string, Record<IsoDate, number>>;

/** Days of service-level history an alarm needs: two three-day windows and a day of lag. */
export const MOVER_HISTORY_DAYS = 7;

/**
 * The alarmed account's daily usage by service over the last few days, for its top movers: one
 * filtered query per alarm (a constant, whatever the organisation's size).
 */
export async function getAccountDailyByService(
  ce: CostExplorerClient,
  accountId: string,
  today: IsoDate,
  counter: RequestCounter,
): Promise<DailyByService> {
  const result = await getAllCostAndUsage(
    ce,
    {
      TimePeriod: { Start: addDays(today, -MOVER_HISTORY_DAYS), End: today },
      Granularity: 'DAILY',
      GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
      Filter: { And: [{ Dimensions: { Key: 'LINKED_ACCOUNT', Values: [accountId] } }, USAGE_ONLY] },
    },
    counter,
  );
  const out: DailyByService = {};
  for (const g of result.groups) {
    const service = g.keys[0];
    if (!service) continue;
    const days = out[service] ?? {};
    out[service] = days;
    days[g.start] = sum([days[g.start] ?? 0, g.amount]);
  }
  return out;
}
