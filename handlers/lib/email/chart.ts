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
}

/** Height of the chart area in pixels. */
export const CHART_HEIGHT = 96;

/**
 * Scales values to bar heights against the largest: the largest is {@link CHART_HEIGHT}, any value
 * above zero is at least 2 px so it stays visible, zero and below is 0 px.
 */
export function scaleHeights(values: readonly number[], height = CHART_HEIGHT): number[] {
  const max = Math.max(0, ...values);
  return values.map((v) => (v <= 0 || max === 0 ? 0 : Math.max(2, Math.round((v / max) * height))));
}
