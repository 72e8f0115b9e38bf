import type { Logger } from '@aws-lambda-powertools/logger';
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Config } from '../../contract/config/schema.js';
import { rungSlug } from '../../contract/ladder.js';
import { getAccountFigures } from '../costs/account-figures.js';
import { basisOf } from '../costs/cost-basis.js';
import { RequestCounter } from '../costs/cost-queries.js';
import type { CostSnapshot } from '../costs/snapshot-schema.js';
import type { Deadlines } from '../deadline.js';
import { deliveryContext } from '../delivery/delivery-context.js';
import { deliverEmail } from '../delivery/mailer.js';
import { routeAlarm } from '../delivery/routing.js';
import { renderHtml } from '../email/render.js';
import { PACE_NOTICE } from '../email/templates.generated.js';
import { failureCode } from '../failure.js';
import type { AutomationDetail } from '../publisher/automation-event.js';
import { found, missing } from '../result.js';
import type { DeliveryLedger } from '../state/delivery-ledger.js';
import { PACE_DETAIL_LIMIT, type PaceAlert } from './pace.js';
import { NOT_READ, paceNoticeText, paceNoticeViewModel } from './pace-notice-view-model.js';

/** The automation event's detail for a mailed pace notice. */
export function forecastDetail(alert: PaceAlert, currency: string): AutomationDetail {
  return {
    accountId: alert.accountId,
    accountName: alert.accountName,
    tier: alert.rung,
    rung: alert.rung,
    threshold: alert.threshold,
    budget: alert.budget ?? null,
    estimatedCharges: null,
    monthToDate: alert.monthToDate,
    forecast: { amount: alert.forecast, method: 'monthAveragePace' },
    currency,
    topServices: [],
    eventId: `pace#${alert.accountId}#${alert.rung}#${alert.month}`,
  };
}

/** A month's pace notices are marked for 40 days: longer than any month. */
const MARK_SECONDS = 40 * 24 * 3600;

/** What the pace notices of one run ended in. */
export interface PaceNoticeOutcome {
  /** Notices mailed in this run. */
  readonly sent: number;
  /** The alerts whose notice this run mailed. */
  readonly mailed: PaceAlert[];
  /** Alerts already noticed this month (an earlier run). */
  readonly already: number;
  /** Alerts past the run's cap (`email.maxAlarmEmailsPerHour`): listed in the report only. */
  readonly capped: number;
  /** Cost Explorer requests the notices made (each mailed notice reads its account's figures). */
  readonly costExplorerRequests: number;
}

/** What sending needs. */
export interface PaceNoticeDeps {
  readonly config: Config;
  readonly ses: SESv2Client;
  readonly ledger: DeliveryLedger;
  readonly logger: Logger;
  readonly configurationSetName?: string;
  readonly now: () => Date;
  /** The mailer's confirmation window, when the local runner scales it. */
  readonly confirmWindowMs?: number;
  /** The account's services and daily usage for the notice (the alarm's one request per notice). */
  readonly ce: CostExplorerClient;
}

/**
 * One "on pace to cross" notice per account, tier and month, to the account's routing (central list,
 * configured OU and account owners): each delivered through the ledger under its own key (a retry
 * never re-sends) and then marked for the month. At most `email.maxAlarmEmailsPerHour` per run; the
 * rest are only listed in the report.
 */
export async function sendPaceNotices(
  deps: PaceNoticeDeps,
  alerts: readonly PaceAlert[],
  snapshot: CostSnapshot,
  ouOf: Readonly<Record<string, string>>,
  run: { requestId: string; deadlines: Deadlines },
): Promise<PaceNoticeOutcome> {
  const { config, logger } = deps;
  const cap = config.email.maxAlarmEmailsPerHour;
  let sent = 0;
  let already = 0;
  const mailed: PaceAlert[] = [];
  const counter = new RequestCounter();
  for (const alert of alerts) {
    // Delivered through the ledger (batches claimed, a retry never re-sends), then marked for the
    // month: delivery records expire after a week, a pace notice is once per month.
    const done = await deps.ledger.onceMarked(
      `pace#${alert.accountId}#${alert.rung}#${alert.month}`,
      { now: () => deps.now().getTime(), keepSeconds: MARK_SECONDS, signal: run.deadlines.mandatory },
      async () => {
        if (sent >= cap) return false;
        const detailed = sent < PACE_DETAIL_LIMIT;
        await deliverNotice(deps, alert, snapshot, ouOf[alert.accountId], run, detailed ? counter : null);
        return true;
      },
    );
    if (done === 'already') already++;
    if (done !== 'done') continue;
    sent++;
    mailed.push(alert);
  }
  const capped = Math.max(0, alerts.length - already - sent);
  if (capped > 0) logger.warn('pace notices capped for this run', { capped, cap });
  return { sent, mailed, already, capped, costExplorerRequests: counter.count };
}

/**
 * One pace notice, to the account's routing, through the ledger under the notice's key. The account's
 * services and daily chart are best effort: without them the notice says so and still goes out.
 */
async function deliverNotice(
  deps: PaceNoticeDeps,
  alert: PaceAlert,
  snapshot: CostSnapshot,
  ouId: string | undefined,
  run: { requestId: string; deadlines: Deadlines },
  /** Counts the figures' requests; null past {@link PACE_DETAIL_LIMIT}: the figures are not read. */
  counter: RequestCounter | null,
): Promise<void> {
  const { config } = deps;
  const figures = counter
    ? await getAccountFigures(
        deps.ce,
        alert.accountId,
        deps.now(),
        counter,
        run.deadlines.bestEffort,
        basisOf(config),
      ).then(found, (err: unknown) => missing(failureCode(err)))
    : missing(NOT_READ);
  const routing = routeAlarm(config, { accountId: alert.accountId, ...(ouId ? { ouId } : {}) });
  const vm = paceNoticeViewModel({ config, alert, snapshot, figures, routing });
  await deliverEmail(
    deps.ses,
    {
      from: config.email.sender,
      to: routing.recipients,
      subject: vm.subject,
      html: renderHtml(PACE_NOTICE, vm),
      text: paceNoticeText(vm),
      ...(deps.configurationSetName ? { configurationSetName: deps.configurationSetName } : {}),
      tags: { kind: 'pace', tier: rungSlug(alert.rung).replace('.', '_') },
    },
    deliveryContext(deps, `pace#${alert.accountId}#${alert.rung}#${alert.month}`, run),
  );
}
