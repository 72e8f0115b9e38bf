import type { IncomingMessage, ServerResponse } from 'node:http';
import { toError } from '../handlers/lib/result.js';
import { provideAnomalyFeedback } from './anomaly-feedback.js';
import { getCostComparisonDrivers } from './cost-comparison-drivers.js';
import { type CostSource, costDataOf } from './cost-data.js';
import { getCostForecast } from './cost-explorer-forecast.js';
import { getCostAndUsage } from './cost-explorer-query.js';
import { CeError } from './cost-explorer-wire.js';
import { parseFaultList } from './faults.js';
import { readBody, serve } from './http.js';
import { RequestLog } from './request-log.js';
import { standInControls } from './stand-in-controls.js';

/** Groups per GetCostAndUsage page. AWS does not publish its page size; 5,000 groups is assumed. */
export const DEFAULT_PAGE_SIZE = 5_000;

/**
 * Faults the stand-in injects: `throttle` answers the next N requests with LimitExceededException;
 * `down` answers 503 to everything; `hang` never answers; `slowMs` answers after a delay;
 * `forecastDown` answers 503 to GetCostForecast only.
 */
export type CostExplorerFaults = {
  throttle?: number;
  down?: boolean;
  hang?: boolean;
  slowMs?: number;
  forecastDown?: boolean;
  /** GetCostComparisonDrivers answers DataUnavailableException (its drivers not available to the account). */
  driversDown?: boolean;
  /** Cost Explorer never enabled in the management account: every call is denied. */
  disabled?: boolean;
};

/** Parses `--ce-faults`: `throttle=N`, `down`, `hang`, `slow=MS`, `forecast=down`, `drivers=down`, `disabled`, comma-separated. */
export function parseCostExplorerFaults(text: string | undefined): CostExplorerFaults {
  const f = parseFaultList('--ce-faults', text, {
    throttle: 'count',
    down: 'flag',
    hang: 'flag',
    slow: 'ms',
    forecast: { word: 'down' },
    drivers: { word: 'down' },
    disabled: 'flag',
  });
  return {
    ...(f.throttle !== undefined ? { throttle: Number(f.throttle) } : {}),
    ...(f.down ? { down: true } : {}),
    ...(f.hang ? { hang: true } : {}),
    ...(f.slow !== undefined ? { slowMs: Number(f.slow) } : {}),
    ...(f.forecast ? { forecastDown: true } : {}),
    ...(f.drivers ? { driversDown: true } : {}),
    ...(f.disabled ? { disabled: true } : {}),
  };
}

/** Counts of what the stand-in answered. `billed` are successful requests: each costs $0.01 on AWS. */
export interface CostExplorerStats {
  received: number;
  billed: number;
  throttled: number;
  failed: number;
  byOperation: Record<string, number>;
  /** Every BillingViewArn a request named. */
  billingViews: string[];
}

/** Options of {@link startCostExplorer}. */
export interface CostExplorerOptions {
  /** The costs it answers from: a cost export's rows or a generated organisation. */
  readonly costs: CostSource;
  /** "Today" for forecasts. @default - the real date */
  readonly now?: Date;
  /** Groups per page. @default {@link DEFAULT_PAGE_SIZE} */
  readonly pageSize?: number;
  /** Time every request takes before it is answered, as Cost Explorer's own latency. @default 0 */
  readonly latencyMs?: number;
  readonly faults?: CostExplorerFaults;
  /** Where every request is recorded for the IAM check. @default - a log of its own */
  readonly log?: RequestLog;
}

/** A running Cost Explorer stand-in. */
export interface CostExplorerStandIn {
  readonly endpoint: string;
  readonly stats: CostExplorerStats;
  /** The requests it served, as IAM authorizes them. */
  readonly requests: RequestLog;
  /** ProvideAnomalyFeedback's answers, by anomaly id (the latest one). */
  readonly anomalyFeedback: ReadonlyMap<string, string>;
  /** Changes the faults of the running stand-in. */
  setFaults(faults: CostExplorerFaults): void;
  stop(): Promise<void>;
}

