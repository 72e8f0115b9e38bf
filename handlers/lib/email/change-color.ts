/**
 * Colours of a change in spend. They say over or under, never alarm: the tiers' red belongs to a
 * crossed threshold, so a rise is amber, a fall green, and a change too small to matter grey.
 */
export const CHANGE_COLORS = { up: '#b45309', down: '#15803d', flat: '#4b5563' } as const;

/**
 * A change is material when it moves at least this share of what the reader measures spend against:
 * the alarm's threshold in an alarm email, the organisation's month to date in the report. Relative,
 * so the rule holds in any currency: a $0.99 mover on a $6,000 threshold stays grey.
 */
export const MATERIAL_SHARE = 0.01;

/** Whether `delta` matters against `reference` (see {@link MATERIAL_SHARE}). */
export function isMaterial(delta: number, reference: number): boolean {
  return Math.abs(delta) > 0 && Math.abs(delta) >= MATERIAL_SHARE * Math.abs(reference);
}

/** The colour of a change of `delta` against `reference`: amber up, green down, grey when immaterial. */
export function changeColor(delta: number, reference: number): string {
  if (!isMaterial(delta, reference)) return CHANGE_COLORS.flat;
  return delta > 0 ? CHANGE_COLORS.up : CHANGE_COLORS.down;
}
