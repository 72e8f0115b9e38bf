import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { templateSqsEventSourceFindings } from '../local/sqs-event-source-template.js';
import { exampleConfig } from './helpers/config.js';
import { buildTestApp } from './helpers/synth.js';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
interface Synthesized {
  Resources: Resources;
}

/** The logical id of the single resource of `type` whose id contains `part`. */
function idOf(template: Synthesized, type: string, part = ''): string {
  const ids = Object.entries(template.Resources)
    .filter(([id, r]) => r.Type === type && id.includes(part))
    .map(([id]) => id);
  expect(ids).toHaveLength(1);
  return ids[0] as string;
}

describe('Lambda’s checks of the alarm queue’s event source mapping, played on the billing stack', () => {
  let synthesized: Synthesized;
  let ids: { mapping: string; queue: string; fn: string };
  beforeAll(() => {
    synthesized = Template.fromStack(buildTestApp(exampleConfig()).stack).toJSON() as Synthesized;
    ids = {
      mapping: idOf(synthesized, 'AWS::Lambda::EventSourceMapping'),
      queue: idOf(synthesized, 'AWS::SQS::Queue', 'AlarmPipelineQueue'),
      fn: idOf(synthesized, 'AWS::Lambda::Function', 'AlarmHandler'),
    };
  });

  /** The template with the mapping's, queue's or function's properties changed. */
  const changed = (change: Partial<Record<'mapping' | 'queue' | 'fn', Record<string, unknown>>>) => {
    const copy = structuredClone(synthesized);
    for (const part of ['mapping', 'queue', 'fn'] as const) {
      const resource = copy.Resources[ids[part]];
      if (resource && change[part]) resource.Properties = { ...resource.Properties, ...change[part] };
    }
    return templateSqsEventSourceFindings(copy);
  };
  const refused = (change: Parameters<typeof changed>[0]) =>
    changed(change).refusals.map((r) => `${r.resource === ids.queue ? 'queue' : 'mapping'} ${r.field}`);

  it('finds nothing AWS would refuse or advise against in the stack as synthesized', () => {
    const found = templateSqsEventSourceFindings(synthesized);

    expect(found.checked).toEqual([ids.mapping]);
    expect(found.refusals).toEqual([]);
    expect(found.warnings).toEqual([]);
  });

  it('refuses a BatchSize above 10 without a batching window of at least 1 s', () => {
    expect(refused({ mapping: { BatchSize: 11, MaximumBatchingWindowInSeconds: 0 } })).toEqual([
      'mapping MaximumBatchingWindowInSeconds',
    ]);
    const { MaximumBatchingWindowInSeconds: _, ...withoutWindow } =
      synthesized.Resources[ids.mapping]?.Properties ?? {};
    const copy = structuredClone(synthesized);
    (copy.Resources[ids.mapping] as { Properties: unknown }).Properties = { ...withoutWindow, BatchSize: 11 };
    expect(templateSqsEventSourceFindings(copy).refusals.map((r) => r.field)).toEqual([
      'MaximumBatchingWindowInSeconds',
    ]);
    expect(refused({ mapping: { BatchSize: 10, MaximumBatchingWindowInSeconds: 0 } })).toEqual([]);
  });

  it('refuses a window over 300 s or not whole seconds, and a BatchSize outside 1–10,000', () => {
    expect(refused({ mapping: { MaximumBatchingWindowInSeconds: 301 } })).toEqual([
      'mapping MaximumBatchingWindowInSeconds',
    ]);
    expect(refused({ mapping: { MaximumBatchingWindowInSeconds: 2.5 } })).toEqual([
      'mapping MaximumBatchingWindowInSeconds',
    ]);
    expect(refused({ mapping: { MaximumBatchingWindowInSeconds: 300, BatchSize: 10_000 } })).toEqual([]);
    expect(refused({ mapping: { BatchSize: 10_001 } })).toEqual(['mapping BatchSize']);
    expect(refused({ mapping: { BatchSize: 0 } })).toEqual(['mapping BatchSize']);
  });

  it('holds a FIFO queue to batches of 10 and no batching window', () => {
    expect(refused({ queue: { FifoQueue: true }, mapping: { BatchSize: 10 } })).toEqual([
      'mapping MaximumBatchingWindowInSeconds',
    ]);
    expect(
      refused({ queue: { FifoQueue: true }, mapping: { BatchSize: 11, MaximumBatchingWindowInSeconds: 0 } }),
    ).toEqual(['mapping BatchSize', 'mapping MaximumBatchingWindowInSeconds']);
    expect(
      refused({ queue: { FifoQueue: true }, mapping: { BatchSize: 10, MaximumBatchingWindowInSeconds: 0 } }),
    ).toEqual([]);
  });

  it('refuses a maximum concurrency outside 2–1,000, and with provisioned pollers', () => {
    expect(refused({ mapping: { ScalingConfig: { MaximumConcurrency: 1 } } })).toEqual([
      'mapping ScalingConfig.MaximumConcurrency',
    ]);
    expect(refused({ mapping: { ScalingConfig: { MaximumConcurrency: 1_001 } } })).toEqual([
      'mapping ScalingConfig.MaximumConcurrency',
    ]);
    expect(refused({ mapping: { ProvisionedPollerConfig: { MinimumPollers: 2 } } })).toEqual([
      'mapping ProvisionedPollerConfig',
    ]);
  });

  it('refuses any function response type but ReportBatchItemFailures', () => {
    expect(refused({ mapping: { FunctionResponseTypes: ['ReportBatchItemFailure'] } })).toEqual([
      'mapping FunctionResponseTypes',
    ]);
    expect(refused({ mapping: { FunctionResponseTypes: [] } })).toEqual([]);
  });

  it('refuses a visibility timeout below the function’s timeout, and only warns below six times it', () => {
    expect(refused({ queue: { VisibilityTimeout: 29 } })).toEqual(['queue VisibilityTimeout']);
    expect(changed({ queue: { VisibilityTimeout: 29 } }).refusals[0]?.message).toMatch(
      /29 s is less than the function .*AlarmHandler.*'s Timeout of 30 s/,
    );
    expect(refused({ queue: { VisibilityTimeout: 43_201 } })).toEqual(['queue VisibilityTimeout']);

    const atTimeout = changed({ queue: { VisibilityTimeout: 30 } });
    expect(atTimeout.refusals).toEqual([]);
    expect(atTimeout.warnings.map((w) => w.field)).toEqual(['VisibilityTimeout']);
    // A queue without a visibility timeout has SQS's 30 s; a function without a timeout has 3 s.
    expect(refused({ queue: { VisibilityTimeout: undefined }, fn: { Timeout: 31 } })).toEqual([
      'queue VisibilityTimeout',
    ]);
    expect(changed({ queue: { VisibilityTimeout: 18 }, fn: { Timeout: undefined } }).warnings).toEqual([]);
  });

  it('warns when the maximum concurrency is above the function’s reserved concurrency', () => {
    const found = changed({ fn: { ReservedConcurrentExecutions: 3 } });

    expect(found.refusals).toEqual([]);
    expect(found.warnings.map((w) => w.field)).toEqual(['ScalingConfig.MaximumConcurrency']);
  });

  it('says a mapping whose function is not in the template cannot be checked, instead of passing it', () => {
    const found = changed({ mapping: { FunctionName: 'arn:aws:lambda:us-east-1:1:function:elsewhere' } });

    expect(found.checked).toEqual([]);
    expect(found.refusals.map((r) => r.field)).toEqual(['FunctionName']);
  });
});
