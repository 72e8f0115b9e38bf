import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BUNDLED_CONFIG_FILE, RUNTIME_ENV } from '../../handlers/contract/runtime-env.js';
import { lambdaBundle } from './lambda-bundle.js';
import type { StateTable } from './state-table.js';

/** Props of {@link BundledFunction}. */
export interface BundledFunctionProps {
  /** Path of the handler entry file under `handlers/`. */
  readonly entry: string;
  /** Path of the validated configuration JSON copied next to the bundle. */
  readonly runtimeConfigPath: string;
  /** Powertools' service name, in every log line and metric of the function. */
  readonly serviceName: string;
  /**
   * More environment (the state table's name is added by {@link BundledFunction.bindStateTable}).
   * @default - only the service name and log level
   */
  readonly environment?: Record<string, string>;
  /** @default - 30 seconds */
  readonly timeout?: Duration;
  /** @default - 512 MiB */
  readonly memorySize?: number;
  /** @default - unreserved */
  readonly reservedConcurrentExecutions?: number;
  /**
   * The emails' locale, fixed in the bundle: the other catalogues are left out of it.
   * @default - every locale bundled
   */
  readonly locale?: string;
}

/**
 * A Node.js Lambda bundled by esbuild as ESM with the AWS SDK inside (so the deployed code and the
 * local `simulate` run the same SDK version) and the validated configuration next to it, which
 * keeps large override lists out of the 4 KB environment.
 */
export class BundledFunction extends Construct {
  /** The function. */
  readonly function: lambda.Function;

  constructor(scope: Construct, id: string, props: BundledFunctionProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.THREE_MONTHS });
    // An own role instead of AWSLambdaBasicExecutionRole: it may write to this log group only.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.entry.split('/').pop()} of billing-alarm-forwarder`,
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    this.function = new lambda.Function(this, 'Function', {
      code: lambdaBundle({
        entry: props.entry,
        sideFile: { path: props.runtimeConfigPath, name: BUNDLED_CONFIG_FILE },
        ...(props.locale ? { locale: props.locale } : {}),
      }),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      ...(props.reservedConcurrentExecutions !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
        : {}),
      logGroup,
      role,
      loggingFormat: lambda.LoggingFormat.JSON,
      // Source maps ship with the bundle but are not enabled: --enable-source-maps costs about 20 %
      // of module init (npm run bench). Set NODE_OPTIONS=--enable-source-maps to read stack traces.
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
    });
  }

  /** The function keeps its records in the state table: its name in the environment, read and write on it. */
  bindStateTable(table: StateTable): void {
    this.function.addEnvironment(RUNTIME_ENV.tableName, table.tableName);
    table.grantReadWriteData(this.function);
  }
}

/** Path of a Lambda entry under `handlers/`, e.g. `handlerEntry('alarm.ts')`. */
export function handlerEntry(file: string): string {
  return fileURLToPath(new URL(`../../handlers/${file}`, import.meta.url));
}
