import { isOneOf, stringField } from '../unknown-values.js';
import { type ReconcileDeps, reconcileStep } from './reconcile.js';

/**
 * The custom resource after the member StackSet (CDK's provider framework, `onEvent` and
 * `isComplete`): after every deploy that touched the StackSet, every instance gets the thresholds
 * `thresholds apply` would give it. CloudFormation's StackSet resource resets overrides set out of
 * band when it updates instances, so this puts them back; each `isComplete` poll starts at most one
 * StackSet operation (StackSets runs one at a time).
 */
export interface CustomResourceEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly RequestId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties?: Record<string, unknown>;
  /** Set by our own `onEvent` answer: the provider passes it to each `isComplete` poll. */
  readonly Data?: Record<string, unknown>;
}

/** The physical id of the overrides resource: one per stack. */
export const OVERRIDES_RESOURCE_ID = 'member-stack-set-overrides';
/** Marks an event as an `isComplete` poll (our `onEvent` answered it). */
const PHASE = 'ReconcilePhase';

/** Whether an event is a CloudFormation custom resource request (through the provider framework). */
export function isCustomResourceEvent(event: unknown): event is CustomResourceEvent {
  return (
    isOneOf(['Create', 'Update', 'Delete'] as const, stringField(event, 'RequestType')) &&
    stringField(event, 'RequestId') !== undefined
  );
}

/** The provider framework's answer to `onEvent` or `isComplete`. */
export type CustomResourceAnswer =
  | { PhysicalResourceId: string; Data: Record<string, string> }
  | { IsComplete: boolean; Data?: Record<string, string> };

/** Answers a custom resource request: `onEvent` starts nothing, each `isComplete` poll does one step. */
export async function answerCustomResource(
  deps: ReconcileDeps,
  event: CustomResourceEvent,
): Promise<CustomResourceAnswer> {
  if (event.Data?.[PHASE] !== 'reconciling') {
    // onEvent: a delete leaves the overrides with the StackSet (deleted with it, or kept for a redeploy).
    return {
      PhysicalResourceId: event.PhysicalResourceId ?? OVERRIDES_RESOURCE_ID,
      Data: { [PHASE]: event.RequestType === 'Delete' ? 'done' : 'reconciling' },
    };
  }
  const step = await reconcileStep(deps, event.RequestId);
  return step.done ? { IsComplete: true, Data: step.summary } : { IsComplete: false };
}
