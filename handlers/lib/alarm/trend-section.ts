import { datesBetween } from '../costs/periods.js';
import { CHART_HEIGHT, type ChartBar, scaleHeights } from '../email/chart.js';
import type { Formatter } from '../email/format.js';
import type { Translate } from '../email/messages.js';
import { ALARM_COLORS } from './colors.js';

/** The account's daily usage as a bar chart drawn with HTML tables, with what its colours and scale mean. */
export interface TrendSection {
  readonly heading: string;
  readonly height: number;
  readonly bars: ChartBar[];
  readonly legend: { name: string; color: string }[];
  /** The scale: the tallest bar's value and day. */
  readonly scale: string;
  /** What the threshold pace is. */
  readonly pace: string;
}

/**
 * One bar per day of `window`; days spent faster than the threshold pace (the daily spend that
 * ends the month exactly at the critical threshold) stand out in another colour.
 */
export function trendSection(
  daily: Readonly<Record<string, number>>,
  window: { start: string; end: string },
  critical: number,
  daysInMonth: number,
  t: Translate,
  f: Formatter,
): TrendSection {
  const days = datesBetween(window.start, window.end);
  const values = days.map((d) => daily[d] ?? 0);
  const heights = scaleHeights(values);
  const maxIndex = values.indexOf(Math.max(...values));
  const pace = critical / daysInMonth;
  return {
    heading: t('alarm.trend', { days: days.length }),
    height: CHART_HEIGHT,
    bars: days.map((d, i) => ({
      label: f.dayOfMonth(d),
      title: `${f.date(d)}: ${f.money(values[i] ?? 0)}`,
      amount: f.money(values[i] ?? 0),
      height: heights[i] ?? 0,
      gap: CHART_HEIGHT - (heights[i] ?? 0),
      color: (values[i] ?? 0) > pace ? ALARM_COLORS.over : ALARM_COLORS.bar,
    })),
    legend: [
      { name: t('alarm.legendUsual'), color: ALARM_COLORS.bar },
      { name: t('alarm.legendOver'), color: ALARM_COLORS.over },
    ],
    scale: t('alarm.trendScale', {
      amount: f.money(values[maxIndex] ?? 0),
      date: f.date(days[maxIndex] ?? window.start),
    }),
    pace: t('alarm.paceExplained', { pace: f.money(pace), threshold: f.money(critical), days: daysInMonth }),
  };
}
