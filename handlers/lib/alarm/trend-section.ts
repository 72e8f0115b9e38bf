import { datesBetween } from '../costs/periods.js';
import { CHART_HEIGHT, CHART_LINE, type ChartAxis, type ChartBar, dailyBars } from '../email/chart.js';
import type { Formatter } from '../email/format.js';
import type { Translate } from '../email/messages.js';
import { ALARM_COLORS } from './colors.js';

/** The account's daily usage as a bar chart drawn with HTML tables, with what its colours and scale mean. */
export interface TrendSection {
  readonly heading: string;
  readonly height: number;
  readonly bars: ChartBar[];
  /** The value axis (round amounts at the top, middle and bottom). */
  readonly axis: ChartAxis;
  /** What the colours and the line mean; `height` is the swatch's (a box, or a thin line). */
  readonly legend: { name: string; color: string; height: number }[];
  /** The scale: the tallest bar's value and day. */
  readonly scale: string;
  /** What the threshold pace is. */
  readonly pace: string;
}

/**
 * One bar per day of `window`, with the threshold pace (the daily spend that ends the month exactly
 * at `threshold`, the alarm's own tier's amount) drawn as a line; days above it are amber — over,
 * not the alarm's red, which belongs to a crossed threshold.
 */
export function trendSection(
  daily: Readonly<Record<string, number>>,
  window: { start: string; end: string },
  threshold: number,
  /** The tier's name, lower case, as the pace line names it. */
  tier: string,
  daysInMonth: number,
  t: Translate,
  f: Formatter,
): TrendSection {
  const days = datesBetween(window.start, window.end);
  const values = days.map((d) => daily[d] ?? 0);
  const maxIndex = values.indexOf(Math.max(...values));
  const pace = threshold / daysInMonth;
  const chart = dailyBars({
    days,
    values,
    line: pace,
    color: ALARM_COLORS.bar,
    overColor: ALARM_COLORS.over,
    title: (d, v, over) => `${f.date(d)}: ${f.money(v)}${over ? ` (${t('alarm.legendOver')})` : ''}`,
    label: f.dayOfMonth,
    money: f.money,
    compact: f.compact,
  });
  return {
    heading: t('alarm.trend', { days: days.length }),
    height: CHART_HEIGHT,
    bars: chart.bars,
    axis: chart.axis,
    legend: [
      { name: t('alarm.legendUsual'), color: ALARM_COLORS.bar, height: 10 },
      { name: t('alarm.legendOver'), color: ALARM_COLORS.over, height: 10 },
      { name: t('alarm.legendPace', { pace: f.money(pace) }), color: CHART_LINE, height: 2 },
    ],
    scale: t('alarm.trendScale', {
      amount: f.money(values[maxIndex] ?? 0),
      date: f.date(days[maxIndex] ?? window.start),
    }),
    pace: t('alarm.paceExplained', {
      pace: f.money(pace),
      tier,
      threshold: f.money(threshold),
      days: daysInMonth,
    }),
  };
}
