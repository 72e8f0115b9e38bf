import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, serve } from './http.js';
import { RequestLog } from './request-log.js';
import { standInControls } from './stand-in-controls.js';

/**
 * The price file shipped with the tests: on-demand prices of EC2 instance types (several Regions),
 * RDS DB instances and NAT gateways, each from a public source named in its `_source` (DESIGN.md,
 * "Fast burn from launches").
 */
export const DEFAULT_PRICE_FILE = new URL('../test/fixtures/prices/on-demand.json', import.meta.url);

/** The Regions that serve the Price List Query API (its endpoints); any other is refused. */
export const PRICE_LIST_REGIONS = ['us-east-1', 'eu-central-1', 'ap-south-1'] as const;
/** GetProducts returns at most 100 products a page (`MaxResults` 1–100). */
export const MAX_RESULTS = 100;
/** Products per page when `MaxResults` is not given (AWS does not publish its default; 100 is assumed). */
const DEFAULT_RESULTS = 100;

/** Faults: `down` answers 503 (InternalErrorException); `hang` never answers; `throttle` answers N ThrottlingException. */
export type PricingFaults = { down?: boolean; hang?: boolean; throttle?: number };

/** What the stand-in answered. */
export interface PricingStats {
  received: number;
  answered: number;
  failed: number;
}

/** A running Price List stand-in. */
export interface PricingStandIn {
  readonly endpoint: string;
  readonly stats: PricingStats;
  readonly requests: RequestLog;
  setFaults(faults: PricingFaults): void;
  stop(): Promise<void>;
}

/** A product of the price file, in the `aws_v1` shape each `PriceList` entry has. */
interface Product {
  readonly serviceCode: string;
  readonly product: {
    readonly productFamily?: string;
    readonly attributes: Readonly<Record<string, string>>;
  };
}

/** Whether a product matches one filter: `ServiceCode`, `productFamily` (the product's own field) or an attribute. */
function matches(p: Product, field: string, value: string): boolean {
  if (field === 'ServiceCode') return p.serviceCode === value;
  if (field === 'productFamily') return p.product.productFamily === value;
  return p.product.attributes[field] === value;
}

/** An error the Price List API answers with. */
class PricingError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** The products of a price file (`{ products: [...] }`), each checked for a service code and attributes. */
export function readPriceFile(file: URL | string = DEFAULT_PRICE_FILE): Product[] {
  const doc: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const products = (doc as { products?: unknown }).products;
  if (!Array.isArray(products)) throw new Error(`${String(file)}: no "products" list`);
  return products.filter(
    (p): p is Product =>
      typeof p?.serviceCode === 'string' &&
      typeof p?.product?.attributes === 'object' &&
      p.product.attributes,
  );
}

/**
 * GetProducts as the API reference documents it: `ServiceCode` required; `Filters` of type
 * `TERM_MATCH` on `ServiceCode`, `productFamily` or a product attribute, all of which must match; `FormatVersion`
 * `aws_v1` only; `MaxResults` 1–100; `NextToken` from the previous page of the same request;
 * `PriceList` as JSON strings.
 */
