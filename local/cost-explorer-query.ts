import { createHash } from 'node:crypto';
import type { CostRow } from './focus-csv.js';

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

const DIMENSIONS: Record<string, (r: CostRow) => string> = {
  LINKED_ACCOUNT: (r) => r.accountId,
  SERVICE: (r) => r.service,
  RECORD_TYPE: (r) => r.recordType,
};
const METRICS = ['UnblendedCost', 'BlendedCost', 'AmortizedCost', 'NetUnblendedCost', 'NetAmortizedCost'];

const dimension = (key: string | undefined) => {
  const get = key ? DIMENSIONS[key] : undefined;
  if (!get)
    throw new CeError(
      'ValidationException',
      `Dimension ${key} is not supported here; use ${Object.keys(DIMENSIONS).join(', ')}`,
    );
  return get;
};

function matches(row: CostRow, expr: Expression | undefined): boolean {
  if (!expr) return true;
  if (expr.And) return expr.And.every((e) => matches(row, e));
  if (expr.Or) return expr.Or.some((e) => matches(row, e));
  if (expr.Not) return !matches(row, expr.Not);
  if (expr.Dimensions) return (expr.Dimensions.Values ?? []).includes(dimension(expr.Dimensions.Key)(row));
  throw new CeError('ValidationException', 'Expression must have And, Or, Not or Dimensions');
}

