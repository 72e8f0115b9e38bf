// What the alarm Lambda loads after init, in one module that the bundle keeps in chunks of their
// own (`import()` of `deferred-load.ts`). One module, not one per path: esbuild cuts a chunk for
// every set of dynamic imports that reach a module, so each extra `import()` target splits the
// init path into more files, and every file costs a cold start its own read, compile and link
// (DESIGN.md, "Cold start"). What is here: the alarm email's rendering (templates, catalogue,
// view-model, chat), the hourly digest, the other kinds of event (SES's sending events, launches,
// anomalies) with their stores, and the clients only they use.
export { PricingClient } from '@aws-sdk/client-pricing';
export { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
export { actionKeySource } from '../actions/action-keys.js';
export { notifyAnomaly } from '../anomalies/notify-anomaly.js';
export { recordSendingEvent } from '../delivery/sending-events.js';
export { notifyLaunch } from '../launches/notify-launch.js';
export { billingContactReader } from '../org/billing-contact.js';
export { AnomalyLedger } from '../state/anomaly-ledger.js';
export { RecipientFeedback } from '../state/recipient-feedback.js';
export { SendEvidence } from '../state/send-evidence.js';
export { alarmChat, composeAlarmEmail, crossingDetail } from './alarm-email.js';
export { sendDigestOnce } from './digest-delivery.js';
