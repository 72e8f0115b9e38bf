import { GetProductsCommand, type PricingClient } from '@aws-sdk/client-pricing';
import * as z from 'zod/mini';
import { MalformedResponseError } from '../failure.js';
import type { PriceQuery } from './price-queries.js';

/** An on-demand hourly price and where it came from. */
export interface HourlyPrice {
  /** Per instance-hour (or gateway-hour), in `currency`. */
  readonly perHour: number;
  readonly currency: string;
  /** The product's SKU in the price list. */
  readonly sku: string;
  /** When the on-demand term took effect (the price list's `effectiveDate`). */
  readonly effectiveDate: string;
  /** The price dimension's own words, e.g. "$55.04 per On Demand Linux p5.48xlarge Instance Hour". */
  readonly description: string;
  /** `AWS Price List API (AmazonEC2)`, or the cache it was read from. */
  readonly source: string;
  /** The product's `usagetype` (`BoxUsage:p5.48xlarge`, `USW2-BoxUsage:…`): what the bill names its hours by. */
  readonly usageType?: string;
}

const dimensionSchema = z.lazy(() =>
  z.object({
    unit: z.string(),
    description: z.optional(z.string()),
    pricePerUnit: z.record(z.string(), z.string()),
  }),
);
/** One entry of `PriceList` (format `aws_v1`), as far as the estimate reads it. */
const productSchema = z.lazy(() =>
  z.object({
    product: z.object({
      sku: z.string(),
      attributes: z.optional(z.object({ usagetype: z.optional(z.string()) })),
    }),
    terms: z.object({
      OnDemand: z.record(
        z.string(),
        z.object({
          effectiveDate: z.string(),
          priceDimensions: z.record(z.string(), dimensionSchema),
        }),
      ),
    }),
  }),
);
type Product = z.infer<typeof productSchema>;

/** One `PriceList` entry as an `aws_v1` product with on-demand terms, or undefined. */
function productOf(entry: unknown): Product | undefined {
  try {
    const parsed = productSchema.safeParse(JSON.parse(String(entry)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The hourly (`Hrs`) on-demand price of one product, or undefined when it has none (a per-GB charge). */
function hourlyOf(product: Product, currency: string, serviceCode: string): HourlyPrice | undefined {
  const usageType = product.product.attributes?.usagetype;
  for (const term of Object.values(product.terms.OnDemand)) {
    for (const d of Object.values(term.priceDimensions)) {
      const amount = Number(d.pricePerUnit[currency]);
      if (d.unit === 'Hrs' && Number.isFinite(amount) && amount >= 0)
        return {
          perHour: amount,
          currency,
          sku: product.product.sku,
          effectiveDate: term.effectiveDate,
          description: d.description ?? '',
          source: `AWS Price List API (${serviceCode})`,
          ...(usageType ? { usageType } : {}),
        };
    }
  }
  return undefined;
}

/** The hourly on-demand price in one `PriceList` entry, or undefined when it has none. */
export function hourlyPriceOf(entry: unknown, currency: string, serviceCode = 'AmazonEC2') {
  const product = productOf(entry);
  return product ? hourlyOf(product, currency, serviceCode) : undefined;
}

/**
 * The on-demand hourly price a query names: one GetProducts request in the Price List's own
 * Region (the launch's Region is a filter). At most 10 products are read; per-GB products are
 * passed over and, when several hourly ones match (EC2's Capacity Block row at $0.00 beside the
 * on-demand one, Aurora's two storage configurations), the highest is kept, so the estimate errs
 * high. Undefined when the price list has no hourly product; throws when the API fails or answers
 * what is not a price list.
 */
export async function hourlyPrice(
  pricing: PricingClient,
  query: PriceQuery,
  currency: string,
  signal?: AbortSignal,
): Promise<HourlyPrice | undefined> {
  const out = await pricing.send(
    new GetProductsCommand({
      ServiceCode: query.serviceCode,
      Filters: [...query.filters],
      FormatVersion: 'aws_v1',
      MaxResults: 10,
    }),
    signal ? { abortSignal: signal } : {},
  );
  const list = out.PriceList ?? [];
  if (!Array.isArray(list)) throw new MalformedResponseError('GetProducts answered no PriceList list');
  const products = list.flatMap((entry) => productOf(entry) ?? []);
  if (list.length > 0 && products.length === 0)
    throw new MalformedResponseError('GetProducts answered entries that are not aws_v1 products');
  const prices = products.flatMap((p) => hourlyOf(p, currency, query.serviceCode) ?? []);
  return prices.sort((a, b) => b.perHour - a.perHour)[0];
}
