import { GetProductsCommand, type PricingClient } from '@aws-sdk/client-pricing';
import * as z from 'zod/mini';
import { MalformedResponseError } from '../failure.js';

/** The Price List API's service code for EC2 instances. */
export const EC2_SERVICE_CODE = 'AmazonEC2';

/** An on-demand hourly price and where it came from. */
export interface HourlyPrice {
  /** Per instance-hour, in `currency`. */
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

/** The attributes that pick one EC2 on-demand product: Linux, shared tenancy, no pre-installed software. */
export function ec2Filters(instanceType: string, region: string) {
  const term = (Field: string, Value: string) => ({ Type: 'TERM_MATCH' as const, Field, Value });
  return [
    term('instanceType', instanceType),
    term('regionCode', region),
    term('operatingSystem', 'Linux'),
    term('tenancy', 'Shared'),
    term('preInstalledSw', 'NA'),
    term('capacitystatus', 'Used'),
    term('licenseModel', 'No License required'),
  ];
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

/** The hourly on-demand price in one `PriceList` entry, or undefined when it has none. */
export function hourlyPriceOf(entry: unknown, currency: string): HourlyPrice | undefined {
  let json: unknown;
  try {
    json = JSON.parse(String(entry));
  } catch {
    return undefined;
  }
  const parsed = productSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const usageType = parsed.data.product.attributes?.usagetype;
  for (const term of Object.values(parsed.data.terms.OnDemand)) {
    for (const d of Object.values(term.priceDimensions)) {
      const amount = Number(d.pricePerUnit[currency]);
      if (d.unit === 'Hrs' && Number.isFinite(amount) && amount >= 0)
        return {
          perHour: amount,
          currency,
          sku: parsed.data.product.sku,
          effectiveDate: term.effectiveDate,
          description: d.description ?? '',
          source: `AWS Price List API (${EC2_SERVICE_CODE})`,
          ...(usageType ? { usageType } : {}),
        };
    }
  }
  return undefined;
}

/**
 * The on-demand Linux price of an EC2 instance type in a Region: one GetProducts request (the
 * filters pick one product; at most 10 are read, the highest hourly price kept when several
 * match, so the estimate errs high). Undefined when the price list has no such product; throws
 * when the API fails or answers what is not a price list.
 */
export async function ec2HourlyPrice(
  pricing: PricingClient,
  instanceType: string,
  region: string,
  currency: string,
  signal?: AbortSignal,
): Promise<HourlyPrice | undefined> {
  const out = await pricing.send(
    new GetProductsCommand({
      ServiceCode: EC2_SERVICE_CODE,
      Filters: ec2Filters(instanceType, region),
      FormatVersion: 'aws_v1',
      MaxResults: 10,
    }),
    signal ? { abortSignal: signal } : {},
  );
  const list = out.PriceList ?? [];
  if (!Array.isArray(list)) throw new MalformedResponseError('GetProducts answered no PriceList list');
  const prices = list.flatMap((entry) => hourlyPriceOf(entry, currency) ?? []);
  if (list.length > 0 && prices.length === 0)
    throw new MalformedResponseError('GetProducts answered products without an hourly on-demand price');
  return prices.sort((a, b) => b.perHour - a.perHour)[0];
}
