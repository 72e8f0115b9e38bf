import * as z from 'zod';

/** The largest threshold: a billion in the billing currency (past it a number is a typo, not a budget). */
export const MAX_THRESHOLD = 1_000_000_000;

/** An amount in the billing currency: zero to {@link MAX_THRESHOLD}. */
export const amount = z
  .number({ error: 'must be a number (an amount in the billing currency)' })
  .finite()
  .nonnegative('must be zero or more')
  .max(MAX_THRESHOLD, `must be at most ${MAX_THRESHOLD.toLocaleString('en')}`);

/** A tier's threshold as the configuration and the billing-alarms tags accept it: warning 0 means none, critical more than 0. */
export const tierThreshold = {
  warning: amount,
  critical: amount.positive('must be more than zero (the critical alarm cannot be turned off)'),
} as const;

/** The monthly amount percentage rungs refer to. */
export const budgetAmount = amount.positive('must be more than zero (the amount percentage rungs refer to)');

/** The most an account may spend in 24 hours before its daily-rate alarm goes off; 0 means no such alarm. */
export const dailyLimitAmount = amount;
