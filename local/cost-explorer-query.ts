import { createHash } from 'node:crypto';
import {
  type Coordinates,
  type CostData,
  type CostQueryPlan,
  DIMENSIONS,
  type Dimension,
  dimensionValue,
  KEY_SEPARATOR,
  type QuantitySums,
} from './cost-data.js';

/** A Cost Explorer request error, sent back as `{"__type": name, "message": …}`. */
export class CeError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;
interface Expression {
  And?: Expression[];
  Or?: Expression[];
  Not?: Expression;
  Dimensions?: { Key?: string; Values?: string[] };
}

/** The cost metrics Cost Explorer answers. */
export const METRICS = [
  'UnblendedCost',
  'BlendedCost',
  'AmortizedCost',
  'NetUnblendedCost',
  'NetAmortizedCost',
];
/** Cost Explorer's usage metric: it sums quantities "without taking the units into account". */
const QUANTITY = 'UsageQuantity';
/** A group's summed units: its one unit, or `N/A` (as Cost Explorer labels quantities it cannot name). */
const unitText = (units: Set<string> | undefined): string =>
  units?.size === 1 ? ([...units][0] ?? 'N/A') : 'N/A';

const dimension = (key: string | undefined): Dimension => {
  if (!key || !(DIMENSIONS as readonly string[]).includes(key))
    throw new CeError(
      'ValidationException',
      `Dimension ${key} is not supported here; use ${DIMENSIONS.join(', ')}`,
    );
  return key as Dimension;
};

/** A filter expression compiled once per request: a predicate, what it reads and which accounts it names. */
interface CompiledFilter {
  where(c: Coordinates): boolean;
  readonly uses: Set<Dimension>;
  readonly accounts?: Set<string>;
}

const union = (sets: (Set<string> | undefined)[]) =>
  sets.every((s) => s) ? new Set(sets.flatMap((s) => [...(s as Set<string>)])) : undefined;
const intersection = (sets: (Set<string> | undefined)[]) => {
  const named = sets.filter((s): s is Set<string> => s !== undefined);
  if (named.length === 0) return undefined;
  const [first, ...rest] = named as [Set<string>, ...Set<string>[]];
  return new Set([...first].filter((v) => rest.every((s) => s.has(v))));
};

/** An And (`every` part matches, accounts intersected) or an Or (`some`, accounts united) of `list`. */
function combined(
  list: Expression[],
  match: 'every' | 'some',
  accountsOf: (sets: (Set<string> | undefined)[]) => Set<string> | undefined,
): CompiledFilter {
  const parts = list.map(compileFilter);
  const accounts = accountsOf(parts.map((p) => p.accounts));
  return {
    where: (c) => parts[match]((p) => p.where(c)),
    uses: new Set(parts.flatMap((p) => [...p.uses])),
    ...(accounts ? { accounts } : {}),
  };
}

/** Compiles a Cost Explorer filter expression, refusing what Cost Explorer would refuse. */
export function compileFilter(expr: Expression | undefined): CompiledFilter {
  if (!expr) return { where: () => true, uses: new Set() };
  if (expr.And) return combined(expr.And, 'every', intersection);
  if (expr.Or) return combined(expr.Or, 'some', union);
  if (expr.Not) {
    const inner = compileFilter(expr.Not);
    return { where: (c) => !inner.where(c), uses: inner.uses };
  }
  if (expr.Dimensions) {
    const key = dimension(expr.Dimensions.Key);
    const values = new Set(expr.Dimensions.Values ?? []);
    return {
      where: (c) => values.has(dimensionValue(c, key)),
      uses: new Set([key]),
      ...(key === 'LINKED_ACCOUNT' ? { accounts: values } : {}),
    };
  }
  throw new CeError('ValidationException', 'Expression must have And, Or, Not or Dimensions');
}

/** The request's `TimePeriod`, refused unless two `YYYY-MM-DD` days in order. */
export function validRange(input: Json): { start: string; end: string } {
  const tp = input.TimePeriod as { Start?: string; End?: string } | undefined;
  const re = /^\d{4}-\d{2}-\d{2}$/;
  if (!tp?.Start || !tp.End || !re.test(tp.Start) || !re.test(tp.End)) {
    throw new CeError('ValidationException', 'TimePeriod needs Start and End as YYYY-MM-DD');
  }
  if (tp.Start >= tp.End)
    throw new CeError('ValidationException', 'Start date (inclusive) must be before end date (exclusive)');
  return { start: tp.Start, end: tp.End };
}

const addDays = (d: string, n: number) => {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() + n);
  return x.toISOString().slice(0, 10);
};
const nextMonth = (d: string) => {
  const x = new Date(`${d.slice(0, 7)}-01T00:00:00Z`);
  x.setUTCMonth(x.getUTCMonth() + 1);
  return x.toISOString().slice(0, 10);
};
const money = (micros: number) => (micros / 1e6).toFixed(6);

/** Fingerprint of a request without its page token: a changed request must not reuse a token. */
export function requestFingerprint(input: Json): string {
  const { NextPageToken: _token, ...rest } = input;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 16);
}