/**
 * Starts a Cost Explorer stand-in on a free loopback port. It speaks the service's wire protocol
 * (JSON 1.1, `X-Amz-Target: AWSInsightsIndexService.<Operation>`) so the real SDK client talks to it.
 */
export async function startCostExplorer(options: CostExplorerOptions): Promise<CostExplorerStandIn> {
  const stats: CostExplorerStats = {
    received: 0,
    billed: 0,
    throttled: 0,
    failed: 0,
    byOperation: {},
    billingViews: [],
  };
  let faults: CostExplorerFaults = { ...options.faults };
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const data = costDataOf(options.costs);
  const latencyMs = options.latencyMs ?? 0;
  const today = () => (options.now ?? new Date()).toISOString().slice(0, 10);
  const log = options.log ?? new RequestLog();
  const anomalyFeedback = new Map<string, string>();

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
    const operation = String(req.headers['x-amz-target'] ?? '').replace(/^AWSInsightsIndexService\./, '');
    log.record(req, { action: `ce:${operation}`, resources: billingViewOf(body) });
    // A hanging service keeps the connection open and never answers: the client's timeout decides.
    if (faults.hang) return;
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    if (faults.slowMs) await new Promise((r) => setTimeout(r, faults.slowMs));
    if (faults.down) {
      stats.failed++;
      return send(503, {
        __type: 'ServiceUnavailableException',
        message: 'Cost Explorer stand-in is down (injected)',
      });
    }
    if (faults.disabled) {
      stats.failed++;
      return send(400, {
        __type: 'AccessDeniedException',
        message: 'User not enabled for cost explorer access',
      });
    }
    if (faults.forecastDown && operation === 'GetCostForecast') {
      stats.failed++;
      return send(503, { __type: 'ServiceUnavailableException', message: 'forecast is down (injected)' });
    }
    if (faults.driversDown && operation === 'GetCostComparisonDrivers') {
      stats.failed++;
      return send(400, {
        __type: 'DataUnavailableException',
        message: 'The requested data is unavailable. (injected)',
      });
    }
    if (faults.throttle && faults.throttle > 0) {
      faults = { ...faults, throttle: faults.throttle - 1 };
      stats.throttled++;
      return send(400, { __type: 'LimitExceededException', message: 'Rate limit exceeded' });
    }
    try {
      const input = JSON.parse(body || '{}') as Record<string, unknown>;
      const view = input.BillingViewArn;
      if (typeof view === 'string' && !stats.billingViews.includes(view)) stats.billingViews.push(view);
      let out: unknown;
      if (operation === 'GetCostAndUsage') out = getCostAndUsage(data, input, pageSize, today());
      else if (operation === 'GetCostForecast') out = getCostForecast(data, input, today());
      else if (operation === 'GetCostComparisonDrivers') out = getCostComparisonDrivers(data, input, today());
      else if (operation === 'ProvideAnomalyFeedback') {
        // A write, not a billed query: answered and counted apart.
        stats.byOperation[operation] = (stats.byOperation[operation] ?? 0) + 1;
        return send(200, provideAnomalyFeedback(anomalyFeedback, input));
      } else
        throw new CeError(
          'UnknownOperationException',
          `operation ${operation || '(none)'} is not supported by the stand-in`,
        );
      stats.billed++;
      stats.byOperation[operation] = (stats.byOperation[operation] ?? 0) + 1;
      return send(200, out);
    } catch (err) {
      stats.failed++;
      if (err instanceof CeError) return send(err.status, { __type: err.type, message: err.message });
      return send(500, { __type: 'InternalServerException', message: toError(err).message });
    }
  };

  const { endpoint, stop } = await serve(handle);
  return {
    endpoint,
    anomalyFeedback,
    ...standInControls(stats, log, (f: CostExplorerFaults) => {
      faults = f;
    }),
    stop,
  };
}

/** The billing view a request names: the only resource Cost Explorer's reads authorize. */
function billingViewOf(body: string): string[] {
  try {
    const view = (JSON.parse(body || '{}') as { BillingViewArn?: unknown }).BillingViewArn;
    return typeof view === 'string' ? [view] : [];
  } catch {
    return [];
  }
}
