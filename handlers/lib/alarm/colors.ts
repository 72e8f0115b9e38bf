/** Colours of the alarm email: tiers, good news and the daily bars. */
export const ALARM_COLORS = {
  warning: '#b45309',
  critical: '#b91c1c',
  ok: '#15803d',
  bar: '#2563eb',
  /** A day above the threshold pace: amber, over — the tier's red is for a crossed threshold only. */
  over: '#d97706',
} as const;
