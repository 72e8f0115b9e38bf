import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { PricingClient } from '@aws-sdk/client-pricing';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { fastBurnFor } from '../../contract/config/fast-burn-policy.js';
import type { Config } from '../../contract/config/schema.js';
import { policyFor } from '../../contract/config/thresholds.js';
import { getAccountFigures } from '../costs/account-figures.js';
import { basisOf } from '../costs/cost-basis.js';
import { RequestCounter } from '../costs/cost-queries.js';
import type { Deadlines } from '../deadline.js';
import { deliverRouted, onceOptions } from '../delivery/delivery-context.js';
import { noticeText } from '../email/notice.js';
import { renderHtml } from '../email/render.js';
import { NOTICE } from '../email/templates.generated.js';
import { failureCode } from '../failure.js';
import { findConfiguredOu } from '../org/account-ou.js';
import { readAccountTags } from '../org/account-tags.js';
import { checkMembership } from '../org/membership.js';
import type { NoticeResult } from '../publisher/automation-event.js';
import type { FastBurnDetail } from '../publisher/fast-burn-event.js';
import { found, missing, type Result, toError } from '../result.js';
import type { DeliveryLedger } from '../state/delivery-ledger.js';
import type { DeliveryOutcome } from '../state/delivery-records.js';
import { EstimateLog } from '../state/estimate-log.js';
import type { RejectionLog } from '../state/rejection-log.js';
import { replayedAnswer } from '../state/replayed-answer.js';
import { keyPart, StateTable } from '../state/table.js';
import { decideFastBurn, immaterialBelow, MATERIAL_SHARE } from './fast-burn.js';
import { keepEstimate } from './keep-estimate.js';
import { readLaunch } from './launch-event.js';
import {
  type Estimate,
  fastBurnDetail,
  launchChat,
  launchNotice,
  type PricedItem,
  whatOf,
} from './launch-notice.js';
import { recordInWindow } from './launch-window.js';
import { priceOf } from './price-cache.js';
import { priceQueryOf } from './price-queries.js';

/** What the launch path needs; the alarm Lambda's clients plus the Price List client. */
export interface LaunchDeps {
  readonly config: Config;
  readonly ce: CostExplorerClient;
  readonly ses: SESv2Client;
  readonly organizations: OrganizationsClient;
  readonly pricing: PricingClient;
  readonly dynamo: DynamoDBClient;
  readonly tableName: string;
  readonly ledger: DeliveryLedger;
  readonly rejections: RejectionLog;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly now: () => Date;
  readonly configurationSetName?: string;
  readonly confirmWindowMs?: number;
}

/** The outcome of one launch event, as `billing-alarms simulate` prints it. */
export interface LaunchResult extends NoticeResult {
  /** What the launch was priced at: who, what, the prices and their sources (also on `skipped`). */
  readonly estimate?: FastBurnDetail;
  /** For the publisher: the automation event, once. */
  readonly fastBurn?: FastBurnDetail;
}

/** One estimate per account and clock hour: later launches of the hour are counted, not mailed. */
const HOUR_CLAIM_TTL_SECONDS = 2 * 3600;

/**
 * Handles one forwarded launch: accepts it only from an active member of the organisation,
 * prices what it starts with the Price List API (cached), adds it to the account's launches of the
 * last hour, and mails one estimate — labelled as an estimate from launches, not billing data —
 * when they exceed `fastBurn.hourlyLimit` or would cross the next rung within
 * `fastBurn.horizonDays`. Anything else is `skipped` with the reason. A launch that cannot be
 * priced because the Price List API failed is mailed as such (once per account and hour), never
 * dropped in silence.
 */
