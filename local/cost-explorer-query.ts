import { type CostData, KEY_SEPARATOR, type QuantitySums } from './cost-data.js';
import { compileFilter, dimension, type Expression } from './cost-explorer-filter.js';
import { pageOf, requestFingerprint } from './cost-explorer-paging.js';
import { planOf, validRange, withinHistory } from './cost-explorer-periods.js';
import { CeError, ceAmount, type Json, METRICS } from './cost-explorer-wire.js';

/** Cost Explorer's usage metric: it sums quantities "without taking the units into account". */
const QUANTITY = 'UsageQuantity';
/** A group's summed units: its one unit, or `N/A` (as Cost Explorer labels quantities it cannot name). */
const unitText = (units: Set<string> | undefined): string =>
  units?.size === 1 ? ([...units][0] ?? 'N/A') : 'N/A';

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
    [metric]: { Amount: ceAmount(micros), Unit: currency },
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

  const { page, next } = pageOf(flat, input, pageSize, fingerprint);
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