function validRange(input: Json): { start: string; end: string } {
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

/** Answers GetCostAndUsage over the rows, one page of at most `pageSize` groups at a time. */
export function getCostAndUsage(
  rows: readonly CostRow[],
  input: Json,
  pageSize: number,
  currency: string,
): Json {
  const { start, end } = validRange(input);
  const granularity = input.Granularity as string;
  if (granularity !== 'DAILY' && granularity !== 'MONTHLY') {
    throw new CeError('ValidationException', 'Granularity must be DAILY or MONTHLY');
  }
  const metrics = (input.Metrics as string[] | undefined) ?? [];
  const metric = metrics[0];
  if (!metric || metrics.length !== 1 || !METRICS.includes(metric)) {
    throw new CeError('ValidationException', `Metrics must name one of ${METRICS.join(', ')}`);
  }
  const groupBy = (input.GroupBy as { Type?: string; Key?: string }[] | undefined) ?? [];
  if (groupBy.length > 2)
    throw new CeError('ValidationException', 'You can group by at most two dimensions or tags');
  const keyFns = groupBy.map((g) => {
    if (g.Type !== 'DIMENSION')
      throw new CeError('ValidationException', `Group definition type ${g.Type} is not supported here`);
    return dimension(g.Key);
  });
  const filter = input.Filter as Expression | undefined;

  // Time buckets as Cost Explorer returns them: every day, or every (clipped) month, even empty.
  const buckets: { start: string; end: string }[] = [];
  for (let s = start; s < end; ) {
    const e = granularity === 'DAILY' ? addDays(s, 1) : nextMonth(s) < end ? nextMonth(s) : end;
    buckets.push({ start: s, end: e });
    s = e;
  }
  const bucketOf = (date: string) =>
    granularity === 'DAILY'
      ? buckets.findIndex((b) => b.start === date)
      : buckets.findIndex((b) => b.start <= date && date < b.end);

  const fingerprint = requestFingerprint(input);
  let cached = aggregates.get(rows)?.get(fingerprint);
  if (!cached) {
    cached = aggregate(rows, { start, end, filter, keyFns, buckets, bucketOf });
    const perRows = aggregates.get(rows) ?? new Map();
    perRows.set(fingerprint, cached);
    aggregates.set(rows, perRows);
  }
  const { sums, names } = cached;
  return respond({
    rows,
    input,
    sums,
    names,
    buckets,
    keyFns,
    groupBy,
    metric,
    pageSize,
    currency,
    fingerprint,
  });
}

interface Aggregate {
  readonly sums: Map<string, number>[];
  readonly names: Map<string, string>;
}

// Later pages of a request reuse its aggregation instead of scanning every row again.
const aggregates = new WeakMap<readonly CostRow[], Map<string, Aggregate>>();

function aggregate(
  rows: readonly CostRow[],
  q: {
    start: string;
    end: string;
    filter: Expression | undefined;
    keyFns: ((r: CostRow) => string)[];
    buckets: { start: string; end: string }[];
    bucketOf: (date: string) => number;
  },
): Aggregate {
  const { start, end, filter, keyFns, buckets, bucketOf } = q;
  const sums = buckets.map(() => new Map<string, number>());
  const names = new Map<string, string>();
  for (const row of rows) {
    if (row.date < start || row.date >= end || !matches(row, filter)) continue;
    const b = bucketOf(row.date);
    if (b < 0) continue;
    const key = JSON.stringify(keyFns.map((k) => k(row)));
    const map = sums[b] as Map<string, number>;
    map.set(key, (map.get(key) ?? 0) + Math.round(row.cost * 1e6));
    names.set(row.accountId, row.accountName);
  }
  return { sums, names };
}

function respond(q: {
  rows: readonly CostRow[];
  input: Json;
  sums: Map<string, number>[];
  names: Map<string, string>;
  buckets: { start: string; end: string }[];
  keyFns: ((r: CostRow) => string)[];
  groupBy: { Type?: string; Key?: string }[];
  metric: string;
  pageSize: number;
  currency: string;
  fingerprint: string;
}): Json {
  const { rows, input, sums, names, buckets, keyFns, groupBy, metric, pageSize, currency, fingerprint } = q;
  const latestMonth = rows.reduce((m, r) => (r.date.slice(0, 7) > m ? r.date.slice(0, 7) : m), '');
  const estimated = (b: { start: string }) => b.start.slice(0, 7) >= latestMonth;

  if (keyFns.length === 0) {
    return {
      GroupDefinitions: [],
      ResultsByTime: buckets.map((b, i) => ({
        TimePeriod: { Start: b.start, End: b.end },
        Total: { [metric]: { Amount: money(sums[i]?.get('[]') ?? 0), Unit: currency } },
        Groups: [],
        Estimated: estimated(b),
      })),
      DimensionValueAttributes: [],
    };
  }

  const flat: { bucket: number; keys: string[]; micros: number }[] = [];
  sums.forEach((map, bucket) => {
    for (const [key, micros] of [...map.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      flat.push({ bucket, keys: JSON.parse(key) as string[], micros });
    }
  });
  const offset = decodeToken(input.NextPageToken, fingerprint);
  const page = flat.slice(offset, offset + pageSize);
  const next = offset + pageSize < flat.length ? encodeToken(offset + pageSize, fingerprint) : undefined;
  const touched = [...new Set(page.map((g) => g.bucket))];
  const accountAt = groupBy.findIndex((g) => g.Key === 'LINKED_ACCOUNT');
  const accounts = accountAt < 0 ? [] : [...new Set(page.map((g) => g.keys[accountAt] as string))];
  return {
    GroupDefinitions: groupBy,
    ResultsByTime: (page.length === 0 ? buckets.map((_, i) => i) : touched).map((i) => {
      const b = buckets[i] as { start: string; end: string };
      return {
        TimePeriod: { Start: b.start, End: b.end },
        Total: {},
        Groups: page
          .filter((g) => g.bucket === i)
          .map((g) => ({ Keys: g.keys, Metrics: { [metric]: { Amount: money(g.micros), Unit: currency } } })),
        Estimated: estimated(b),
      };
    }),
    DimensionValueAttributes: accounts.map((id) => ({
      Value: id,
      Attributes: { description: names.get(id) ?? id },
    })),
    ...(next ? { NextPageToken: next } : {}),
  };
}

/** Days of history below which Cost Explorer answers "Insufficient amount of historical data". */
export const FORECAST_MIN_HISTORY_DAYS = 7;

/** Answers GetCostForecast with a run rate of the 14 days before Start, as a stand-in for AWS's model. */
export function getCostForecast(
  rows: readonly CostRow[],
  input: Json,
  today: string,
  currency: string,
): Json {
  const { start, end } = validRange(input);
  if (start < today) throw new CeError('ValidationException', `Start date must be today (${today}) or later`);
  const filter = input.Filter as Expression | undefined;
  const from = addDays(today, -14);
  const daily = new Map<string, number>();
  for (const row of rows) {
    if (row.date >= from && row.date < today && matches(row, filter)) {
      daily.set(row.date, (daily.get(row.date) ?? 0) + Math.round(row.cost * 1e6));
    }
  }
  if (daily.size < FORECAST_MIN_HISTORY_DAYS) {
    throw new CeError(
      'DataUnavailableException',
      'Insufficient amount of historical data to generate forecast.',
    );
  }
  const rate = [...daily.values()].reduce((a, b) => a + b, 0) / daily.size;
  let days = 0;
  for (let d = start; d < end; d = addDays(d, 1)) days++;
  const total = money(Math.round(rate * days));
  return {
    Total: { Amount: total, Unit: currency },
    ForecastResultsByTime: [{ TimePeriod: { Start: start, End: end }, MeanValue: total }],
  };
}

function encodeToken(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ offset, fingerprint })).toString('base64url');
}

function decodeToken(token: unknown, fingerprint: string): number {
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
