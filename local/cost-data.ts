import type { CostRow } from './focus-csv.js';

/** A dimension Cost Explorer groups and filters by, as the stand-in knows them. */
export type Dimension = 'LINKED_ACCOUNT' | 'SERVICE' | 'RECORD_TYPE' | 'USAGE_TYPE' | 'REGION';

/** The dimensions the stand-in serves. */
export const DIMENSIONS: readonly Dimension[] = [
  'LINKED_ACCOUNT',
  'SERVICE',
  'RECORD_TYPE',
  'USAGE_TYPE',
  'REGION',
];

/** The Region of costs whose data names none (global services, an export without `RegionId`), as Cost Explorer labels them. */
export const NO_REGION = 'NoRegion';

/** The usage type of costs whose data names none (a generated organisation, an export without one). */
export const NO_USAGE_TYPE = 'NoUsageType';

/** Where one cost sits. */
export interface Coordinates {
  readonly account: string;
  readonly service: string;
  readonly recordType: string;
  /** @default {@link NO_USAGE_TYPE} */
  readonly usageType?: string;
  /** @default {@link NO_REGION} */
  readonly region?: string;
}

/** Usage quantities per bucket and group key, and the units summed into each group. */
export interface QuantitySums {
  readonly quantity: Map<string, number>[];
  readonly units: Map<string, Set<string>>[];
}

/** What a GetCostAndUsage asks of the data: which days, how bucketed, grouped and filtered. */
export interface CostQueryPlan {
  /** First day (inclusive) and last day (exclusive), `YYYY-MM-DD`. */
  readonly start: string;
  readonly end: string;
  readonly buckets: number;
  /** The bucket of a day in the range (-1 outside it). */
  bucketOf(date: string): number;
  readonly groupBy: readonly Dimension[];
  /** The filter: whether costs at these coordinates count. */
  where(c: Coordinates): boolean;
  /** The dimensions the filter looks at: a filter without SERVICE is decided once per account. */
  readonly filterUses: ReadonlySet<Dimension>;
  /** The only accounts the filter can match, when it names them (an account filter). */
  readonly accounts?: ReadonlySet<string>;
}

/** The separator of a group's values in a group key. */
export const KEY_SEPARATOR = '\u0000';

/** An account as Cost Explorer names it. */
export interface NamedAccount {
  readonly id: string;
  readonly name: string;
}

/** What the Cost Explorer stand-in answers from: a cost export's rows, or a generated organisation. */
export interface CostData {
  readonly currency: string;
  /** The last day with any cost, `YYYY-MM-DD` ('' without any). */
  readonly latestDate: string;
  /** Every account with a cost, in first-seen order. */
  accounts(): NamedAccount[];
  /** The name Cost Explorer shows for a linked account. */
  accountName(id: string): string | undefined;
  /** Sums in millionths per bucket and group key (the group's values joined by {@link KEY_SEPARATOR}). */
  sum(plan: CostQueryPlan): Map<string, number>[];
  /** Usage quantities per bucket and group key, when the data has them (a generated organisation has none). */
  sumQuantity?(plan: CostQueryPlan): QuantitySums;
}

/** Costs as rows (a cost export) or as a {@link CostData} (a generated organisation). */
export type CostSource = readonly CostRow[] | CostData;

const asData = new WeakMap<readonly CostRow[], CostData>();

/** The {@link CostData} of a source; rows are indexed once and the index is reused. */
export function costDataOf(source: CostSource): CostData {
  if (!Array.isArray(source)) return source as CostData;
  const rows = source as readonly CostRow[];
  let data = asData.get(rows);
  if (!data) {
    data = rowCostData(rows);
    asData.set(rows, data);
  }
  return data;
}

/** The value of a dimension at some coordinates. */
export const dimensionValue = (c: Coordinates, d: Dimension): string =>
  d === 'LINKED_ACCOUNT'
    ? c.account
    : d === 'SERVICE'
      ? c.service
      : d === 'USAGE_TYPE'
        ? (c.usageType ?? NO_USAGE_TYPE)
        : d === 'REGION'
          ? c.region || NO_REGION
          : c.recordType;

/** Adds `micros` to the group `key` of a bucket. */
export function addTo(map: Map<string, number>, key: string, micros: number): void {
  map.set(key, (map.get(key) ?? 0) + micros);
}

/** Interns strings to small integers. */
class Interner {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  of(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.index.set(value, i);
    }
    return i;
  }
}

/**
 * Cost data over the rows of a cost export (the sample organisation, `--costs CSV`), held as
 * columns: each row is a day index, a place index (account, service, record type, usage type,
 * unit, Region) and an amount in
 * millionths — no row objects, so a streamed export of millions of rows stays small. A query
 * decides its filter once per place and its bucket once per day: a few array reads per row.
 */
