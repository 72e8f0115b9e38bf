import { Arn, type Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { RUNTIME_ENV } from '../../handlers/contract/runtime-env.js';
import { BundledFunction } from './bundled-function.js';
import type { StateTable } from './state-table.js';

/** Where a function's emails come from. */
export interface MailSettings {
  /** The configured sender: SES may send from its address and its domain only. */
  readonly sender: string;
  /** The SES configuration set every email goes through. */
  readonly configurationSetName: string;
}

/** What the alarm and report functions share. */
export interface CostMailFunctionProps {
  /** Path of the handler entry file under `handlers/`. */
  readonly entry: string;
  /** Path of the validated configuration JSON copied next to the bundle. */
  readonly runtimeConfigPath: string;
  readonly table: StateTable;
  readonly mail: MailSettings;
  /** The emails' locale, fixed in the bundle. */
  readonly locale: string;
}

/** Props of {@link CostMailFunction}: the shared ones and what each function sets for itself. */
interface OwnProps extends CostMailFunctionProps {
  readonly serviceName: string;
  readonly timeout: Duration;
  readonly memorySize?: number;
  readonly reservedConcurrentExecutions?: number;
  readonly environment?: Record<string, string>;
}

/**
 * A function that explains costs with Cost Explorer and mails them through SES: the base of
 * {@link AlarmFunction} and {@link ReportFunction}. It uses the state table, may send from the
 * configured sender through the configuration set, and may read Cost Explorer.
 */
export class CostMailFunction extends BundledFunction {
  constructor(scope: Construct, id: string, props: OwnProps) {
    super(scope, id, {
      entry: props.entry,
      runtimeConfigPath: props.runtimeConfigPath,
      serviceName: props.serviceName,
      environment: {
        [RUNTIME_ENV.configurationSet]: props.mail.configurationSetName,
        POWERTOOLS_METRICS_NAMESPACE: 'BillingAlarmForwarder',
        ...props.environment,
      },
      locale: props.locale,
      timeout: props.timeout,
      ...(props.memorySize !== undefined ? { memorySize: props.memorySize } : {}),
      ...(props.reservedConcurrentExecutions !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
        : {}),
    });
    this.bindStateTable(props.table);
    this.function.addToRolePolicy(sendEmailStatement(Stack.of(this), props.mail));
    // Cost Explorer has no resource-level permissions for these reads: '*' is the only resource.
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadCostExplorer',
        actions: ['ce:GetCostAndUsage', 'ce:GetCostForecast'],
        resources: ['*'],
      }),
    );
  }
}

/** `ses:SendEmail` on the sender's identities (address and domain) and the configuration set only. */
function sendEmailStatement(stack: Stack, mail: MailSettings): iam.PolicyStatement {
  const domain = mail.sender.split('@')[1] ?? mail.sender;
  const identity = (name: string) =>
    Arn.format({ service: 'ses', resource: 'identity', resourceName: name }, stack);
  return new iam.PolicyStatement({
    sid: 'SendFromConfiguredSender',
    actions: ['ses:SendEmail'],
    resources: [
      identity(mail.sender),
      identity(domain),
      Arn.format(
        { service: 'ses', resource: 'configuration-set', resourceName: mail.configurationSetName },
        stack,
      ),
    ],
  });
}
