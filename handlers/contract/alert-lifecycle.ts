/**
 * The alert lifecycle every part agrees on (issue 20): the states of an account's rung, the actions
 * that move it, and the detail types of the events each change puts on the billing bus.
 */

/** An alert's state: open after a mailed crossing, until resolved (an OK transition, the month reset, or by hand). */
export const ALERT_STATES = ['open', 'acknowledged', 'snoozed', 'planned', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** What an operator can do to an alert (CLI, the signed page). */
export const ALERT_ACTIONS = ['ack', 'snooze', 'plan', 'resolve'] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];

/** The state each action leads to. */
export const STATE_OF_ACTION: Readonly<Record<AlertAction, AlertState>> = {
  ack: 'acknowledged',
  snooze: 'snoozed',
  plan: 'planned',
  resolve: 'resolved',
};

/** Detail types of the lifecycle events (source `billing-alarm-forwarder`, the billing bus). */
export const ALERT_EVENT_TYPES = {
  opened: 'Billing Alert Opened',
  acknowledged: 'Billing Alert Acknowledged',
  snoozed: 'Billing Alert Snoozed',
  planned: 'Billing Alert Planned',
  reopened: 'Billing Alert Reopened',
  resolved: 'Billing Alert Resolved',
} as const;

/** The longest snooze or plan when `lifecycle.maxSnoozeDays` is not configured. */
export const DEFAULT_MAX_SNOOZE_DAYS = 14;
/** The schema's upper bound for `lifecycle.maxSnoozeDays`. */
export const MAX_SNOOZE_DAYS_LIMIT = 90;
/** A note or reason is cut to this many characters. */
export const NOTE_MAX = 500;
/** Who made a change, cut to this many characters. */
export const ACTOR_MAX = 128;
