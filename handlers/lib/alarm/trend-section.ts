import { datesBetween } from '../costs/periods.js';
import { CHART_HEIGHT, type ChartBar, scaleHeights } from '../email/chart.js';
import type { Formatter } from '../email/format.js';
import type { Translate } from '../email/messages.js';
import { ALARM_COLORS } from './colors.js';

/** The account's daily usage as a bar chart drawn with HTML tables. */
export interface TrendSection {
  readonly heading: string;
  readonly caption: string;
  readonly height: number;
  readonly bars: ChartBar[];
}

/**
 * One bar per day of `window`; days spent faster than `dailyPace` (the pace that would end the month
 * at the critical threshold) stand out.
 */
export function trendSection(
  daily: Record<string, number>,
  window: { start: string; end: string },
  dailyPace: number,
  t: Translate,
  f: Formatter,
): TrendSection {
  const days = datesBetween(window.start, window.end);
  const values = days.map((d) => daily[d] ?? 0);
  const heights = scaleHeights(values);
  const maxIndex = values.indexOf(Math.max(...values));
  return {
    heading: t('alarm.trend', { days: days.length }),
    caption: t('alarm.trendMax', {
      amount: f.money(values[maxIndex] ?? 0),
      date: f.date(days[maxIndex] ?? window.start),
    }),
    height: CHART_HEIGHT,
    bars: days.map((d, i) => ({
      label: f.dayOfMonth(d),
      title: `${f.date(d)}: ${f.money(values[i] ?? 0)}`,
      amount: f.money(values[i] ?? 0),
      height: heights[i] ?? 0,
      gap: CHART_HEIGHT - (heights[i] ?? 0),
      color: (values[i] ?? 0) > dailyPace ? ALARM_COLORS.over : ALARM_COLORS.bar,
    })),
  };
}