export function getProducts(products: readonly Product[], input: Record<string, unknown>) {
  const service = input.ServiceCode;
  if (typeof service !== 'string' || service === '')
    throw new PricingError('InvalidParameterException', 'ServiceCode is required');
  if (input.FormatVersion !== undefined && input.FormatVersion !== 'aws_v1')
    throw new PricingError(
      'InvalidParameterException',
      `FormatVersion must be aws_v1, got ${String(input.FormatVersion)}`,
    );
  const max = input.MaxResults ?? DEFAULT_RESULTS;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > MAX_RESULTS)
    throw new PricingError(
      'InvalidParameterException',
      `MaxResults must be 1 to ${MAX_RESULTS}, got ${String(max)}`,
    );
  const filters = Array.isArray(input.Filters) ? (input.Filters as Record<string, unknown>[]) : [];
  for (const f of filters) {
    if (f.Type !== 'TERM_MATCH')
      throw new PricingError(
        'InvalidParameterException',
        `filter type ${String(f.Type)} is not supported by the stand-in (TERM_MATCH)`,
      );
    if (typeof f.Field !== 'string' || typeof f.Value !== 'string')
      throw new PricingError('InvalidParameterException', 'each filter needs a Field and a Value');
  }
  const matching = products.filter(
    (p) => p.serviceCode === service && filters.every((f) => matches(p, String(f.Field), String(f.Value))),
  );
  // The token names the request it belongs to: another request's token is refused.
  const fingerprint = JSON.stringify([service, filters]);
  let start = 0;
  if (input.NextToken !== undefined) {
    const [at, of] = String(input.NextToken).split('|', 2);
    if (of !== Buffer.from(fingerprint).toString('base64url') || !/^\d+$/.test(at ?? ''))
      throw new PricingError('InvalidNextTokenException', 'the NextToken is not one of this request');
    start = Number(at);
  }
  const page = matching.slice(start, start + max);
  const next =
    start + max < matching.length
      ? `${start + max}|${Buffer.from(fingerprint).toString('base64url')}`
      : undefined;
  return {
    FormatVersion: 'aws_v1',
    PriceList: page.map((p) => JSON.stringify(p)),
    ...(next ? { NextToken: next } : {}),
  };
}

/** The Region a SigV4 request was signed for (`Credential=<key>/<date>/<region>/<service>/aws4_request`). */
function signedRegion(req: IncomingMessage): string | undefined {
  return /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];
}

/**
 * Starts a Price List (Query API) stand-in on a free loopback port: AWS JSON 1.1,
 * `X-Amz-Target: AWSPriceListService.GetProducts`, answering from a price file. A request signed
 * for a Region without a Price List endpoint is refused, as AWS has no endpoint there.
 */
export async function startPricing(
  options: { priceFile?: URL | string; faults?: PricingFaults; log?: RequestLog } = {},
): Promise<PricingStandIn> {
  const products = readPriceFile(options.priceFile);
  const stats: PricingStats = { received: 0, answered: 0, failed: 0 };
  const log = options.log ?? new RequestLog();
  let faults: PricingFaults = { ...options.faults };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = (await readBody(req)).toString('utf8');
    stats.received++;
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': `local-${stats.received}`,
      });
      res.end(JSON.stringify(payload));
    };
    const operation = String(req.headers['x-amz-target'] ?? '').replace(/^AWSPriceListService\./, '');
    log.record(req, { action: `pricing:${operation}` });
    if (faults.hang) return;
    if (faults.down) {
      stats.failed++;
      return send(503, {
        __type: 'InternalErrorException',
        message: 'Price List stand-in is down (injected)',
      });
    }
    if (faults.throttle && faults.throttle > 0) {
      faults = { ...faults, throttle: faults.throttle - 1 };
      stats.failed++;
      return send(400, { __type: 'ThrottlingException', message: 'Rate exceeded' });
    }
    try {
      const region = signedRegion(req);
      if (region && !(PRICE_LIST_REGIONS as readonly string[]).includes(region))
        throw new PricingError(
          'UnrecognizedClientException',
          `the Price List API has no endpoint in ${region} (only ${PRICE_LIST_REGIONS.join(', ')})`,
        );
      if (operation !== 'GetProducts')
        throw new PricingError(
          'UnknownOperationException',
          `operation ${operation || '(none)'} is not supported by the stand-in`,
        );
      const out = getProducts(products, JSON.parse(body || '{}') as Record<string, unknown>);
      stats.answered++;
      return send(200, out);
    } catch (err) {
      stats.failed++;
      if (err instanceof PricingError) return send(400, { __type: err.type, message: err.message });
      return send(500, { __type: 'InternalErrorException', message: String(err) });
    }
  };
  const { endpoint, stop } = await serve(handle);
  return {
    endpoint,
    ...standInControls(stats, log, (f: PricingFaults) => {
      faults = f;
    }),
    stop,
  };
}
