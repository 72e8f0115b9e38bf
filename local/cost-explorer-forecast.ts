import type { CostData } from './cost-data.js';
import { compileFilter, type Expression } from './cost-explorer-filter.js';
import { addDays, planOf, validRange } from './cost-explorer-periods.js';
import { CeError, ceAmount, type Json } from './cost-explorer-wire.js';

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
  const total = ceAmount(Math.round(rate * n));
  return {
    Total: { Amount: total, Unit: data.currency },
    ForecastResultsByTime: [{ TimePeriod: { Start: start, End: end }, MeanValue: total }],
  };
}
