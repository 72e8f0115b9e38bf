import type { AlertAction } from '../../contract/alert-lifecycle.js';
import type { ActionGuards } from '../state/action-guards.js';
import type { AlertChange, AlertLifecycle } from '../state/alert-lifecycle.js';
import { AlertRequestError } from '../state/alert-rules.js';
import type { ActionProblem } from './action-text.js';
import { type ActionClaims, type ActionKeys, verifyActionToken } from './action-token.js';

/** What applying a signed action needs: the keys, the alerts, the guards, the bus. */
export interface ActionCore {
  readonly keys: ActionKeys;
  readonly alerts: AlertLifecycle;
  readonly guards: ActionGuards;
  readonly maxSnoozeDays: number;
  /** Puts the change's lifecycle event on the billing bus. */
  readonly publish: (changes: readonly AlertChange[]) => Promise<void>;
}

/** A refusal, with what the log should say about it. */
export interface ActionRefusal {
  readonly ok: false;
  readonly problem: ActionProblem;
  readonly detail?: Record<string, unknown>;
}

/** Where a token is used: the page's path names the account and rung, a chat button its action. */
export interface ActionScope {
  readonly accountId?: string;
  readonly rung?: string;
  readonly action?: AlertAction;
}

/**
 * A token's claims when it is signed with one of the keys, unexpired, and scoped to where it is
 * used (the page's account and rung, a button's action); otherwise why not.
 */
export function scopedClaims(
  token: string,
  scope: ActionScope,
  keys: ActionKeys,
  now: Date,
): { ok: true; claims: ActionClaims } | ActionRefusal {
  const verified = verifyActionToken(token, keys, now);
  if (!verified.ok) return { ok: false, problem: verified.reason };
  const { claims } = verified;
  if (
    (scope.accountId !== undefined && claims.accountId !== scope.accountId) ||
    (scope.rung !== undefined && claims.rung !== scope.rung) ||
    (scope.action !== undefined && claims.action !== scope.action)
  )
    return {
      ok: false,
      problem: 'crossAccount',
      detail: { accountId: scope.accountId, claimed: claims.accountId, action: scope.action },
    };
  return { ok: true, claims };
}

/**
 * Applies a verified token's action once, as the page's POST and a Slack button do alike: the
 * nonce is claimed first (a replay changes nothing), the alert is answered as it stands (a change
 * the lifecycle refuses is `notAllowed`), and the change's event is put on the bus.
 */
export async function applyAction(
  claims: ActionClaims,
  answer: { readonly by: string; readonly note?: string },
  deps: ActionCore,
  now: Date,
): Promise<{ ok: true; change: AlertChange } | ActionRefusal> {
  if (!(await deps.guards.claimNonce(claims.nonce, claims.exp, now)))
    return { ok: false, problem: 'replayed' };
  let change: AlertChange;
  try {
    change = await deps.alerts.answer(
      claims.accountId,
      claims.rung,
      {
        action: claims.action,
        by: answer.by,
        ...(claims.hours ? { until: new Date(now.getTime() + claims.hours * 3_600_000) } : {}),
        ...(answer.note ? { note: answer.note } : {}),
      },
      now,
      deps.maxSnoozeDays,
    );
  } catch (err) {
    if (err instanceof AlertRequestError)
      return { ok: false, problem: 'notAllowed', detail: { why: err.message } };
    throw err;
  }
  await deps.publish([change]);
  return { ok: true, change };
}
