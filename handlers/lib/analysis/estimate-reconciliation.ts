import type { GroupedCost } from '../costs/cost-queries.js';
import { addDays, type IsoDate } from '../costs/periods.js';

/** An estimate as the reconciliation reads it: when, where, and each type's count and hourly price. */
export interface EstimateToReconcile {
  readonly accountId: string;
  readonly at: string;
  readonly region: string;
  readonly alerted: boolean;
  readonly items: readonly {
    readonly type: string;
    readonly count: number;
    readonly perHour: number;
    readonly usageType: string;
  }[];
}

/** Billed within this share of the estimate reads as close to it. */
export const CLOSE_SHARE = 0.2;

/** One account's instance type in one Region: its launches' estimate against what was billed. */
export interface ReconciledLine {
  readonly accountId: string;
  readonly type: string;
  readonly region: string;
  /** The usage type billed hours are matched on. */
  readonly usageType: string;
  /** Instances launched, over every estimate of the line. */
  readonly count: number;
  /** The launches' hourly cost together, at their estimates' prices. */
  readonly hourly: number;
  readonly launches: number;
  /** Launches whose hour went over the limit or toward a rung (mailed, or suppressed after the hour's estimate); the rest were below. */
  readonly alerted: number;
  readonly firstAt: string;
  /**
   * `awaiting`: Cost Explorer has no EC2 usage of the account since the first launch's day yet.
   * `partial`: billed days end before yesterday (later days not in yet). `covered`: through yesterday.
   */
  readonly status: 'awaiting' | 'partial' | 'covered';
  /** The days compared (inclusive), when billed figures arrived. */
  readonly days?: { readonly start: IsoDate; readonly end: IsoDate };
  /** The launches' hourly prices × count × hours from each launch to the end of the days compared. */
  readonly estimated?: number;
  /** The hourly cost of the launches within the days compared (later ones await billing data). */
  readonly comparedHourly?: number;
  readonly billed?: number;
  /** Billed ÷ estimated, when both are there and the estimate is above zero. */
  readonly ratio?: number;
  readonly verdict?: 'close' | 'over' | 'under';
  /** Launches after the days compared: their hours await billing data. */
  readonly later: number;
}

const HOUR_MS = 3_600_000;

/**
 * Reconciles kept estimates with Cost Explorer's daily EC2 usage (groups keyed account × usage
 * type): per account and usage type (billed hours of one type cannot be split between the
 * launches that started them), the days from the first launch's through the last day the account
 * has billed EC2 usage (never `today`: Cost Explorer's days run to yesterday); the estimate assumes
 * the instances ran from their launch to the end of those days. No billed day yet is `awaiting`,
 * never a figure of zero.
 */
export function reconcileEstimates(
  estimates: readonly EstimateToReconcile[],
  billed: readonly GroupedCost[],
  today: IsoDate,
): ReconciledLine[] {
  const lines = new Map<string, { line: Omit<ReconciledLine, 'status' | 'later'>; launches: Launch[] }>();
  for (const e of estimates)
    for (const item of e.items) {
      const key = `${e.accountId}|${item.usageType}`;
      const launch = { at: e.at, count: item.count, perHour: item.perHour };
      const entry = lines.get(key);
      if (entry) {
        entry.launches.push(launch);
        entry.line = {
          ...entry.line,
          count: entry.line.count + item.count,
          hourly: entry.line.hourly + item.count * item.perHour,
          launches: entry.line.launches + 1,
          alerted: entry.line.alerted + (e.alerted ? 1 : 0),
          firstAt: e.at < entry.line.firstAt ? e.at : entry.line.firstAt,
        };
      } else
        lines.set(key, {
          line: {
            accountId: e.accountId,
            type: item.type,
            region: e.region,
            usageType: item.usageType,
            count: item.count,
            hourly: item.count * item.perHour,
            launches: 1,
            alerted: e.alerted ? 1 : 0,
            firstAt: e.at,
          },
          launches: [launch],
        });
    }
  const billedDays = new Map<string, Set<IsoDate>>();
  for (const g of billed) {
    const [account = ''] = g.keys;
    if (g.start >= today) continue;
    const days = billedDays.get(account) ?? new Set<IsoDate>();
    days.add(g.start);
    billedDays.set(account, days);
  }
  return [...lines.values()].map(({ line, launches }) =>
    reconcileLine(line, launches, billedDays.get(line.accountId), billed, today),
  );
}

interface Launch {
  readonly at: string;
  readonly count: number;
  readonly perHour: number;
}

function reconcileLine(
  line: Omit<ReconciledLine, 'status' | 'later'>,
  launches: readonly Launch[],
  accountDays: ReadonlySet<IsoDate> | undefined,
  billed: readonly GroupedCost[],
  today: IsoDate,
): ReconciledLine {
  const start = line.firstAt.slice(0, 10);
  const end = [...(accountDays ?? [])]
    .filter((d) => d >= start)
    .sort()
    .at(-1);
  if (!end) return { ...line, status: 'awaiting', later: launches.length };
  const endMs = Date.parse(`${addDays(end, 1)}T00:00:00Z`);
  const estimated = launches.reduce(
    (sum, l) => sum + l.count * l.perHour * Math.max(0, (endMs - Date.parse(l.at)) / HOUR_MS),
    0,
  );
  const amount = billed
    .filter((g) => g.keys[0] === line.accountId && g.keys[1] === line.usageType)
    .filter((g) => g.start >= start && g.start <= end)
    .reduce((sum, g) => sum + g.amount, 0);
  const ratio = estimated > 0 ? amount / estimated : undefined;
  const within = launches.filter((l) => Date.parse(l.at) < endMs);
  return {
    ...line,
    status: end >= addDays(today, -1) ? 'covered' : 'partial',
    days: { start, end },
    estimated,
    comparedHourly: within.reduce((sum, l) => sum + l.count * l.perHour, 0),
    billed: amount,
    ...(ratio !== undefined
      ? {
          ratio,
          verdict: Math.abs(ratio - 1) <= CLOSE_SHARE ? 'close' : ratio > 1 ? 'over' : 'under',
        }
      : {}),
    later: launches.length - within.length,
  };
}
