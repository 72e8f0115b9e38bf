// Lambda's checks of SQS event source mappings, played on a synthesized template: each
// `AWS::Lambda::EventSourceMapping` whose source is an `AWS::SQS::Queue` of the template is checked
// with that queue and the `AWS::Lambda::Function` it invokes (local/sqs-event-source-rules.ts).
import {
  type Properties,
  type SqsEventSourceFindings,
  sqsEventSourceFindings,
} from './sqs-event-source-rules.js';
import { referencedId } from './template-intrinsic.js';

/** A synthesized template, as far as these rules read it. */
export interface TemplateResources {
  readonly Resources?: Readonly<Record<string, { readonly Type: string; readonly Properties?: Properties }>>;
}

/** The findings of every SQS mapping of a template, and the mappings checked. */
export interface TemplateSqsFindings extends SqsEventSourceFindings {
  readonly checked: string[];
}

/**
 * Checks every SQS event source mapping of `template`. A mapping whose queue or function is not a
 * resource of the template cannot be checked here, and says so as a refusal: nothing passes unread.
 */
export function templateSqsEventSourceFindings(template: TemplateResources): TemplateSqsFindings {
  const resources = template.Resources ?? {};
  const found: TemplateSqsFindings = { refusals: [], warnings: [], checked: [] };
  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::Lambda::EventSourceMapping') continue;
    const properties = resource.Properties ?? {};
    const queueId = referencedId(properties.EventSourceArn);
    const queue = queueId === undefined ? undefined : resources[queueId];
    if (queue?.Type !== 'AWS::SQS::Queue') {
      if (JSON.stringify(properties.EventSourceArn ?? '').includes(':sqs:'))
        found.refusals.push({
          resource: id,
          field: 'EventSourceArn',
          message: 'names no queue of this template: not checked locally',
        });
      continue;
    }
    const fnId = referencedId(properties.FunctionName);
    const fn = fnId === undefined ? undefined : resources[fnId];
    if (fnId === undefined || fn?.Type !== 'AWS::Lambda::Function') {
      found.refusals.push({
        resource: id,
        field: 'FunctionName',
        message: 'names no function of this template: not checked locally',
      });
      continue;
    }
    const findings = sqsEventSourceFindings({
      mapping: { id, properties },
      queue: { id: queueId as string, properties: queue.Properties ?? {} },
      fn: { id: fnId, properties: fn.Properties ?? {} },
    });
    found.refusals.push(...findings.refusals);
    found.warnings.push(...findings.warnings);
    found.checked.push(id);
  }
  return found;
}