export class CostIndex {
  private readonly names = new Map<string, string>();
  /** The date each kept name was seen on: an export that renames an account keeps the latest name. */
  private readonly namedOn = new Map<string, string>();
  /** Each account's other names in the export (each kept once), for the note that says so. */
  private readonly otherNames = new Map<string, Set<string>>();
  private readonly days = new Interner();
  private readonly places = new Interner();
  private readonly coordinates: Coordinates[] = [];
  private readonly dayOf: number[] = [];
  private readonly placeOf: number[] = [];
  private readonly micros: number[] = [];
  /** Each row's usage quantity (0 without one) and each place's unit ('' without one). */
  private readonly quantities: number[] = [];
  private readonly unitOf: string[] = [];
  private latestDate = '';
  private currency: string | undefined;

  /** Adds one cost row. */
  add(r: CostRow): void {
    // The most recent name wins, whatever the rows' order (exports are not sorted by date).
    const kept = this.names.get(r.accountId);
    if ((this.namedOn.get(r.accountId) ?? '') <= r.date) {
      if (kept !== undefined && kept !== r.accountName) this.renamed(r.accountId, kept);
      this.names.set(r.accountId, r.accountName);
      this.namedOn.set(r.accountId, r.date);
    } else if (kept !== r.accountName) this.renamed(r.accountId, r.accountName);
    this.currency ??= r.currency;
    if (r.date > this.latestDate) this.latestDate = r.date;
    this.dayOf.push(this.days.of(r.date));
    const before = this.places.values.length;
    const usageType = r.usageType ?? NO_USAGE_TYPE;
    const unit = r.unit ?? '';
    const region = r.region || NO_REGION;
    const p = this.places.of(
      [r.accountId, r.service, r.recordType, usageType, unit, region].join(KEY_SEPARATOR),
    );
    if (p === before) {
      this.coordinates.push({
        account: r.accountId,
        service: r.service,
        recordType: r.recordType,
        usageType,
        region,
      });
      this.unitOf.push(unit);
    }
    this.placeOf.push(p);
    this.micros.push(Math.round(r.cost * 1e6));
    this.quantities.push(r.quantity ?? 0);
  }

  private renamed(accountId: string, older: string): void {
    const set = this.otherNames.get(accountId) ?? new Set<string>();
    if (set.size < 5) set.add(older);
    this.otherNames.set(accountId, set);
  }

  /** Accounts the export names more than once: the older names and the most recent one (which is used). */
  renames(): { accountId: string; older: string[]; name: string }[] {
    return [...this.otherNames].flatMap(([accountId, older]) => {
      const name = this.names.get(accountId) ?? '';
      const others = [...older].filter((o) => o !== name);
      return others.length > 0 ? [{ accountId, older: others, name }] : [];
    });
  }

  /** How many rows were added. */
  get size(): number {
    return this.micros.length;
  }

  /** The cost data over the rows added so far. */
  data(currency = this.currency ?? 'USD'): CostData {
    const { names, days, coordinates, dayOf, placeOf, micros, quantities, unitOf, latestDate } = this;
    /** Calls `add(bucket, key, row)` for every row the plan keeps. */
    const each = (plan: CostQueryPlan, add: (bucket: number, key: string, row: number) => void) => {
      const bucketOfDay = Int32Array.from(days.values, (d) =>
        d >= plan.start && d < plan.end ? plan.bucketOf(d) : -1,
      );
      // The filter and the group key depend on the place only: decided once per place.
      const keyOf: (string | null | undefined)[] = new Array(coordinates.length);
      for (let i = 0; i < micros.length; i++) {
        const bucket = bucketOfDay[dayOf[i] as number] as number;
        if (bucket < 0) continue;
        const p = placeOf[i] as number;
        let key = keyOf[p];
        if (key === undefined) {
          const c = coordinates[p] as Coordinates;
          key = plan.where(c) ? plan.groupBy.map((d) => dimensionValue(c, d)).join(KEY_SEPARATOR) : null;
          keyOf[p] = key;
        }
        if (key !== null) add(bucket, key, i);
      }
    };
    return {
      currency,
      latestDate,
      accounts: () => [...names].map(([id, name]) => ({ id, name })),
      accountName: (id) => names.get(id),
      sum: (plan) => {
        const sums = Array.from({ length: plan.buckets }, () => new Map<string, number>());
        each(plan, (bucket, key, i) => addTo(sums[bucket] as Map<string, number>, key, micros[i] as number));
        return sums;
      },
      sumQuantity: (plan) => {
        const quantity = Array.from({ length: plan.buckets }, () => new Map<string, number>());
        const units = Array.from({ length: plan.buckets }, () => new Map<string, Set<string>>());
        each(plan, (bucket, key, i) => {
          const q = quantities[i] as number;
          addTo(quantity[bucket] as Map<string, number>, key, q);
          const unit = unitOf[placeOf[i] as number] ?? '';
          if (q === 0 || !unit) return;
          const perKey = units[bucket] as Map<string, Set<string>>;
          perKey.set(key, (perKey.get(key) ?? new Set<string>()).add(unit));
        });
        return { quantity, units };
      },
    };
  }
}

/** Cost data over some rows (see {@link CostIndex}). */
export function rowCostData(rows: readonly CostRow[], currency?: string): CostData {
  const index = new CostIndex();
  for (const r of rows) index.add(r);
  return index.data(currency);
}
