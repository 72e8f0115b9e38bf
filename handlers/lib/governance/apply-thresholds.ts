import { randomUUID } from 'node:crypto';
import {
  DescribeStackSetOperationCommand,
  paginateListStackSetOperationResults,
  UpdateStackInstancesCommand,
} from '@aws-sdk/client-cloudformation';
import { BILLING_REGION } from '../../contract/billing.js';
import { ladderKey } from '../../contract/ladder.js';
import { ladderParameters } from '../../contract/member-template.js';
import { pause } from '../deadline.js';
import { toError } from '../result.js';
import type { Ladder, StackSetRef } from './deployed-thresholds.js';
import type { AccountUpdate } from './threshold-plan.js';

/** UpdateStackInstances takes at most 50 OUs per call (DeploymentTargets.OrganizationalUnitIds). */
export const MAX_OUS_PER_CALL = 50;
/** Accounts per call: one operation, kept small enough that a failure is easy to read. */
export const MAX_ACCOUNTS_PER_CALL = 100;

const OUTCOME_STATUSES = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'PENDING', 'RUNNING', 'SUBMITTED'] as const;

/** How one account's update ended. */
export interface AccountOutcome {
  readonly accountId: string;
  readonly thresholds: Ladder;
  readonly status: (typeof OUTCOME_STATUSES)[number];
  readonly reason?: string;
  readonly operationId?: string;
}

/** Options of {@link applyUpdates}. */
export interface ApplyOptions {
  /** Wait for each operation and read its per-account results. @default true */
  readonly wait?: boolean;
  /** With `wait`, stop waiting after this long and report the accounts `RUNNING`. @default no limit */
  readonly waitBudgetMs?: number;
  /** Between polls of an operation and retries of a busy StackSet. @default 5000 */
  readonly pollMs?: number;
  /** Retries while another operation runs on the StackSet (OperationInProgressException). @default 60 */
  readonly busyRetries?: number;
  /** Told after each call with the calls done and the calls in all. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** One UpdateStackInstances call: accounts sharing the same thresholds, with their OUs. */
interface Call {
  readonly thresholds: Ladder;
  readonly accounts: string[];
  readonly ous: string[];
}

/** Groups updates by their ladder, then splits each group to ≤ 50 OUs and ≤ 100 accounts per call. */
export function callsFor(updates: readonly AccountUpdate[]): Call[] {
  const groups = new Map<string, AccountUpdate[]>();
  for (const u of updates) {
    const key = ladderKey(u.desired);
    groups.set(key, [...(groups.get(key) ?? []), u]);
  }
  const calls: Call[] = [];
  for (const group of groups.values()) {
    let current: Call | undefined;
    for (const u of [...group].sort((a, b) => (a.ouId ?? '').localeCompare(b.ouId ?? ''))) {
      // Callers pass only updates with an OU (applyUpdates filters the others out first).
      const ou = u.ouId ?? '';
      const fits =
        current &&
        current.accounts.length < MAX_ACCOUNTS_PER_CALL &&
        (current.ous.includes(ou) || current.ous.length < MAX_OUS_PER_CALL);
      if (!current || !fits) {
        current = { thresholds: u.desired, accounts: [], ous: [] };
        calls.push(current);
      }
      current.accounts.push(u.accountId);
      if (!current.ous.includes(ou)) current.ous.push(ou);
    }
  }
  return calls;
}

const FINISHED = new Set(['SUCCEEDED', 'FAILED', 'STOPPED']);

/**
 * Sets each account's thresholds as parameter overrides of its stack instance: one
 * UpdateStackInstances per group of accounts with the same thresholds (OU targets narrowed to the
 * accounts with `INTERSECTION`), one operation at a time, each waited for; a StackSet busy with
 * another operation is retried. Accounts without an OU (no instance) fail with a reason.
 */
export async function applyUpdates(
  ref: StackSetRef,
  updates: readonly AccountUpdate[],
  options: ApplyOptions = {},
): Promise<AccountOutcome[]> {
  const pollMs = options.pollMs ?? 5_000;
  const outcomes: AccountOutcome[] = updates
    .filter((u) => !u.ouId)
    .map((u) => ({
      accountId: u.accountId,
      thresholds: u.desired,
      status: 'FAILED',
      reason: 'no stack instance OU known',
    }));
  const calls = callsFor(updates.filter((u) => u.ouId));
  for (const [n, call] of calls.entries()) {
    const operationId = randomUUID();
    for (let attempt = 0; ; attempt++) {
      try {
        await ref.cfn.send(
          new UpdateStackInstancesCommand({
            StackSetName: ref.stackSetName,
            CallAs: ref.callAs,
            Regions: [BILLING_REGION],
            DeploymentTargets: {
              OrganizationalUnitIds: call.ous,
              Accounts: call.accounts,
              AccountFilterType: 'INTERSECTION',
            },
            // Every rung slot, always: a slot left out would reset to the StackSet's value.
            ParameterOverrides: ladderParameters(call.thresholds),
            OperationPreferences: {
              RegionConcurrencyType: 'PARALLEL',
              MaxConcurrentPercentage: 100,
              FailureTolerancePercentage: 100,
            },
            OperationId: operationId,
          }),
        );
        break;
      } catch (err) {
        const name = toError(err).name;
        if (name !== 'OperationInProgressException' || attempt >= (options.busyRetries ?? 60)) throw err;
        await pause(pollMs);
      }
    }
    if (options.wait === false) {
      for (const accountId of call.accounts)
        outcomes.push({ accountId, thresholds: call.thresholds, status: 'SUBMITTED', operationId });
    } else {
      outcomes.push(...(await waitFor(ref, operationId, call, pollMs, options.waitBudgetMs)));
    }
    options.onProgress?.(n + 1, calls.length);
  }
  return outcomes;
}

async function waitFor(
  ref: StackSetRef,
  operationId: string,
  call: Call,
  pollMs: number,
  budgetMs = Number.POSITIVE_INFINITY,
): Promise<AccountOutcome[]> {
  const until = Date.now() + budgetMs;
  for (;;) {
    const out = await ref.cfn.send(
      new DescribeStackSetOperationCommand({
        StackSetName: ref.stackSetName,
        OperationId: operationId,
        CallAs: ref.callAs,
      }),
    );
    if (FINISHED.has(out.StackSetOperation?.Status ?? '')) break;
    if (Date.now() + pollMs > until)
      return call.accounts.map((accountId) => ({
        accountId,
        thresholds: call.thresholds,
        status: 'RUNNING',
        operationId,
      }));
    await pause(pollMs);
  }
  const results = new Map<string, { status: string; reason?: string }>();
  for await (const page of paginateListStackSetOperationResults(
    { client: ref.cfn },
    { StackSetName: ref.stackSetName, OperationId: operationId, CallAs: ref.callAs },
  )) {
    for (const s of page.Summaries ?? []) {
      if (s.Account)
        results.set(s.Account, {
          status: s.Status ?? 'FAILED',
          ...(s.StatusReason ? { reason: s.StatusReason } : {}),
        });
    }
  }
  return call.accounts.map((accountId) => {
    const r = results.get(accountId);
    return {
      accountId,
      thresholds: call.thresholds,
      status: OUTCOME_STATUSES.find((s) => s === r?.status) ?? 'FAILED',
      ...(r?.reason ? { reason: r.reason } : r ? {} : { reason: "not in the operation's results" }),
      operationId,
    };
  });
}