/** Days of a bucketed range: every day, or every (clipped) month, even empty, as Cost Explorer returns them. */
function bucketsOf(start: string, end: string, granularity: 'DAILY' | 'MONTHLY') {
  const buckets: { start: string; end: string }[] = [];
  for (let s = start; s < end; ) {
    const e = granularity === 'DAILY' ? addDays(s, 1) : nextMonth(s) < end ? nextMonth(s) : end;
    buckets.push({ start: s, end: e });
    s = e;
  }
  const index = new Map(buckets.map((b, i) => [b.start, i]));
  const bucketOf = (date: string) =>
    granularity === 'DAILY'
      ? (index.get(date) ?? -1)
      : buckets.findIndex((b) => b.start <= date && date < b.end);
  return { buckets, bucketOf };
}

/** A plan for the data: the range, buckets, grouping and compiled filter of a request. */
export function planOf(
  range: { start: string; end: string },
  granularity: 'DAILY' | 'MONTHLY',
  groupBy: Dimension[],
  filter: CompiledFilter,
) {
  const { buckets, bucketOf } = bucketsOf(range.start, range.end, granularity);
  const plan: CostQueryPlan = {
    ...range,
    buckets: buckets.length,
    bucketOf,
    groupBy,
    where: filter.where,
    filterUses: filter.uses,
    ...(filter.accounts ? { accounts: filter.accounts } : {}),
  };
  return { plan, buckets };
}

/** One group of one bucket, in the order pages hand them out. */
interface FlatGroup {
  readonly bucket: number;
  readonly key: string;
  readonly micros: number;
  /** The usage quantity and its unit, when the request asked for {@link QUANTITY}. */
  readonly quantity?: { readonly amount: number; readonly unit: string };
}

// Later pages of a request reuse its sums instead of computing them again (a few requests kept).
const answered = new WeakMap<CostData, Map<string, FlatGroup[]>>();
const KEPT_REQUESTS = 16;

function flatGroups(
  data: CostData,
  fingerprint: string,
  compute: () => Map<string, number>[],
  quantities?: () => QuantitySums,
): FlatGroup[] {
  const perData = answered.get(data) ?? new Map<string, FlatGroup[]>();
  answered.set(data, perData);
  let flat = perData.get(fingerprint);
  if (!flat) {
    const groups: FlatGroup[] = [];
    const q = quantities?.();
    compute().forEach((map, bucket) => {
      for (const key of [...map.keys()].sort()) {
        const micros = map.get(key) as number;
        if (!quantities) {
          groups.push({ bucket, key, micros });
          continue;
        }
        const amount = q?.quantity[bucket]?.get(key) ?? 0;
        groups.push({
          bucket,
          key,
          micros,
          quantity: { amount, unit: unitText(q?.units[bucket]?.get(key)) },
        });
      }
    });
    flat = groups;
    perData.set(fingerprint, flat);
    if (perData.size > KEPT_REQUESTS) perData.delete(perData.keys().next().value as string);
  }
  return flat;
}

/** Months before the current one Cost Explorer keeps by default (14 months with the current one; 38 with multi-year data, not modelled). */
export const HISTORY_MONTHS_BACK = 13;

/** Refuses a Start before the first day of the month {@link HISTORY_MONTHS_BACK} months before `today`. */
function withinHistory(start: string, today: string | undefined): void {
  if (!today) return;
  const first = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  first.setUTCMonth(first.getUTCMonth() - HISTORY_MONTHS_BACK);
  const oldest = first.toISOString().slice(0, 10);
  if (start < oldest)
    throw new CeError(
      'ValidationException',
      `Start ${start} is before ${oldest}: Cost Explorer keeps the current month and the ${HISTORY_MONTHS_BACK} before it`,
    );
}

