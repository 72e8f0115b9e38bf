import type { PricingClient } from '@aws-sdk/client-pricing';
import * as z from 'zod/mini';
import { failureCode } from '../failure.js';
import { found, missing, type Result } from '../result.js';
import { expiresAt, parseItem, type StateTable } from '../state/table.js';
import { type HourlyPrice, hourlyPrice } from './price-list.js';
import type { PriceQuery } from './price-queries.js';

/** A price is kept a week: on-demand prices change a few times a year, each with a new effective date. */
export const PRICE_TTL_SECONDS = 7 * 86_400;
/** A product the price list does not have is asked again after a day. */
const ABSENT_TTL_SECONDS = 86_400;

const cachedSchema = z.lazy(() =>
  z.object({
    absent: z.optional(z.boolean()),
    perHour: z.optional(z.number()),
    currency: z.optional(z.string()),
    sku: z.optional(z.string()),
    effectiveDate: z.optional(z.string()),
    description: z.optional(z.string()),
    usageType: z.optional(z.string()),
    readAt: z.string(),
    expiration: z.number(),
  }),
);

/** What the estimate needs: the state table (the cache), the Price List client, the clock. */
export interface PriceDeps {
  readonly table: StateTable;
  readonly pricing: PricingClient;
  readonly now: () => Date;
}

/**
 * The hourly on-demand price a query names (an EC2 instance type, an RDS class and engine, a NAT
 * gateway, in the launch's Region): from the state table while it is younger than a week
 * (`query.cacheKey`), else from the Price List API (us-east-1) and kept. Missing, with the reason,
 * when the price list has no such product or the API fails (a failed cache read or write only
 * costs a request).
 */
export async function priceOf(
  deps: PriceDeps,
  query: PriceQuery,
  currency: string,
  signal: AbortSignal,
): Promise<Result<HourlyPrice>> {
  const id = query.cacheKey;
  const now = deps.now().getTime();
  const none = `no ${query.product} in the price list`;
  const cached = parseItem(cachedSchema, await deps.table.get(id, signal).catch(() => undefined));
  if (cached && cached.expiration * 1000 > now) {
    if (cached.absent) return missing(none);
    if (cached.perHour !== undefined && cached.currency === currency && cached.sku && cached.effectiveDate)
      return found({
        perHour: cached.perHour,
        currency,
        sku: cached.sku,
        effectiveDate: cached.effectiveDate,
        description: cached.description ?? '',
        source: `AWS Price List API (${query.serviceCode}), cached ${cached.readAt.slice(0, 10)}`,
        ...(cached.usageType ? { usageType: cached.usageType } : {}),
      });
  }
  let price: HourlyPrice | undefined;
  try {
    price = await hourlyPrice(deps.pricing, query, currency, signal);
  } catch (err) {
    return missing(`Price List API ${failureCode(err)}`);
  }
  const readAt = new Date(now).toISOString();
  const item = price
    ? { id, ...price, readAt, expiration: expiresAt(now, PRICE_TTL_SECONDS) }
    : { id, absent: true, readAt, expiration: expiresAt(now, ABSENT_TTL_SECONDS) };
  await deps.table.put({ Item: item }, signal).catch(() => undefined);
  return price ? found(price) : missing(none);
}