export async function notifyLaunch(
  event: unknown,
  deps: LaunchDeps,
  invocation: { requestId: string; deadlines: Deadlines },
): Promise<LaunchResult> {
  const { config, logger, metrics } = deps;
  const now = deps.now();
  const none = { recipients: [], costExplorerRequests: 0 };
  const launch = readLaunch(event);
  if ('skipped' in launch) return skip(deps, launch.skipped);
  logger.appendKeys({ accountId: launch.accountId, eventId: launch.eventId, call: launch.call });
  const { bestEffort, mandatory } = invocation.deadlines;

  const member = await checkMembership(
    deps.organizations,
    deps.dynamo,
    deps.tableName,
    launch.accountId,
    now,
    bestEffort,
  );
  if (member.status === 'outside') {
    const reason = `account ${launch.accountId} is not an active member of the organisation: ${member.reason}`;
    await deps.rejections.record(launch.eventId, reason, event, now, mandatory);
    logger.warn('launch rejected', { reason });
    return { status: 'rejected', reason, ...none };
  }
  if (member.status === 'unknown')
    logger.warn('membership unknown; launch accepted', { reason: member.reason });

  const [ouId, tags] = await Promise.all([
    findConfiguredOu(deps.organizations, launch.accountId, config, bestEffort).catch((err: unknown) => {
      logger.warn('account OU unknown; the default fast-burn settings apply', { error: toError(err) });
      return undefined;
    }),
    readAccountTags(deps.organizations, launch.accountId, bestEffort).catch(() => undefined),
  ]);
  const fastBurn = fastBurnFor(config, launch.accountId, ouId);
  if (!fastBurn.enabled) return skip(deps, `fast-burn alerts are off for account ${launch.accountId}`);
  if (launch.items.length === 0 || launch.items.every((i) => i.priceAs === 'unpriced'))
    return skip(
      deps,
      `${launch.call} by ${launch.who}: not priced (${launch.unnamed ?? 'nothing to price'})`,
    );

  const table = new StateTable(deps.dynamo, deps.tableName);
  const items: PricedItem[] = await Promise.all(
    launch.items.map(async (item) => {
      const query = priceQueryOf(item, launch.region);
      return {
        item,
        price: query
          ? await priceOf({ table, pricing: deps.pricing, now: deps.now }, query, config.currency, bestEffort)
          : missing(launch.unnamed ?? 'not priced by this version'),
      };
    }),
  );
  const hourly = items.reduce(
    (sum, { item, price }) => sum + (price.ok ? price.value.perHour * item.count : 0),
    0,
  );
  const apiFailure = items.find(({ price }) => !price.ok && price.reason.startsWith('Price List API'));
  const unpriced = hourly === 0 && apiFailure && !apiFailure.price.ok ? apiFailure.price.reason : undefined;
  if (apiFailure) metrics.addMetric('LaunchesUnpriced', MetricUnit.Count, 1);
  if (hourly === 0 && !unpriced) {
    const reasons = items.flatMap(({ price }) => (price.ok ? [] : [price.reason]));
    return skip(deps, `${launch.call} by ${launch.who}: not priced (${reasons.join('; ')})`);
  }

  // A launch immaterial against the limit (1 %) is no fast burn, whatever else ran this hour.
  if (!unpriced && hourly < fastBurn.hourlyLimit * MATERIAL_SHARE)
    return skip(
      deps,
      `${launch.call} of ${whatOf(launch)} adds ${hourly.toFixed(4)} ${config.currency} an hour, below 1 % of the limit of ${fastBurn.hourlyLimit} an hour`,
    );
  const window = await recordInWindow(table, { ...launch, hourly }, now, mandatory);
  const { ladder } = policyFor(config, launch.accountId, ouId);
  const counter = new RequestCounter();
  // Cost Explorer is asked only when the launches could matter for a rung: a t3.micro costs no request.
  const monthToDate: Result<number> =
    window.hourly >= immaterialBelow(fastBurn, ladder) && !unpriced
      ? await getAccountFigures(deps.ce, launch.accountId, now, counter, bestEffort, basisOf(config)).then(
          (figures) => found(figures.current),
          (err: unknown) => missing(`Cost Explorer ${failureCode(err)}`),
        )
      : missing('not read: the launches are far below the limit and every rung');
  metrics.addMetric('CostExplorerRequests', MetricUnit.Count, counter.count);
  const decision = decideFastBurn({
    windowHourly: window.hourly,
    policy: fastBurn,
    ladder,
    monthToDate,
    now,
  });
  const estimate: Estimate = {
    launch,
    ...(member.status === 'member' && member.name ? { accountName: member.name } : {}),
    items,
    hourly,
    window,
    hourlyLimit: fastBurn.hourlyLimit,
    ...(decision.alert && decision.crossing ? { crossing: decision.crossing } : {}),
    monthToDate,
    ...(unpriced ? { unpriced } : {}),
  };
  const detail = fastBurnDetail(config, estimate);
  // Every priced launch in the window is kept for the report, mailed or not: billed hours of a type
  // include the launches of the hour that were counted but not mailed.
  if (!unpriced)
    await keepEstimate(new EstimateLog(deps.dynamo, deps.tableName), estimate, {
      currency: config.currency,
      alerted: decision.alert,
      now,
      logger,
      signal: bestEffort,
    });
  const counted = { costExplorerRequests: counter.count, estimate: detail };
  if (!decision.alert && !unpriced) {
    const result = skip(
      deps,
      `${launch.call} of ${detail.items.map((i) => `${i.type} × ${i.count}`).join(', ')} at ${hourly.toFixed(4)} ${config.currency} an hour: ${decision.reason}`,
    );
    return { ...result, ...counted };
  }

  const key = `launch#${keyPart(launch.eventId)}`;
  const once = await deps.ledger.once(
    key,
    onceOptions(deps, invocation, 'could not record the estimate in the ledger'),
    async () => {
      const hour = now.toISOString().slice(0, 13);
      const claimed = await table.conditionally(
        table.put(
          {
            Item: {
              id: `fastburn#${launch.accountId}#${hour}`,
              eventId: launch.eventId,
              expiration: Math.floor(now.getTime() / 1000) + HOUR_CLAIM_TTL_SECONDS,
            },
            ConditionExpression: 'attribute_not_exists(id) OR eventId = :e',
            ExpressionAttributeValues: { ':e': launch.eventId },
          },
          mandatory,
        ),
      );
      if (!claimed) {
        const reason = `an estimate for account ${launch.accountId} already went out in the hour from ${hour}:00Z; this launch is counted in its window`;
        const outcome: DeliveryOutcome = { status: 'suppressed', reason, recipients: [], messageIds: [] };
        return { outcome, value: { status: 'suppressed' as const, reason, ...none, ...counted } };
      }
      const vm = launchNotice(config, estimate);
      const { routing, delivered } = await deliverRouted(
        deps,
        config,
        { accountId: launch.accountId, ...(ouId ? { ouId } : {}), ...(tags ? { tags } : {}) },
        { subject: vm.subject, html: renderHtml(NOTICE, vm), text: noticeText(vm), kind: 'fast-burn' },
        key,
        invocation,
      );
      metrics.addMetric('FastBurnEstimatesSent', MetricUnit.Count, 1);
      logger.info('fast-burn estimate sent', {
        recipients: routing.recipients.length,
        hourly,
        window: window.hourly,
      });
      const outcome: DeliveryOutcome = {
        status: 'sent',
        recipients: routing.recipients,
        subject: vm.subject,
        messageIds: delivered.messageIds,
      };
      const chat = launchChat(config, estimate, vm, ouId);
      const value: LaunchResult = {
        status: 'sent',
        recipients: routing.recipients,
        subject: vm.subject,
        messageIds: delivered.messageIds,
        ...counted,
        fastBurn: detail,
        automationKey: key,
        ...(chat.length > 0 ? { chat, alarmMailedAt: now.toISOString() } : {}),
      };
      return { outcome, value };
    },
  );
  return once.replayed ? replayedAnswer(once.outcome, once.owner, invocation.requestId) : once.value;
}

/** A launch that calls for nothing, with the reason (logged and answered). */
function skip(deps: LaunchDeps, reason: string): LaunchResult {
  deps.logger.info('launch skipped', { reason });
  return { status: 'skipped', reason, recipients: [], costExplorerRequests: 0 };
}
