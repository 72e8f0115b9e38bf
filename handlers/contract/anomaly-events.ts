// Cost Anomaly Detection's anomalies, as EventBridge delivers them to the management account's
// default bus and the billing bus receives them (DESIGN.md, "Anomalies like alarms").

/** The source of Cost Anomaly Detection's events. */
export const ANOMALY_SOURCE = 'aws.ce';
/** The detail type of an immediate alert's event ("When an immediate alert is detected …"). */
export const ANOMALY_DETECTED = 'Anomaly Detected';
/** The detail type of the automation event put after a mailed anomaly (source `billing-alarm-forwarder`). */
export const COST_ANOMALY_EVENT = 'Billing Cost Anomaly';

/** ProvideAnomalyFeedback's `Feedback` values (API reference: `YES | NO | PLANNED_ACTIVITY`). */
export const ANOMALY_FEEDBACK = ['YES', 'NO', 'PLANNED_ACTIVITY'] as const;
export type AnomalyFeedback = (typeof ANOMALY_FEEDBACK)[number];

/** The longest anomaly id the API accepts (`AnomalyId`: length 0–1024). */
export const ANOMALY_ID_MAX = 1024;

/** The event pattern of the forwarding rule (management account's default bus) and of the billing bus's route. */
export function anomalyEventPattern() {
  return { source: [ANOMALY_SOURCE], 'detail-type': [ANOMALY_DETECTED] };
}
