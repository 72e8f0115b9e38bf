import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { DAILY_REALERT_HOURS } from '../../contract/daily-rate.js';
import { isDailyRung } from '../../contract/ladder.js';
import type { Membership } from '../org/membership.js';
import { checkMembership } from '../org/membership.js';
import { toError } from '../result.js';
import { type AlertChange, alertEventOf } from '../state/alert-lifecycle.js';
import type { DeliveryOutcome } from '../state/delivery-records.js';
import type { RealertDecision } from '../state/noise.js';
import { currentCopyOf, type OrgCopyRecord } from '../state/org-copy.js';
import { rejectEvent } from '../state/rejection-log.js';
import type { AlarmDeps, Invocation, NotifyResult } from './alarm-deps.js';
import { type BillingAlarm, verifyBillingAlarm } from './alarm-event.js';
import { alertVerdict, openAlert, resolveOnOk } from './alert-admission.js';
import { loadDeferred } from './deferred-load.js';
import { placementSkipReason } from './placement-admission.js';

/** An alarm let through to be explained and mailed, with what admission learnt on the way. */
export interface Admitted {
  readonly admitted: true;
  readonly member: Membership;
  readonly decision: Extract<RealertDecision, { mail: true }>;
  /** The organisation copy, when current: it answered membership and answers the OU and tags. */
  readonly copy?: OrgCopyRecord;
  /** The rung's alert opened or re-opened by this crossing: events for the publisher. */
  readonly alerts: NonNullable<NotifyResult['alerts']>;
}

/** An alarm stopped on the way: its answer, and the outcome the ledger keeps for replays. */
export interface Stopped {
  readonly admitted: false;
  readonly result: NotifyResult;
  readonly outcome: DeliveryOutcome;
}

/** The edge: a trusted billing alarm, or the rejected event's answer (recorded in the rejection log). */
export async function verifyEvent(
  event: unknown,
  deps: AlarmDeps,
  invocation: Invocation,
  now: Date,
): Promise<{ ok: true; alarm: BillingAlarm } | { ok: false; result: NotifyResult }> {
  const verdict = verifyBillingAlarm(event, {
    alarmNamePrefix: deps.config.alarmNamePrefix,
    managementAccountId: deps.config.organization.managementAccountId,
  });
  if (verdict.ok) return { ok: true, alarm: verdict.value };
  const result = await reject(
    deps,
    event,
    verdict.eventId,
    verdict.reason,
    now,
    invocation.deadlines.mandatory,
  );
  return { ok: false, result };
}

/**
 * The admission steps after the edge, in order: the change is counted for noise; the account must
 * be an active member; its state is kept; an alarm from the side its account is not watched from
 * is skipped, and so are OK (unless configured) and INSUFFICIENT_DATA; then one email per account
 * and rung per re-alert window, and the organisation's hourly cap (the first alarm past it sends
 * the hour's digest).
 */
