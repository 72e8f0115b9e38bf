// What Lambda refuses when CloudFormation creates or updates an event source mapping that reads an
// SQS queue, and what AWS only recommends: the rules read the mapping, the queue and the function
// as the template gives them, so a change AWS would refuse fails a local test (DESIGN.md, "AWS rules
// the code relies on"). A value CloudFormation resolves at deploy (`Ref`, `Fn::…`) is not checked.
import { isIntrinsic } from './template-intrinsic.js';

/** A template resource's properties. */
export type Properties = Readonly<Record<string, unknown>>;

/** One finding: the resource (logical id) and the field AWS names, and why. */
export interface SqsEventSourceFinding {
  readonly resource: string;
  /** The property as CloudFormation spells it (`ScalingConfig.MaximumConcurrency`). */
  readonly field: string;
  readonly message: string;
}

/** What AWS refuses (the deploy fails) and what it only recommends. */
export interface SqsEventSourceFindings {
  readonly refusals: SqsEventSourceFinding[];
  readonly warnings: SqsEventSourceFinding[];
}

/** The mapping, the queue it reads and the function it invokes, each with its logical id. */
export interface SqsEventSourceInput {
  readonly mapping: { readonly id: string; readonly properties: Properties };
  readonly queue: { readonly id: string; readonly properties: Properties };
  readonly fn: { readonly id: string; readonly properties: Properties };
}

/** AWS's numbers for an SQS event source mapping, its queue and its function (sources in DESIGN.md). */
export const SQS_EVENT_SOURCE_LIMITS = {
  defaultBatchSize: 10,
  maxBatchSizeStandard: 10_000,
  maxBatchSizeFifo: 10,
  /** Above this `BatchSize`, `MaximumBatchingWindowInSeconds` must be at least 1. */
  maxBatchSizeWithoutWindow: 10,
  maxBatchingWindowSeconds: 300,
  minMaximumConcurrency: 2,
  maxMaximumConcurrency: 1_000,
  maxVisibilityTimeoutSeconds: 43_200,
  /** SQS's visibility timeout when the queue sets none. */
  defaultVisibilityTimeoutSeconds: 30,
  /** Lambda's timeout when the function sets none. */
  defaultFunctionTimeoutSeconds: 3,
  /** The recommended visibility timeout, in function timeouts (a recommendation, not a refusal). */
  recommendedVisibilityFactor: 6,
} as const;

const L = SQS_EVENT_SOURCE_LIMITS;

/** The findings for one mapping of an SQS queue (the rules themselves; see {@link SQS_EVENT_SOURCE_LIMITS}). */
export function sqsEventSourceFindings(input: SqsEventSourceInput): SqsEventSourceFindings {
  const refusals: SqsEventSourceFinding[] = [];
  const warnings: SqsEventSourceFinding[] = [];
  const { mapping, queue, fn } = input;
  const refuse = (resource: string, field: string, message: string) =>
    refusals.push({ resource, field, message });
  const warn = (resource: string, field: string, message: string) =>
    warnings.push({ resource, field, message });
  const m = mapping.properties;
  const fifo = queue.properties.FifoQueue === true || queue.properties.FifoQueue === 'true';

  const visibility = integerOr(queue.properties.VisibilityTimeout, L.defaultVisibilityTimeoutSeconds);
  if (
    visibility === 'invalid' ||
    (visibility !== 'deploy-time' && visibility > L.maxVisibilityTimeoutSeconds)
  )
    refuse(
      queue.id,
      'VisibilityTimeout',
      `must be an integer from 0 to ${L.maxVisibilityTimeoutSeconds} seconds`,
    );

  const maxBatch = fifo ? L.maxBatchSizeFifo : L.maxBatchSizeStandard;
  const batchSize = integerOr(m.BatchSize, L.defaultBatchSize);
  if (batchSize === 'invalid' || (batchSize !== 'deploy-time' && (batchSize < 1 || batchSize > maxBatch)))
    refuse(mapping.id, 'BatchSize', `must be 1 to ${maxBatch} for a ${fifo ? 'FIFO' : 'standard'} queue`);

  const window = integerOr(m.MaximumBatchingWindowInSeconds, 0);
  if (window === 'invalid' || (window !== 'deploy-time' && window > L.maxBatchingWindowSeconds))
    refuse(
      mapping.id,
      'MaximumBatchingWindowInSeconds',
      `must be 0 to ${L.maxBatchingWindowSeconds} whole seconds`,
    );
  else if (fifo && window !== 'deploy-time' && window > 0)
    refuse(
      mapping.id,
      'MaximumBatchingWindowInSeconds',
      'a batching window is not supported for FIFO queues',
    );
  else if (typeof batchSize === 'number' && batchSize > L.maxBatchSizeWithoutWindow && window === 0)
    refuse(
      mapping.id,
      'MaximumBatchingWindowInSeconds',
      `must be at least 1 when BatchSize is above ${L.maxBatchSizeWithoutWindow} (BatchSize ${batchSize})`,
    );

  const types = m.FunctionResponseTypes;
  if (
    types !== undefined &&
    !isIntrinsic(types) &&
    (!Array.isArray(types) || types.length > 1 || types.some((t) => t !== 'ReportBatchItemFailures'))
  )
    refuse(mapping.id, 'FunctionResponseTypes', 'may hold only ReportBatchItemFailures');

  const scaling = m.ScalingConfig as Properties | undefined;
  const concurrency = integerOr(scaling?.MaximumConcurrency, undefined);
  if (
    concurrency === 'invalid' ||
    (typeof concurrency === 'number' &&
      (concurrency < L.minMaximumConcurrency || concurrency > L.maxMaximumConcurrency))
  )
    refuse(
      mapping.id,
      'ScalingConfig.MaximumConcurrency',
      `must be ${L.minMaximumConcurrency} to ${L.maxMaximumConcurrency}`,
    );
  if (scaling?.MaximumConcurrency !== undefined && m.ProvisionedPollerConfig !== undefined)
    refuse(
      mapping.id,
      'ProvisionedPollerConfig',
      'maximum concurrency and provisioned mode are mutually exclusive',
    );

  const timeout = integerOr(fn.properties.Timeout, L.defaultFunctionTimeoutSeconds);
  if (typeof timeout === 'number' && typeof visibility === 'number') {
    if (timeout > visibility)
      refuse(
        queue.id,
        'VisibilityTimeout',
        `${visibility} s is less than the function ${fn.id}'s Timeout of ${timeout} s`,
      );
    else if (visibility < L.recommendedVisibilityFactor * timeout)
      warn(
        queue.id,
        'VisibilityTimeout',
        `${visibility} s is below ${L.recommendedVisibilityFactor} × the function's Timeout (${L.recommendedVisibilityFactor * timeout} s), so a throttled batch may not be retried in time`,
      );
  }

  const reserved = integerOr(fn.properties.ReservedConcurrentExecutions, undefined);
  if (typeof concurrency === 'number' && typeof reserved === 'number' && concurrency > reserved)
    warn(
      mapping.id,
      'ScalingConfig.MaximumConcurrency',
      `${concurrency} is above the function's reserved concurrency (${reserved}): the extra batches are throttled`,
    );
  return { refusals, warnings };
}

/** An integer property, its default when absent, `deploy-time` when CloudFormation resolves it. */
function integerOr<D extends number | undefined>(
  value: unknown,
  fallback: D,
): number | D | 'invalid' | 'deploy-time' {
  if (value === undefined) return fallback;
  if (isIntrinsic(value)) return 'deploy-time';
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : 'invalid';
}
