/** One bar of a daily chart drawn with HTML tables. */
export interface ChartBar {
  readonly label: string;
  /** Date and amount, shown on hover. */
  readonly title: string;
  readonly amount: string;
  /** Height of the bar in pixels (0 for a day without cost). */
  readonly height: number;
  /** Height of the empty space above the bar, so every column is {@link CHART_HEIGHT} tall. */
  readonly gap: number;
  readonly color: string;
  /** The column from top to bottom: space, the reference line where there is one, the bar. */
  readonly cells: ChartCell[];
}

/** One cell of a chart column: its height and colour (white is empty). */
export interface ChartCell {
  readonly height: number;
  readonly color: string;
}

/** The value axis: round amounts at the top, the middle and the bottom of the chart, one row each. */
export interface ChartAxis {
  /** Rows from the top; their heights add up to {@link CHART_HEIGHT}. */
  readonly rows: { label: string; height: number; align: 'top' | 'bottom' }[];
}

/** Height of the chart area in pixels. */
export const CHART_HEIGHT = 96;
/** Height of an axis label's row. */
const LABEL_HEIGHT = 12;
/** The colour of an empty cell: the email's background. */
export const CHART_EMPTY = '#ffffff';
/** The colour of a reference line (a threshold's pace). */
export const CHART_LINE = '#111827';

/**
 * Scales values to bar heights against the largest: the largest is {@link CHART_HEIGHT}, any value
 * above zero is at least 2 px so it stays visible, zero and below is 0 px.
 */
export function scaleHeights(values: readonly number[], height = CHART_HEIGHT, max?: number): number[] {
  const top = max ?? Math.max(0, ...values);
  return values.map((v) =>
    v <= 0 || top <= 0 ? 0 : Math.max(2, Math.round((Math.min(v, top) / top) * height)),
  );
}

/**
 * The axis maximum: the smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `max`, so the axis labels are
 * round numbers and its middle is too.
 */
export function niceCeiling(max: number): number {
  if (!(max > 0)) return 0;
  const power = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * power >= max * (1 - 1e-9)) ?? 10;
  return step * power;
}

/** The value axis of a chart scaled to `top`, its labels formatted by `format`. */
export function chartAxis(top: number, format: (amount: number) => string): ChartAxis {
  const half = Math.round(CHART_HEIGHT / 2);
  return {
    rows: [
      { label: format(top), height: half, align: 'top' },
      { label: format(top / 2), height: CHART_HEIGHT - half - LABEL_HEIGHT, align: 'top' },
      { label: format(0), height: LABEL_HEIGHT, align: 'bottom' },
    ],
  };
}

/**
 * A column's cells from the top: the empty space, then the bar, with a 1 px reference line at
 * `lineAt` pixels from the bottom drawn across both (inside the bar it stays visible).
 */
export function columnCells(height: number, color: string, lineAt?: number): ChartCell[] {
  const gap = CHART_HEIGHT - height;
  const cells: ChartCell[] = [];
  const push = (h: number, c: string) => {
    if (h > 0) cells.push({ height: h, color: c });
  };
  if (lineAt === undefined || lineAt <= 0 || lineAt > CHART_HEIGHT) {
    push(gap, CHART_EMPTY);
    push(height, color);
    return cells;
  }
  const lineTop = CHART_HEIGHT - lineAt;
  // Rows from the top: [0, gap) empty, [gap, CHART_HEIGHT) bar; the line replaces [lineTop, lineTop + 1).
  const span = (from: number, to: number) => {
    push(Math.min(to, gap) - from, CHART_EMPTY);
    push(to - Math.max(from, gap), color);
  };
  span(0, lineTop);
  push(1, CHART_LINE);
  span(lineTop + 1, CHART_HEIGHT);
  return cells;
}

/** Inputs of {@link dailyBars}. */
export interface DailyBarsInput {
  readonly days: readonly string[];
  readonly values: readonly number[];
  /** A daily amount drawn as a line across the chart (a threshold's pace); bars above it take `overColor`. */
  readonly line?: number;
  readonly color: string;
  readonly overColor: string;
  /** A bar's hover text and text-part line, from its day, amount and whether it is above the line. */
  readonly title: (day: string, amount: number, over: boolean) => string;
  readonly label: (day: string) => string;
  readonly money: (amount: number) => string;
  readonly compact: (amount: number) => string;
}

/** A daily bar chart on a round axis that holds the tallest bar and the line. */
export function dailyBars(input: DailyBarsInput): {
  bars: ChartBar[];
  axis: ChartAxis;
  lineAt: number | null;
} {
  const { days, values, line } = input;
  const top = niceCeiling(Math.max(0, ...values, line ?? 0));
  const heights = scaleHeights(values, CHART_HEIGHT, top);
  const lineAt =
    line !== undefined && line > 0 && top > 0 ? Math.max(1, Math.round((line / top) * CHART_HEIGHT)) : null;
  return {
    axis: chartAxis(top, input.compact),
    lineAt,
    bars: days.map((d, i) => {
      const value = values[i] ?? 0;
      const height = heights[i] ?? 0;
      const over = line !== undefined && value > line;
      const color = over ? input.overColor : input.color;
      return {
        label: input.label(d),
        title: input.title(d, value, over),
        amount: input.money(value),
        height,
        gap: CHART_HEIGHT - height,
        color,
        cells: columnCells(height, color, lineAt ?? undefined),
      };
    }),
  };
}
