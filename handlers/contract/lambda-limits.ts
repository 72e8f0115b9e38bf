// The Lambdas' limits, shared by the stack that sets them and the local runner that plays them.
// The arithmetic behind them is in DESIGN.md, "Time budgets".

/** The alarm Lambda's timeout. */
export const ALARM_TIMEOUT_SECONDS = 30;
/** The report Lambda's timeout. */
export const REPORT_TIMEOUT_SECONDS = 300;
/** Alarm Lambdas running at once at most: a storm queues (async invokes wait and retry) instead of flooding. */
export const ALARM_CONCURRENCY = 5;

/** The governance Lambda: a few Organizations and CloudFormation reads and one StackSet update. */
export const GOVERNANCE_TIMEOUT_SECONDS = 60;