/** Answers GetCostAndUsage over the data, one page of at most `pageSize` groups at a time, within the history kept at `today`. */
export function getCostAndUsage(data: CostData, input: Json, pageSize: number, today?: string): Json {
  const range = validRange(input);
  withinHistory(range.start, today);
  const granularity = input.Granularity as string;
  if (granularity !== 'DAILY' && granularity !== 'MONTHLY') {
    throw new CeError('ValidationException', 'Granularity must be DAILY or MONTHLY');
  }
  const metrics = (input.Metrics as string[] | undefined) ?? [];
  const costMetrics = metrics.filter((m) => m !== QUANTITY);
  const metric = costMetrics[0];
  const withQuantity = metrics.includes(QUANTITY);
  // The stand-in answers one cost metric, with or without the usage quantity.
  if (
    !metric ||
    costMetrics.length !== 1 ||
    !METRICS.includes(metric) ||
    new Set(metrics).size !== metrics.length
  ) {
    throw new CeError(
      'ValidationException',
      `Metrics must name one of ${METRICS.join(', ')}, optionally with ${QUANTITY}`,
    );
  }
  const groupBy = (input.GroupBy as { Type?: string; Key?: string }[] | undefined) ?? [];
  if (groupBy.length > 2)
    throw new CeError('ValidationException', 'You can group by at most two dimensions or tags');
  const dims = groupBy.map((g) => {
    if (g.Type !== 'DIMENSION')
      throw new CeError('ValidationException', `Group definition type ${g.Type} is not supported here`);
    return dimension(g.Key);
  });
  const filter = compileFilter(input.Filter as Expression | undefined);
  const { plan, buckets } = planOf(range, granularity, dims, filter);
  const fingerprint = requestFingerprint(input);
  const flat = flatGroups(
    data,
    fingerprint,
    () => data.sum(plan),
    withQuantity ? () => data.sumQuantity?.(plan) ?? { quantity: [], units: [] } : undefined,
  );
  const currency = data.currency;
  const metricsOf = (micros: number, quantity?: { amount: number; unit: string }) => ({
    [metric]: { Amount: money(micros), Unit: currency },
    ...(withQuantity
      ? { [QUANTITY]: { Amount: String(quantity?.amount ?? 0), Unit: quantity?.unit ?? 'N/A' } }
      : {}),
  });

  const latestMonth = data.latestDate.slice(0, 7);
  const estimated = (b: { start: string }) => b.start.slice(0, 7) >= latestMonth;
  if (dims.length === 0) {
    const totals = new Map(flat.map((g) => [g.bucket, g]));
    return {
      GroupDefinitions: [],
      ResultsByTime: buckets.map((b, i) => ({
        TimePeriod: { Start: b.start, End: b.end },
        Total: metricsOf(totals.get(i)?.micros ?? 0, totals.get(i)?.quantity),
        Groups: [],
        Estimated: estimated(b),
      })),
      DimensionValueAttributes: [],
    };
  }

  const offset = decodeToken(input.NextPageToken, fingerprint);
  const page = flat.slice(offset, offset + pageSize);
  const next = offset + pageSize < flat.length ? encodeToken(offset + pageSize, fingerprint) : undefined;
  const keysOf = (g: FlatGroup) => g.key.split(KEY_SEPARATOR);
  const touched = [...new Set(page.map((g) => g.bucket))];
  const accountAt = dims.indexOf('LINKED_ACCOUNT');
  const accounts = accountAt < 0 ? [] : [...new Set(page.map((g) => keysOf(g)[accountAt] as string))];
  return {
    GroupDefinitions: groupBy,
    ResultsByTime: (page.length === 0 ? buckets.map((_, i) => i) : touched).map((i) => {
      const b = buckets[i] as { start: string; end: string };
      return {
        TimePeriod: { Start: b.start, End: b.end },
        Total: {},
        Groups: page
          .filter((g) => g.bucket === i)
          .map((g) => ({
            Keys: keysOf(g),
            Metrics: metricsOf(g.micros, g.quantity),
          })),
        Estimated: estimated(b),
      };
    }),
    DimensionValueAttributes: accounts.map((id) => ({
      Value: id,
      Attributes: { description: data.accountName(id) ?? id },
    })),
    ...(next ? { NextPageToken: next } : {}),
  };
}

/** Days of history below which Cost Explorer answers "Insufficient amount of historical data". */
export const FORECAST_MIN_HISTORY_DAYS = 7;

/** Answers GetCostForecast with a run rate of the 14 days before Start, as a stand-in for AWS's model. */
export function getCostForecast(data: CostData, input: Json, today: string): Json {
  const { start, end } = validRange(input);
  if (start < today) throw new CeError('ValidationException', `Start date must be today (${today}) or later`);
  const filter = compileFilter(input.Filter as Expression | undefined);
  const { plan } = planOf({ start: addDays(today, -14), end: today }, 'DAILY', [], filter);
  const days = data.sum(plan).filter((m) => m.has(''));
  if (days.length < FORECAST_MIN_HISTORY_DAYS) {
    throw new CeError(
      'DataUnavailableException',
      'Insufficient amount of historical data to generate forecast.',
    );
  }
  const rate = days.reduce((total, m) => total + (m.get('') as number), 0) / days.length;
  let n = 0;
  for (let d = start; d < end; d = addDays(d, 1)) n++;
  const total = money(Math.round(rate * n));
  return {
    Total: { Amount: total, Unit: data.currency },
    ForecastResultsByTime: [{ TimePeriod: { Start: start, End: end }, MeanValue: total }],
  };
}

/** A page token that carries the offset and the request's fingerprint. */
export function encodeToken(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ offset, fingerprint })).toString('base64url');
}

/** The offset of a page token, refusing one of another request (`RequestChangedException`) or none of ours. */
export function decodeToken(token: unknown, fingerprint: string): number {
  if (token === undefined || token === null || token === '') return 0;
  try {
    const parsed = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as {
      offset: number;
      fingerprint: string;
    };
    if (parsed.fingerprint !== fingerprint) {
      throw new CeError(
        'RequestChangedException',
        'The request parameters changed between pages; start again without NextPageToken',
      );
    }
    return parsed.offset;
  } catch (err) {
    if (err instanceof CeError) throw err;
    throw new CeError('InvalidNextTokenException', 'The pagination token is invalid');
  }
}
