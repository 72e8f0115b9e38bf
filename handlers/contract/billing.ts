/** The only Region that publishes billing metrics and serves Cost Explorer. */
export const BILLING_REGION = 'us-east-1';
/** CloudWatch namespace of the billing metrics. */
export const BILLING_NAMESPACE = 'AWS/Billing';
/** The month-to-date estimated charges metric. */
export const ESTIMATED_CHARGES = 'EstimatedCharges';
/** AWS's recommended period for billing alarms: the metric arrives a few times a day. */
export const BILLING_PERIOD_SECONDS = 21_600;
/** Event source and detail-type of alarm state changes. */
export const ALARM_EVENT_SOURCE = 'aws.cloudwatch';
export const ALARM_STATE_CHANGE = 'CloudWatch Alarm State Change';
/** Name of the billing bus, fixed because member accounts address it by ARN. */
export const BILLING_BUS_NAME = 'billing-alarms';
/** `source` of the payload EventBridge Scheduler hands the report Lambda. */
export const REPORT_SCHEDULE_SOURCE = 'billing-alarm-forwarder.schedule';

/** Organizations events (CloudTrail, us-east-1) that bring an account into an OU. */
export const ORGANIZATIONS_SOURCE = 'aws.organizations';
/** The Organizations calls after which an account's thresholds are checked. */
// `AcceptHandshake` is recorded in the joining account, so the management account never sees it;
// it sees `AccountJoinedOrganization` (an AWS service event) instead.
export const ACCOUNT_JOIN_EVENTS = [
  'MoveAccount',
  'CreateAccountResult',
  'AccountJoinedOrganization',
] as const;
/** CloudFormation's StackSet instance status events (auto-deployment results). */
export const CLOUDFORMATION_SOURCE = 'aws.cloudformation';
export const STACK_INSTANCE_STATUS_CHANGE = 'CloudFormation StackSet StackInstance Status Change';

/** The billing account's CloudFormation stack. */
export const BILLING_STACK_NAME = 'BillingAlarmForwarder';

/** Source of the events this tool puts on the billing bus for automation. */
export const FORWARDER_EVENT_SOURCE = 'billing-alarm-forwarder';
/** Detail types of those events: a tier crossed (an alarm mailed), or on pace to cross (a pace notice mailed). */
export const THRESHOLD_CROSSED = 'Billing Threshold Crossed';
export const THRESHOLD_FORECAST = 'Billing Threshold Forecast';