export async function admit(
  event: unknown,
  alarm: BillingAlarm,
  key: string,
  deps: AlarmDeps,
  invocation: Invocation,
  now: Date,
): Promise<Admitted | Stopped> {
  const { config, logger, metrics } = deps;
  const { mandatory, bestEffort } = invocation.deadlines;
  await deps.noise.recordChange(alarm.accountId, alarm.rung, key, now.getTime(), mandatory);
  const management = alarm.accountId === config.organization.managementAccountId;
  // A current organisation copy answers membership (and later the OU and tags): no Organizations call.
  const copy = management ? undefined : await currentCopy(deps, alarm.accountId, now, bestEffort);
  const member: Membership = management
    ? { status: 'member' }
    : copy
      ? { status: 'member', ...(copy.name ? { name: copy.name } : {}) }
      : await checkMembership(
          deps.organizations,
          deps.dynamo,
          deps.tableName,
          alarm.accountId,
          now,
          bestEffort,
        );
  if (member.status === 'outside') {
    const reason = `account ${alarm.accountId}: ${member.reason}`;
    const result = await reject(deps, event, alarm.eventId, reason, now, mandatory);
    return stopped(result, { status: 'rejected', reason, recipients: [], messageIds: [] });
  }
  if (member.status === 'unknown')
    logger.warn('membership unknown; accepting the event', { reason: member.reason });
  // Every state is kept (OK and INSUFFICIENT_DATA too, never mailed); a failure costs only the report's view.
  await deps.alarmStates
    .record(
      {
        accountId: alarm.accountId,
        rung: alarm.rung,
        state: alarm.state,
        changedAt: alarm.changedAt,
        ...(alarm.placement === 'payer' ? { placement: 'payer' as const } : {}),
      },
      bestEffort,
    )
    .catch((err: unknown) => logger.warn('alarm state not recorded', { error: toError(err) }));
  const otherSide = management
    ? undefined
    : await placementSkipReason(
        config,
        alarm.accountId,
        alarm.placement,
        deps.placements,
        (error) => logger.warn('placement unknown; the alarm goes on', { error }),
        bestEffort,
      );
  const notMailed =
    alarm.state === 'OK'
      ? 'OK transitions (including the month-start reset) are not mailed; set email.notifyOnOk to mail them'
      : `state ${alarm.state} is not mailed`;
  const skip =
    otherSide ??
    (alarm.state !== 'ALARM' && !(alarm.state === 'OK' && config.email.notifyOnOk) ? notMailed : undefined);
  // An OK transition resolves the rung's alert (issue 20), whether or not OK is mailed.
  const resolved =
    alarm.state === 'OK' && !otherSide
      ? await resolveOnOk(deps.alerts, alarm.accountId, alarm.rung, now, mandatory)
      : undefined;
  if (skip) {
    metrics.addMetric('AlarmsSkipped', MetricUnit.Count, 1);
    return stopped(
      {
        status: 'skipped',
        reason: skip,
        recipients: [],
        costExplorerRequests: 0,
        ...(resolved ? { alerts: eventsOf([resolved]), automationKey: key } : {}),
      },
      { status: 'skipped', reason: skip, recipients: [], messageIds: [] },
    );
  }
  // An answered alert (snoozed, planned, acknowledged) keeps its rung quiet; an expired snooze re-opens and mails once.
  const verdict = await alertVerdict(deps.alerts, alarm.accountId, alarm.rung, now, mandatory);
  if (verdict.suppress) return suppress(deps, alarm, verdict.reason, now, mandatory);
  // The daily-rate alarm mails once a day per account, whatever the rungs' re-alert window.
  const windowHours = isDailyRung(alarm.rung) ? DAILY_REALERT_HOURS : config.email.realertAfterHours;
  const decision = await deps.noise.decide(
    alarm.accountId,
    alarm.rung,
    key,
    verdict.reopened ? 0 : windowHours * 3_600_000,
    now.getTime(),
    mandatory,
  );
  if (!decision.mail) {
    const reason = `already mailed at ${new Date(decision.lastMailedAt).toISOString()}; one email per account and ${isDailyRung(alarm.rung) ? 'day for the daily rate' : 'rung'} every ${windowHours} h (${decision.changes} state changes since)`;
    return suppress(deps, alarm, reason, now, mandatory);
  }
  const cap = config.email.maxAlarmEmailsPerHour;
  if (!(await deps.noise.withinHourlyCap(key, cap, now.getTime(), mandatory))) {
    // The digest's email (its template and catalogue) is loaded only when the cap is reached.
    const { sendDigestOnce } = await loadDeferred();
    await sendDigestOnce(deps, alarm, invocation, now);
    const reason = `the organisation-wide cap of ${cap} alarm emails this hour is reached; a digest went out instead`;
    return suppress(deps, alarm, reason, now, mandatory);
  }
  const opened = await openAlert(deps.alerts, alarm.accountId, alarm.rung, now, mandatory);
  // A crossing that opens an alert is announced by its own `Billing Threshold Crossed`: no second event.
  const changes = [...(verdict.reopened ? [verdict.reopened] : []), ...opened].filter(
    (c) => c.entry.cause !== 'crossing',
  );
  return { admitted: true, member, decision, alerts: eventsOf(changes), ...(copy ? { copy } : {}) };
}

/** The lifecycle events of the changes admission made, for the publisher. */
function eventsOf(changes: readonly AlertChange[]): NonNullable<NotifyResult['alerts']> {
  return changes.map(alertEventOf);
}

/** The account's organisation copy when it is current; undefined when missing, stale or unreadable (Organizations is asked). */
function currentCopy(
  deps: AlarmDeps,
  accountId: string,
  now: Date,
  signal: AbortSignal,
): Promise<OrgCopyRecord | undefined> {
  const configured = new Set(deps.config.thresholds.organizationalUnits.map((o) => o.id));
  return currentCopyOf(deps.orgCopy, accountId, now, configured, deps.logger, signal);
}

function stopped(result: NotifyResult, outcome: DeliveryOutcome): Stopped {
  return { admitted: false, result, outcome };
}

function reject(
  deps: AlarmDeps,
  event: unknown,
  eventId: string | undefined,
  reason: string,
  now: Date,
  signal: AbortSignal,
): Promise<NotifyResult> {
  return rejectEvent(deps, event, eventId, reason, now, signal);
}

async function suppress(
  deps: AlarmDeps,
  alarm: BillingAlarm,
  reason: string,
  now: Date,
  signal: AbortSignal,
): Promise<Stopped> {
  deps.logger.info('suppressed', { reason });
  deps.metrics.addMetric('AlarmsSuppressed', MetricUnit.Count, 1);
  await deps.noise.countQuieted(alarm.accountId, alarm.rung, now.getTime(), signal);
  return stopped(
    { status: 'suppressed', reason, recipients: [], costExplorerRequests: 0 },
    { status: 'suppressed', reason, recipients: [], messageIds: [] },
  );
}
