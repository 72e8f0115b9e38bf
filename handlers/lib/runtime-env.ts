/** Environment variables the Lambdas read at cold start (set by the stack, or by the local runner). */
export const RUNTIME_ENV = {
  tableName: 'BILLING_ALARMS_TABLE',
  configurationSet: 'BILLING_ALARMS_CONFIGURATION_SET',
  stackSetName: 'BILLING_ALARMS_STACK_SET',
  /** Path of the configuration JSON; defaults to the file bundled next to the handler. */
  configFile: 'BILLING_ALARMS_CONFIG_FILE',
} as const;
