import { ListStackSetOperationsCommand } from '@aws-sdk/client-cloudformation';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { Config } from '../../contract/config/schema.js';
import { pause } from '../deadline.js';
import { toError } from '../result.js';
import type { OrgCopy } from '../state/org-copy.js';
import { applyUpdates, callsFor } from './apply-thresholds.js';
import type { AttemptLog } from './attempt-log.js';
import type { StackSetRef } from './deployed-thresholds.js';
import { orgCopyRecord } from './org-copy-record.js';
import { syncPayerAlarms } from './payer-alarms.js';
import { planThresholds } from './threshold-plan.js';

/** Accounts named in the answer at most (CloudFormation's response object is 4 KB). */
const NAMED_AT_MOST = 20;

/** What the reconciler needs. */
export interface ReconcileDeps {
  readonly orgs: OrganizationsClient;
  readonly ref: StackSetRef;
  readonly config: Config;
  readonly attempts: AttemptLog;
  /** The management account's CloudWatch, for payer alarms. */
  readonly cw?: CloudWatchClient;
  /** The organisation copy, written from the last plan of a run (what it read of every account). */
  readonly orgCopy?: Pick<OrgCopy, 'putMany' | 'getMany'>;
  readonly now: () => Date;
}

/**
 * A run stops trying after this long and names what is left: CDK's provider framework fails the
 * resource (and rolls the stack back) after its one-hour maximum, which a few slow accounts must
 * never cause. `thresholds apply` finishes what is left.
 */
export const RECONCILE_BUDGET_MS = 45 * 60_000;

/** One step of a reconcile run. */
export interface ReconcileStep {
  readonly done: boolean;
  /** What the run ended with (when done). */
  readonly summary: Record<string, string>;
  /** Accounts whose update this step started. */
  readonly started: string[];
}

const RUNNING = new Set(['RUNNING', 'QUEUED', 'STOPPING']);

/** Whether a StackSet operation (ours or CloudFormation's own) is still running. */
async function operationRunning(ref: StackSetRef): Promise<boolean> {
  const out = await ref.cfn.send(
    new ListStackSetOperationsCommand({ StackSetName: ref.stackSetName, CallAs: ref.callAs, MaxResults: 20 }),
  );
  return (out.Summaries ?? []).some((s) => RUNNING.has(s.Status ?? ''));
}

/**
 * Waits while an operation runs; then plans (the same plan as `thresholds plan`) and starts the
 * first update among the accounts this run has not tried yet. Done when nothing is left to try:
 * accounts still differing then (a failed instance) are named, not retried forever, so a few broken
 * accounts never hold up or roll back the deploy; `thresholds plan` shows them.
 */
export async function reconcileStep(deps: ReconcileDeps, runId: string): Promise<ReconcileStep> {
  const { ref } = deps;
  const startedAt = await deps.attempts.startedAt(runId, deps.now());
  const outOfTime = deps.now().getTime() - startedAt.getTime() > RECONCILE_BUDGET_MS;
  if (!outOfTime && (await operationRunning(ref))) return { done: false, summary: {}, started: [] };
  const attempted = await deps.attempts.tried(runId);
  // Names from the organisation copy (written by the last step): no ListAccounts on every poll.
  const plan = await planThresholds(deps.orgs, ref, deps.config, deps.cw, deps.orgCopy);
  const untried = outOfTime ? [] : plan.updates.filter((u) => u.ouId && !attempted.has(u.accountId));
  if (untried.length === 0) {
    let payerNote = '';
    if (deps.cw && plan.payer.puts.length + plan.payer.removes.length > 0 && !outOfTime) {
      try {
        const sync = await syncPayerAlarms(
          deps.cw,
          plan.payer.puts,
          plan.payer.existing,
          plan.payer.removes,
          {
            until: Date.now() + 60_000,
          },
        );
        if (sync.left > 0) return { done: false, summary: {}, started: [] };
      } catch (err) {
        // Payer alarms the deploy could not write are named, not a reason to roll the stack back.
        payerNote = `payer alarms not written: ${toError(err).name}`;
      }
    }
    const left = plan.updates.map((u) => u.accountId);
    const copyNote = await writeOrgCopy(deps, plan.facts);
    return {
      done: true,
      started: [],
      summary: {
        Unchanged: String(plan.unchanged),
        NotApplied: String(left.length),
        PayerAlarms: String(plan.payer.accounts.length),
        ...(left.length
          ? {
              NotAppliedAccounts: `${left.slice(0, NAMED_AT_MOST).join(' ')}${left.length > NAMED_AT_MOST ? ' …' : ''}`,
            }
          : {}),
        ...(outOfTime
          ? { Stopped: `after ${RECONCILE_BUDGET_MS / 60_000} minutes: run thresholds apply` }
          : {}),
        ...(payerNote ? { PayerAlarmsNote: payerNote } : {}),
        ...(copyNote ? { OrgCopyNote: copyNote } : {}),
      },
    };
  }
  const [call] = callsFor(untried);
  const accounts = call?.accounts ?? [];
  try {
    await applyUpdates(
      ref,
      untried.filter((u) => accounts.includes(u.accountId)),
      { wait: false, busyRetries: 0 },
    );
  } catch (err) {
    // Another operation started in between: the next poll tries again.
    if (toError(err).name === 'OperationInProgressException')
      return { done: false, summary: {}, started: [] };
    throw err;
  }
  await deps.attempts.add(runId, accounts);
  return { done: false, summary: {}, started: accounts };
}

/** Writes what the plan read into the organisation copy; a failure is named, never a reason to fail the deploy. */
async function writeOrgCopy(
  deps: ReconcileDeps,
  facts: Parameters<typeof orgCopyRecord>[1][],
): Promise<string | undefined> {
  if (!deps.orgCopy) return undefined;
  const now = deps.now();
  try {
    await deps.orgCopy.putMany(facts.map((f) => orgCopyRecord(deps.config, f, now, 'reconcile')));
    return undefined;
  } catch (err) {
    return `organisation copy not written: ${toError(err).name}`;
  }
}

/** Runs reconcile steps until done (the local organisation's deploy; on AWS the provider polls). */
export async function reconcileAll(
  deps: ReconcileDeps,
  runId: string,
  pollMs = 250,
  maxSteps = 1_000,
): Promise<ReconcileStep> {
  for (let n = 0; n < maxSteps; n++) {
    const step = await reconcileStep(deps, runId);
    if (step.done) return step;
    await pause(pollMs);
  }
  throw new Error(`reconcile ${runId} did not finish in ${maxSteps} steps`);
}
