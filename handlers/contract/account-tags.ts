// Account tags (Organizations) the tool reads. Owners set them on their accounts; the governance
// team's configuration stays the default.

/** Tags that set an account's thresholds, above every configured override. */
export const THRESHOLD_TAGS = {
  warning: 'billing-alarms:warning',
  critical: 'billing-alarms:critical',
} as const;

/** Tag with extra recipients of an account's alarm emails: addresses separated by spaces, commas or semicolons. */
export const RECIPIENTS_TAG = 'billing-alarms:recipients';
