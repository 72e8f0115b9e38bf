import { sum } from '../costs/money.js';
import { datesBetween } from '../costs/periods.js';
import type { CostSnapshot } from '../costs/snapshot-schema.js';
import { CHART_HEIGHT, type ChartAxis, chartAxis, niceCeiling } from '../email/chart.js';
import { type Formatter, singleLine } from '../email/format.js';
import type { Translate } from '../email/messages.js';

/** Accounts drawn as their own colour in the stacked chart; the rest is "others". */
export const CHART_ACCOUNTS = 6;

const PALETTE = ['#1d4ed8', '#0f766e', '#b45309', '#7c3aed', '#be185d', '#15803d'];
const OTHERS_COLOR = '#9ca3af';

/** A stacked daily bar chart drawn with HTML tables, with its legend and scale. */
export interface ChartSection {
  readonly heading: string;
  /** The scale (the tallest day's amount) and what the colours are. */
  readonly scale: string;
  /** The value axis: round amounts at the top, middle and bottom. */
  readonly axis: ChartAxis;
  readonly days: {
    label: string;
    title: string;
    gap: number;
    segments: { height: number; color: string }[];
  }[];
  readonly legend: { name: string; color: string }[];
}

/** The j-th account's colour: the palette, round again past its end. */
const colorOf = (j: number) => PALETTE[j % PALETTE.length] ?? OTHERS_COLOR;

/** The stacked daily chart of the trend window: the largest accounts in colour, the rest as "others". */
export function stackedChart(snapshot: CostSnapshot, t: Translate, f: Formatter): ChartSection {
  const { trend } = snapshot.periods;
  const days = datesBetween(trend.start, trend.end);
  const drawn = snapshot.topAccountsDaily.slice(0, CHART_ACCOUNTS);
  const names = new Map(snapshot.accounts.map((a) => [a.id, a.name]));
  const totals = days.map((d) => snapshot.daily[d] ?? 0);
  // A day's stack draws only its positive parts (a refund or credit nets below zero and is not
  // drawn), so the scale is the tallest positive stack: no bar can overflow the chart.
  const positiveStack = days.map((d, i) => {
    const parts = drawn.map((a) => a.daily[d] ?? 0);
    const others = sum([totals[i] ?? 0, ...parts.map((p) => -p)]);
    return sum([...parts, others].map((v) => Math.max(0, v)));
  });
  const max = Math.max(0, ...positiveStack);
  // Bars scale against a round axis maximum, so the axis labels are round amounts.
  const top = niceCeiling(max);
  const px = (v: number) => (top <= 0 ? 0 : Math.round((Math.max(0, v) / top) * CHART_HEIGHT));
  const maxIndex = positiveStack.indexOf(max);
  return {
    heading: t('report.chart', { days: days.length }),
    scale: t('report.chartScale', { amount: f.money(max), date: f.date(days[maxIndex] ?? trend.start) }),
    axis: chartAxis(top, f.compact),
    days: days.map((d, i) => {
      const parts = drawn.map((a) => a.daily[d] ?? 0);
      const others = sum([totals[i] ?? 0, ...parts.map((p) => -p)]);
      // Round the running total, not each part, so that the stack is exactly as tall as the day.
      const values = [...parts, others];
      const colors = [...drawn.map((_, j) => colorOf(j)), OTHERS_COLOR];
      let acc = 0;
      let drawnPx = 0;
      const segments = values.map((v, j) => {
        acc += Math.max(0, v);
        const top = px(acc);
        const height = top - drawnPx;
        drawnPx = top;
        return { height, color: colors[j] ?? OTHERS_COLOR };
      });
      return {
        label: f.dayOfMonth(d),
        title: `${f.date(d)}: ${f.money(totals[i] ?? 0)}`,
        gap: CHART_HEIGHT - drawnPx,
        // Largest account at the bottom: table rows are drawn top-down.
        segments: segments.filter((s) => s.height > 0).reverse(),
      };
    }),
    legend: [
      ...drawn.map((a, j) => ({
        name: singleLine(names.get(a.id) ?? a.id, 40),
        color: colorOf(j),
      })),
      { name: t('report.others'), color: OTHERS_COLOR },
    ],
  };
}
