import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { ServiceDrivers } from '../analysis/drivers.js';
import { type AccountFigures, getAccountFigures } from '../costs/account-figures.js';
import { basisOf } from '../costs/cost-basis.js';
import { RequestCounter } from '../costs/cost-queries.js';
import type { Deadlines } from '../deadline.js';
import { deliverRouted, onceOptions } from '../delivery/delivery-context.js';
import { formatter } from '../email/format.js';
import { translator } from '../email/messages.js';
import { renderHtml } from '../email/render.js';
import { ANOMALY_EMAIL } from '../email/templates.generated.js';
import { failureCode } from '../failure.js';
import { findConfiguredOu } from '../org/account-ou.js';
import { readAccountTags } from '../org/account-tags.js';
import { checkMembership, type Membership } from '../org/membership.js';
import type { AnomalyDetail } from '../publisher/anomaly-event.js';
import type { NoticeResult } from '../publisher/automation-event.js';
import { found, missing, type Result, toError } from '../result.js';
import type { RuntimeDeps } from '../runtime/runtime.js';
import type { AnomalyLedger } from '../state/anomaly-ledger.js';
import type { DeliveryLedger } from '../state/delivery-ledger.js';
import type { DeliveryOutcome } from '../state/delivery-records.js';
import type { NoiseControl } from '../state/noise.js';
import { currentCopyOf, type OrgCopy, type OrgCopyRecord } from '../state/org-copy.js';
import { type RejectionLog, rejectEvent } from '../state/rejection-log.js';
import { replayedAnswer } from '../state/replayed-answer.js';
import { keyPart } from '../state/table.js';
import { type Anomaly, readAnomaly } from './anomaly-event.js';
import { anomalyChat, anomalyDetail, anomalyText, anomalyViewModel } from './anomaly-notice.js';
import { type FeedbackLinkSource, feedbackLinks } from './feedback-links.js';

/** What the anomaly path needs: the alarm Lambda's clients and stores, and the drivers of the alarm path. */
export interface AnomalyDeps extends RuntimeDeps {
  readonly organizations: OrganizationsClient;
  readonly ledger: DeliveryLedger;
  readonly anomalies: AnomalyLedger;
  readonly noise: NoiseControl;
  readonly rejections: RejectionLog;
  readonly orgCopy?: Pick<OrgCopy, 'get'>;
  /** The account's typed drivers (the alarm's `accountDrivers`, from the same answer), when its month to date moved. */
  readonly drivers?: (figures: AccountFigures) => Result<ServiceDrivers[]> | undefined;
  readonly feedbackLinks?: FeedbackLinkSource;
}

/** The outcome of one anomaly event, as `billing-alarms simulate` prints it. */
export interface AnomalyResult extends NoticeResult {
  /** For the publisher: the automation event, once. */
  readonly anomaly?: AnomalyDetail;
}

/** The rung name anomalies are counted under for the report's quieted transitions. */
export const ANOMALY_RUNG = 'anomaly';

/**
 * Handles one forwarded "Anomaly Detected": the edge (shape, the management account's monitors,
 * `anomalies.monitors`), the organisation (its account must be a member: the organisation copy when
 * current, else Organizations; outside → `rejected`, recorded), `anomalies.minImpact`, then once per
 * anomaly and update through the ledger (`anomaly#<id>#<impact in cents>`: a replay is `duplicate`,
 * an update not larger than one already taken is `suppressed`), the organisation's hourly cap, owner
 * routing, the account's figures and drivers, and one email with AWS's root causes and feedback links.
 */
