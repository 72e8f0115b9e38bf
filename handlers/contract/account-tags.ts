// Account tags (Organizations) the tool reads. Owners set them on their accounts; the governance
// team's configuration stays the default.

/** Tags that set an account's thresholds, above every configured override. */
export const THRESHOLD_TAGS = {
  warning: 'billing-alarms:warning',
  critical: 'billing-alarms:critical',
  /** The monthly amount percentage rungs refer to, e.g. `4000`. */
  budget: 'billing-alarms:budget',
  /** The ladder: rungs separated by spaces or commas, e.g. `50% 80% 100% 120%` or `1500 2400 3000`. */
  rungs: 'billing-alarms:rungs',
  /** The daily-rate alarm's limit: the most the account may spend in 24 hours, e.g. `300`; `0` for none. */
  dailyLimit: 'billing-alarms:daily-limit',
} as const;

/** Tag with extra recipients of an account's alarm emails: addresses separated by spaces, commas or semicolons. */
export const RECIPIENTS_TAG = 'billing-alarms:recipients';
