/** Environment variables the Lambdas read at cold start (set by the stack, or by the local runner). */
export const RUNTIME_ENV = {
  tableName: 'BILLING_ALARMS_TABLE',
  configurationSet: 'BILLING_ALARMS_CONFIGURATION_SET',
  stackSetName: 'BILLING_ALARMS_STACK_SET',
  /** Path of the configuration JSON; defaults to the file bundled next to the handler. */
  configFile: 'BILLING_ALARMS_CONFIG_FILE',
  /** Pins the clock (ISO date-time) for `billing-alarms simulate --now`; the action page's clock starts
   * there and runs on (`serve`). Never set on AWS. */
  now: 'BILLING_ALARMS_NOW',
  /** The confirmation window of a send whose answer was lost, in ms (see `delivery/mailer.ts`); never
   * set on AWS (one minute there): the local runner scales it with Lambda's retries. */
  confirmWindowMs: 'BILLING_ALARMS_CONFIRM_WINDOW_MS',
  /** The publisher function the alarm Lambda hands a batch's answers to (no success destination
   * follows an event source mapping's invocation); unset locally, where the runner hands them over. */
  publisherFunction: 'BILLING_ALARMS_PUBLISHER',
  /** The bus the publisher puts automation events on. */
  busName: 'BILLING_ALARMS_BUS',
  /** `true` when the local runner wants the view-model in the handler's answer (never on AWS: the
   * answer travels in the success destination's event, at most 256 KB). */
  returnViewModel: 'BILLING_ALARMS_RETURN_VIEW_MODEL',
  /** The public base URL of the action page (the function URL); alert emails link to it when set. */
  actionUrl: 'BILLING_ALARMS_ACTION_URL',
  /** The Secrets Manager secret (ARN) holding the action links' signing key. */
  actionSecret: 'BILLING_ALARMS_ACTION_SECRET',
  /** The signing keys themselves (`current[,previous]`, base64) for local runs; never set on AWS. */
  actionKeys: 'BILLING_ALARMS_ACTION_KEYS',
  /** The Slack app's signing secret itself, for local runs; on AWS it is read from `chat.slackSigningSecretArn`. */
  slackSigningSecret: 'BILLING_ALARMS_SLACK_SIGNING_SECRET',
} as const;

/** File name of the validated configuration inside each Lambda bundle, next to `index.mjs`. */
export const BUNDLED_CONFIG_FILE = 'billing-alarms.config.json';
