import type { ChatDelivery } from '../chat/chat-deliveries.js';
import type { AlertEventDetail } from '../state/alert-lifecycle.js';
import type { AnomalyDetail } from './anomaly-event.js';
import type { FastBurnDetail } from './fast-burn-event.js';

/**
 * The `detail` of the events put on the billing bus for automation (`Billing Threshold Crossed`
 * after a mailed alarm, `Billing Threshold Forecast` after a mailed pace notice). Amounts are in
 * `currency`; a figure that could not be read is null, never 0.
 */
export interface AutomationDetail {
  readonly accountId: string;
  readonly accountName: string | null;
  /** The rung's name (`warning`, `critical`, `120%`, `1500`); kept beside `rung` for consumers of the two-tier events. */
  readonly tier: string;
  /** The rung crossed, or on pace to be. */
  readonly rung: string;
  /** The rung's amount. */
  readonly threshold: number;
  /** The monthly budget the rung refers to (null when none is configured). */
  readonly budget: number | null;
  /** CloudWatch's EstimatedCharges datapoint (crossings only; null without one). */
  readonly estimatedCharges: number | null;
  /** Cost Explorer's usage month to date. */
  readonly monthToDate: number | null;
  /** The month end as projected, with the method. */
  readonly forecast: {
    readonly amount: number;
    readonly method: 'last7DaysPace' | 'monthAveragePace';
  } | null;
  readonly currency: string;
  /** The account's largest services month to date (crossings only). */
  readonly topServices: { readonly service: string; readonly amount: number }[];
  /**
   * A daily-rate alarm's figures (`rung` is `daily`): CloudWatch's increase over the last 24 hours
   * against the daily limit, and the day whose services `topServices` lists. Absent for rungs.
   */
  readonly dailyRate?: {
    readonly spentLast24Hours: number | null;
    readonly dailyLimit: number;
    readonly servicesOn: string | null;
  };
  /** Unique per crossing or notice: consumers deduplicate on it (delivery is at least once). */
  readonly eventId: string;
}

/** What a handler's answer carries for the publisher (the success destination hands it over). */
export interface AutomationPayload {
  readonly crossing?: AutomationDetail;
  readonly forecasts?: AutomationDetail[];
  /** Alert lifecycle changes the alarm made (opened, re-opened, resolved), each put as its own event. */
  readonly alerts?: { readonly detailType: string; readonly detail: AlertEventDetail }[];
  /** A mailed fast-burn estimate from launches (`Billing Fast Burn Estimate`). */
  readonly fastBurn?: FastBurnDetail;
  /** A mailed Cost Anomaly Detection anomaly (`Billing Cost Anomaly`). */
  readonly anomaly?: AnomalyDetail;
  /** Chat messages to deliver, each channel once. */
  readonly chat?: ChatDelivery[];
  /** The invocation's delivery key: the events and each chat channel are recorded under it. */
  readonly automationKey?: string;
  /**
   * When a mailed alarm was mailed (ISO): its chat posts count toward each channel's hourly cap in
   * that clock hour. Absent for the report, whose summary is never held back.
   */
  readonly alarmMailedAt?: string;
}

/**
 * The outcome of one event a handler mails about (a launch's estimate, an anomaly), as `billing-alarms
 * simulate` prints it; a mailed one also carries what the publisher puts and posts.
 */
export interface NoticeResult {
  readonly status: 'sent' | 'duplicate' | 'suppressed' | 'skipped' | 'rejected';
  readonly reason?: string;
  readonly recipients: string[];
  readonly subject?: string;
  readonly messageIds?: string[];
  readonly costExplorerRequests: number;
  readonly chat?: ChatDelivery[];
  readonly automationKey?: string;
  readonly alarmMailedAt?: string;
}
