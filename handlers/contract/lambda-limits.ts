// The Lambdas' limits, shared by the stack that sets them and the local runner that plays them.
// The arithmetic behind them is in DESIGN.md, "Time budgets".

/** The alarm Lambda's timeout. */
export const ALARM_TIMEOUT_SECONDS = 30;
/** The action page's timeout (its function URL waits for it). */
export const ACTIONS_TIMEOUT_SECONDS = 30;
/** The report Lambda's timeout. */
export const REPORT_TIMEOUT_SECONDS = 300;
/** Alarm Lambdas running at once at most: a storm queues (async invokes wait and retry) instead of flooding. */
export const ALARM_CONCURRENCY = 5;

// The alarm queue's event source mapping (DESIGN.md, "Bursts"): alarms gathered for up to 20 s,
// up to 100 a batch, as many batches at once as the function's reserved executions (the pollers'
// batches of one burst run together and share one window); the function's other events (SES's
// sending events, launches, anomalies) are asynchronous, and Lambda retries them when throttled.
/** How long the event source mapping gathers alarms before it invokes the function. */
export const ALARM_BATCH_WINDOW_SECONDS = 20;
/** Alarms per batch at most. */
export const ALARM_BATCH_SIZE = 100;
/** Batches running at once at most (the event source mapping's maximum concurrency, 2–1,000). */
export const ALARM_BATCH_CONCURRENCY = ALARM_CONCURRENCY;
/** Receives of an alarm's message before it goes to the dead-letter queue. */
export const ALARM_MAX_RECEIVES = 5;

/**
 * The governance Lambda: for an account event a few reads, one StackSet update and up to 20 s of
 * waiting for it; for the scheduled sweep, payer alarms paced at CloudWatch's 3 writes per second
 * (about 2,600 writes a run), so Lambda's longest timeout.
 */
export const GOVERNANCE_TIMEOUT_SECONDS = 900;
/** The governance Lambda runs one at a time: StackSets runs one operation at a time anyway. */
export const GOVERNANCE_CONCURRENCY = 1;
/** The publisher: a few at once, so a storm of answers queues instead of posting in parallel. */
export const PUBLISHER_CONCURRENCY = 2;
/** The reconciler after deploy: planning reads every instance, so it gets Lambda's longest timeout. */
export const RECONCILE_TIMEOUT_SECONDS = 900;