export async function notifyAnomaly(
  event: unknown,
  deps: AnomalyDeps,
  invocation: { requestId: string; deadlines: Deadlines },
): Promise<AnomalyResult> {
  const { config, logger, metrics } = deps;
  const now = deps.now();
  const { bestEffort, mandatory } = invocation.deadlines;
  const none = { recipients: [], costExplorerRequests: 0 };
  const anomalies = config.anomalies;
  const read = readAnomaly(event, {
    managementAccountId: config.organization.managementAccountId,
    monitors: anomalies?.monitors ?? [],
  });
  if ('rejected' in read) return rejectEvent(deps, event, read.eventId, read.rejected, now, mandatory);
  if (!anomalies) {
    const reason = 'anomalies are not configured (no anomalies: section)';
    logger.info('anomaly skipped', { reason });
    return { status: 'skipped', reason, ...none };
  }
  const a = read;
  logger.appendKeys({ accountId: a.accountId, anomalyId: a.anomalyId, eventId: a.eventId });

  const configured = new Set(config.thresholds.organizationalUnits.map((o) => o.id));
  const copy = await currentCopyOf(deps.orgCopy, a.accountId, now, configured, logger, bestEffort);
  const management = a.accountId === config.organization.managementAccountId;
  const member: Membership = management
    ? { status: 'member' }
    : copy
      ? { status: 'member', ...(copy.name ? { name: copy.name } : {}) }
      : await checkMembership(deps.organizations, deps.dynamo, deps.tableName, a.accountId, now, bestEffort);
  if (member.status === 'outside')
    return rejectEvent(
      deps,
      event,
      a.eventId,
      `account ${a.accountId} is not an active member of the organisation: ${member.reason}`,
      now,
      mandatory,
    );
  if (member.status === 'unknown')
    logger.warn('membership unknown; anomaly accepted', { reason: member.reason });
  if (a.impact.totalImpact < anomalies.minImpact) {
    const reason = `total impact ${a.impact.totalImpact.toFixed(2)} is below anomalies.minImpact ${anomalies.minImpact}`;
    logger.info('anomaly skipped', { reason });
    return { status: 'skipped', reason, ...none };
  }

  const cents = Math.round(a.impact.totalImpact * 100);
  const key = `anomaly#${keyPart(a.anomalyId)}#${cents}`;
  const once = await deps.ledger.once(
    key,
    onceOptions(deps, invocation, 'could not record the anomaly in the ledger'),
    async () => {
      const stop = (status: 'suppressed', reason: string) => {
        logger.info(`anomaly ${status}`, { reason });
        const outcome: DeliveryOutcome = { status, reason, recipients: [], messageIds: [] };
        return { outcome, value: { status, reason, ...none } as AnomalyResult };
      };
      const before = await deps.anomalies.get(a.anomalyId, mandatory);
      if (!(await deps.anomalies.takeUpdate(a.anomalyId, cents, key, now, mandatory)))
        return stop(
          'suppressed',
          `anomaly ${a.anomalyId} was already taken at an impact of ${((before?.takenCents ?? 0) / 100).toFixed(2)} or more; an update is news only when its impact grows`,
        );
      const cap = config.email.maxAlarmEmailsPerHour;
      if (!(await deps.noise.withinHourlyCap(key, cap, now.getTime(), mandatory))) {
        await deps.noise.countQuieted(a.accountId, ANOMALY_RUNG, now.getTime(), mandatory);
        metrics.addMetric('AnomaliesSuppressed', MetricUnit.Count, 1);
        return stop('suppressed', `the organisation-wide cap of ${cap} alarm emails this hour is reached`);
      }
      const grown = before?.takenCents !== undefined && before.takenKey !== key;
      return deliver(deps, a, member, copy, { key, grown, now, invocation });
    },
  );
  return once.replayed ? replayedAnswer(once.outcome, once.owner, invocation.requestId) : once.value;
}

/** Routes, enriches and mails one taken update of an anomaly; the answer carries the chat and the automation detail. */
async function deliver(
  deps: AnomalyDeps,
  a: Anomaly,
  member: Membership,
  copy: OrgCopyRecord | undefined,
  ctx: { key: string; grown: boolean; now: Date; invocation: { requestId: string; deadlines: Deadlines } },
): Promise<{ outcome: DeliveryOutcome; value: AnomalyResult }> {
  const { config, logger, metrics } = deps;
  const { bestEffort } = ctx.invocation.deadlines;
  const [ouId, tags] = await Promise.all([
    copy
      ? Promise.resolve(copy.ouId)
      : findConfiguredOu(deps.organizations, a.accountId, config, bestEffort).catch((err: unknown) => {
          logger.warn('account OU unknown; the central recipients get the anomaly', { error: toError(err) });
          return undefined;
        }),
    copy?.tags
      ? Promise.resolve(copy.tags)
      : readAccountTags(deps.organizations, a.accountId, bestEffort).catch(() => undefined),
  ]);
  const counter = new RequestCounter();
  const figures: Result<AccountFigures> = await getAccountFigures(
    deps.ce,
    a.accountId,
    ctx.now,
    counter,
    bestEffort,
    basisOf(config),
  ).then(
    (value) => found(value),
    (err: unknown) => missing(`Cost Explorer ${failureCode(err)}`),
  );
  const drivers = figures.ok && deps.drivers ? deps.drivers(figures.value) : undefined;
  metrics.addMetric('CostExplorerRequests', MetricUnit.Count, counter.count);
  const t = translator(config.locale);
  const links = await feedbackLinks(
    deps.feedbackLinks,
    {
      accountId: a.accountId,
      anomalyId: a.anomalyId,
      now: ctx.now,
      t,
      dateTime: formatter(config.locale, config.currency, config.timeZone).dateTime,
    },
    (message, detail) => logger.warn(message, detail),
  );
  const accountName = member.status === 'member' && member.name ? member.name : a.accountName;
  const facts = {
    anomaly: a,
    ...(accountName ? { accountName } : {}),
    figures,
    ...(drivers ? { drivers } : {}),
    links,
    grown: ctx.grown,
  };
  const vm = anomalyViewModel(config, facts);
  const { routing, delivered } = await deliverRouted(
    deps,
    config,
    { accountId: a.accountId, ...(ouId ? { ouId } : {}), ...(tags ? { tags } : {}) },
    { subject: vm.subject, html: renderHtml(ANOMALY_EMAIL, vm), text: anomalyText(vm), kind: 'anomaly' },
    ctx.key,
    ctx.invocation,
  );
  metrics.addMetric('AnomaliesSent', MetricUnit.Count, 1);
  logger.info('anomaly sent', { recipients: routing.recipients.length, impact: a.impact.totalImpact });
  const chat = anomalyChat(config, facts, vm, ouId);
  return {
    outcome: {
      status: 'sent',
      recipients: routing.recipients,
      subject: vm.subject,
      messageIds: delivered.messageIds,
    },
    value: {
      status: 'sent',
      recipients: routing.recipients,
      subject: vm.subject,
      messageIds: delivered.messageIds,
      costExplorerRequests: counter.count,
      anomaly: anomalyDetail(config, facts, ctx.key),
      automationKey: ctx.key,
      ...(chat.length > 0 ? { chat, alarmMailedAt: ctx.now.toISOString() } : {}),
    },
  };
}
